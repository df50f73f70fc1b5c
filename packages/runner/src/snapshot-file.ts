import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Snapshot, SnapshotArray } from '@scall/spec';

const MAGIC = 'SCALLSNP1\n';
const TYPES = {
  float32: Float32Array,
  float64: Float64Array,
  int32: Int32Array,
  uint32: Uint32Array,
  uint16: Uint16Array,
  uint8: Uint8Array,
} as const;
type DType = keyof typeof TYPES;

function dtypeOf(array: SnapshotArray): DType {
  for (const [name, ctor] of Object.entries(TYPES)) if (array instanceof ctor) return name as DType;
  throw new TypeError(`Unsupported snapshot array type ${Object.prototype.toString.call(array)}`);
}

/**
 * Encodes a {@link Snapshot} as bytes: the magic line `SCALLSNP1`, a 4-byte little-endian
 * header length, a JSON header (`kind`, `meta`, and per array its name, dtype, byte
 * offset and length), then the arrays, each 8-byte aligned.
 */
export function encodeSnapshot(snapshot: Snapshot): Uint8Array {
  const entries: { name: string; dtype: DType; offset: number; length: number }[] = [];
  let offset = 0;
  for (const [name, array] of Object.entries(snapshot.arrays)) {
    entries.push({ name, dtype: dtypeOf(array), offset, length: array.length });
    offset += Math.ceil(array.byteLength / 8) * 8;
  }
  const header = new TextEncoder().encode(JSON.stringify({ kind: snapshot.kind, meta: snapshot.meta, arrays: entries }));
  const headerPadded = Math.ceil((MAGIC.length + 4 + header.length) / 8) * 8;
  const bytes = new Uint8Array(headerPadded + offset);
  bytes.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(bytes.buffer).setUint32(MAGIC.length, header.length, true);
  bytes.set(header, MAGIC.length + 4);
  for (const entry of entries) {
    const array = snapshot.arrays[entry.name];
    bytes.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), headerPadded + entry.offset);
  }
  return bytes;
}

/** Decodes bytes written by {@link encodeSnapshot}; `source` names the file in errors. */
export function decodeSnapshot(bytes: Uint8Array, source = 'snapshot'): Snapshot {
  const magic = new TextDecoder().decode(bytes.subarray(0, MAGIC.length));
  if (magic !== MAGIC) throw new Error(`${source}: not a SCALL snapshot (bad magic)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(MAGIC.length, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(MAGIC.length + 4, MAGIC.length + 4 + headerLength))) as {
    kind: string;
    meta: Snapshot['meta'];
    arrays: { name: string; dtype: DType; offset: number; length: number }[];
  };
  const base = Math.ceil((MAGIC.length + 4 + headerLength) / 8) * 8;
  const arrays: Record<string, SnapshotArray> = {};
  for (const entry of header.arrays) {
    const ctor = TYPES[entry.dtype];
    if (!ctor) throw new Error(`${source}: array "${entry.name}" has unknown dtype "${entry.dtype}"`);
    const start = base + entry.offset;
    const end = start + entry.length * ctor.BYTES_PER_ELEMENT;
    if (end > bytes.length) throw new Error(`${source}: array "${entry.name}" is truncated`);
    // Copy so the array owns aligned memory.
    arrays[entry.name] = new ctor(bytes.slice(start, end).buffer);
  }
  return { kind: header.kind, meta: header.meta, arrays };
}

/** Writes a snapshot file atomically (temporary file, then rename). */
export async function writeSnapshotFile(path: string, snapshot: Snapshot): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.tmp`;
  await writeFile(tmp, encodeSnapshot(snapshot));
  await rename(tmp, path);
}

/** Reads a snapshot file written by {@link writeSnapshotFile}. */
export async function readSnapshotFile(path: string): Promise<Snapshot> {
  return decodeSnapshot(new Uint8Array(await readFile(path)), path);
}
