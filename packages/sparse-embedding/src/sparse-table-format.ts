import { crc32 } from '@scall/embedding-table';
import { indexBytesPerEntry } from '@scall/spec';
import { SparseEmbeddingTable } from './sparse-table.js';

/** Magic and version of the sparse table binary format. */
export const SPARSE_TABLE_FORMAT = { magic: 'SCSPARSE', version: 1 } as const;

const HEADER_BYTES = 8 + 4 * 5; // magic, version, maxSize, entities, active, index width

/**
 * Encodes a sparse table as bytes (little-endian): magic `SCSPARSE`, version, maxSize,
 * entity count, active count, index width (u32 each); per-entity counts (int32); the
 * indices (1, 2 or 4 bytes each); the float32 values; a CRC-32 of everything before.
 * Nothing MAX-wide is written: `28 + 4 * entities + (index width + 4) * active + 4` bytes.
 *
 * @example
 * const bytes = encodeSparseTable(model.table('users'));
 * const back = decodeSparseTable(bytes);
 */
export function encodeSparseTable(table: SparseEmbeddingTable): Uint8Array {
  const width = indexBytesPerEntry(table.maxSize);
  const n = table.count;
  const active = table.parameters;
  const size = HEADER_BYTES + 4 * n + width * active + 4 * active + 4;
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  for (let k = 0; k < 8; k++) bytes[k] = SPARSE_TABLE_FORMAT.magic.charCodeAt(k);
  let o = 8;
  for (const v of [SPARSE_TABLE_FORMAT.version, table.maxSize, n, active, width]) {
    view.setUint32(o, v, true);
    o += 4;
  }
  for (let e = 0; e < n; e++, o += 4) view.setInt32(o, table.counts[e], true);
  for (let k = 0; k < active; k++, o += width) {
    const d = table.indices[k];
    if (width === 1) view.setUint8(o, d);
    else if (width === 2) view.setUint16(o, d, true);
    else view.setUint32(o, d, true);
  }
  for (let k = 0; k < active; k++, o += 4) view.setFloat32(o, table.values[k], true);
  view.setUint32(o, crc32(bytes.subarray(0, o)), true);
  return bytes;
}

/** Decodes {@link encodeSparseTable}'s bytes; throws naming what is wrong (magic, version, size, checksum, counts). */
export function decodeSparseTable(bytes: Uint8Array): SparseEmbeddingTable {
  if (bytes.length < HEADER_BYTES + 4) throw new RangeError(`decodeSparseTable: ${bytes.length} bytes is shorter than the header`);
  const magic = String.fromCharCode(...bytes.subarray(0, 8));
  if (magic !== SPARSE_TABLE_FORMAT.magic) throw new RangeError(`decodeSparseTable: magic is "${magic}", expected "${SPARSE_TABLE_FORMAT.magic}"`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const [version, maxSize, n, active, width] = [0, 1, 2, 3, 4].map((k) => view.getUint32(8 + 4 * k, true));
  if (version !== SPARSE_TABLE_FORMAT.version) throw new RangeError(`decodeSparseTable: format version ${version} is not supported (expected ${SPARSE_TABLE_FORMAT.version})`);
  if (width !== indexBytesPerEntry(maxSize)) throw new RangeError(`decodeSparseTable: index width ${width} does not match maxSize ${maxSize}`);
  const expected = HEADER_BYTES + 4 * n + width * active + 4 * active + 4;
  if (bytes.length !== expected) throw new RangeError(`decodeSparseTable: ${bytes.length} bytes, expected ${expected} for ${n} entities and ${active} active values`);
  const end = expected - 4;
  const stored = view.getUint32(end, true);
  const actual = crc32(bytes.subarray(0, end));
  if (stored !== actual) throw new RangeError(`decodeSparseTable: checksum mismatch (stored ${stored}, computed ${actual})`);
  let o = HEADER_BYTES;
  const counts = new Int32Array(n);
  const offsets = new Float64Array(n + 1);
  for (let e = 0; e < n; e++, o += 4) {
    counts[e] = view.getInt32(o, true);
    offsets[e + 1] = offsets[e] + counts[e];
  }
  if (offsets[n] !== active) throw new RangeError(`decodeSparseTable: counts sum to ${offsets[n]}, the header says ${active}`);
  const indices = width === 1 ? new Uint8Array(active) : width === 2 ? new Uint16Array(active) : new Uint32Array(active);
  for (let k = 0; k < active; k++, o += width) indices[k] = width === 1 ? view.getUint8(o) : width === 2 ? view.getUint16(o, true) : view.getUint32(o, true);
  const values = new Float32Array(active);
  for (let k = 0; k < active; k++, o += 4) values[k] = view.getFloat32(o, true);
  return new SparseEmbeddingTable(maxSize, { counts, offsets, indices }, values);
}
