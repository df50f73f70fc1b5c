import { readFile } from 'node:fs/promises';
import { decodeFrame, encodeFrame, FrameError } from '@scall/embedding-table';
import type { Snapshot, SnapshotArray } from '@scall/spec';
import { writeFileAtomic } from './checkpoint-fs.js';

/** The content format of snapshot frames. */
export const SNAPSHOT_FORMAT = 'scall-snapshot/v2';

const TYPES = {
  float32: Float32Array,
  float64: Float64Array,
  int32: Int32Array,
  uint32: Uint32Array,
  uint16: Uint16Array,
  uint8: Uint8Array,
} as const;
type DType = keyof typeof TYPES;

interface ArrayEntry {
  readonly name: string;
  readonly dtype: DType;
  /** Byte offset in the payload (a multiple of 8). */
  readonly offset: number;
  /** Elements. */
  readonly length: number;
}

interface SnapshotHeader {
  readonly format: typeof SNAPSHOT_FORMAT;
  readonly kind: string;
  readonly meta: Snapshot['meta'];
  readonly arrays: readonly ArrayEntry[];
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function dtypeOf(array: SnapshotArray): DType {
  for (const [name, ctor] of Object.entries(TYPES)) if (array instanceof ctor) return name as DType;
  throw new TypeError(`Unsupported snapshot array type ${Object.prototype.toString.call(array)}`);
}

/**
 * Encodes a {@link Snapshot} as bytes in the shared SCALL frame (`encodeFrame` of
 * `@scall/embedding-table`: magic, lengths and CRC-32s of prelude, header and payload).
 * The frame's header is `{ format: "scall-snapshot/v2", kind, meta, arrays }` with, per
 * array, its name, dtype, byte offset and length; the payload holds the arrays,
 * little-endian, each 8-byte aligned.
 */
export function encodeSnapshot(snapshot: Snapshot): Uint8Array {
  if (!LITTLE_ENDIAN) throw new Error('encodeSnapshot: snapshots are little-endian; this platform is big-endian');
  const arrays: ArrayEntry[] = [];
  let offset = 0;
  for (const [name, array] of Object.entries(snapshot.arrays)) {
    arrays.push({ name, dtype: dtypeOf(array), offset, length: array.length });
    offset += Math.ceil(array.byteLength / 8) * 8;
  }
  const payload = new Uint8Array(offset);
  for (const entry of arrays) {
    const array = snapshot.arrays[entry.name];
    payload.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), entry.offset);
  }
  const header: SnapshotHeader = { format: SNAPSHOT_FORMAT, kind: snapshot.kind, meta: snapshot.meta, arrays };
  return encodeFrame(header, payload);
}

/**
 * Decodes bytes written by {@link encodeSnapshot}; `source` names the file in errors.
 * Any damage (a flipped byte, a truncation, trailing bytes) or another format throws a
 * `FrameError` (from `@scall/embedding-table`) naming `source`.
 */
export function decodeSnapshot(bytes: Uint8Array, source = 'snapshot'): Snapshot {
  if (new TextDecoder().decode(bytes.subarray(0, 9)) === 'SCALLSNP1') {
    throw new FrameError(source, 'format', 'a snapshot of the older format v1 (no checksums), no longer read; write it again');
  }
  const { header, payload } = decodeFrame<SnapshotHeader>(bytes, source, SNAPSHOT_FORMAT);
  const fail = (problem: string): never => {
    throw new FrameError(source, 'format', problem);
  };
  if (typeof header.kind !== 'string' || !Array.isArray(header.arrays)) fail('snapshot header needs "kind" and "arrays"');
  const arrays: Record<string, SnapshotArray> = {};
  for (const entry of header.arrays) {
    const ctor = TYPES[entry.dtype];
    if (!ctor) fail(`array "${entry.name}" has unknown dtype "${entry.dtype}"`);
    const start = entry.offset;
    const end = start + entry.length * ctor.BYTES_PER_ELEMENT;
    if (!(Number.isInteger(start) && start >= 0 && Number.isInteger(entry.length) && entry.length >= 0) || end > payload.length) {
      fail(`array "${entry.name}" (offset ${start}, ${entry.length} elements) lies outside the ${payload.length}-byte payload`);
    }
    // Copy so the array owns aligned memory.
    arrays[entry.name] = new ctor(payload.slice(start, end).buffer);
  }
  return { kind: header.kind, meta: header.meta, arrays };
}

/** Writes a snapshot file atomically (temporary file, flushed to disk, then rename). */
export async function writeSnapshotFile(path: string, snapshot: Snapshot): Promise<void> {
  await writeFileAtomic(path, encodeSnapshot(snapshot));
}

/** Reads a snapshot file written by {@link writeSnapshotFile}. */
export async function readSnapshotFile(path: string): Promise<Snapshot> {
  return decodeSnapshot(new Uint8Array(await readFile(path)), path);
}
