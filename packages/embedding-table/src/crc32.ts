let table: Uint32Array | undefined;

function crcTable(): Uint32Array {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  return table;
}

/**
 * CRC-32 (IEEE 802.3, as zlib / PNG / `cksum -a crc32b`) of `bytes`, as an unsigned
 * integer. Pass the CRC of the bytes before as `previous` to continue it:
 * `crc32(b, crc32(a))` equals the CRC of `a` followed by `b` (as zlib's `crc32(data, value)`).
 *
 * @example
 * crc32(new TextEncoder().encode('123456789')); // 0xcbf43926
 * crc32(new TextEncoder().encode('6789'), crc32(new TextEncoder().encode('12345'))); // 0xcbf43926
 */
export function crc32(bytes: Uint8Array, previous = 0): number {
  const t = crcTable();
  let crc = (previous ^ 0xffffffff) >>> 0;
  for (let i = 0; i < bytes.length; i++) crc = t[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** `crc32` as 8 lowercase hex digits, the form SCALL files record checksums in. */
export function crc32Hex(bytes: Uint8Array, previous = 0): string {
  return crc32(bytes, previous).toString(16).padStart(8, '0');
}
