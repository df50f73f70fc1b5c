import { crc32Hex } from './crc32.js';
import { EmbeddingTable } from './embedding-table.js';
import { decodeFrame, encodeFrame, isFramed } from './frame.js';
import { FrameError } from './frame-error.js';

/** The format tag written into every exported table's header. */
export const TABLE_FORMAT = 'scall-embedding-table/v2';

/** The format of tables exported before the shared framing; still read. */
export const TABLE_FORMAT_V1 = 'scall-embedding-table/v1';

const MAGIC_V1 = 'SCALLEMB';

/**
 * The JSON header of an exported table. A table is a SCALL frame (see `encodeFrame`:
 * magic `SCALLFRM`, lengths, CRC-32 of prelude, header and payload) whose header is this
 * object and whose payload is the packed values, float32 little-endian, entity after
 * entity (4 x `total` bytes).
 *
 * Tables of the older `scall-embedding-table/v1` format (magic `SCALLEMB`, header
 * length, header, values; only the values checksummed) are still read.
 */
export interface TableHeader {
  readonly format: typeof TABLE_FORMAT | typeof TABLE_FORMAT_V1;
  readonly dtype: 'float32';
  /** External id of each entity (defaults to its dense index). */
  readonly ids: readonly (number | string)[];
  /** Size of each entity, same order as `ids`. */
  readonly sizes: readonly number[];
  /** Sum of sizes: the number of packed values. */
  readonly total: number;
  /** CRC-32 (IEEE) of the packed value bytes, 8 lowercase hex digits. */
  readonly checksum: string;
  /** Free-form JSON description (e.g. `{ kind: "items", segment: 3 }`). */
  readonly meta?: { readonly [key: string]: unknown };
}

/** Options of {@link encodeEmbeddingTable}. */
export interface EncodeOptions {
  /** External ids, one per entity; defaults to 0..n-1. */
  readonly ids?: readonly (number | string)[];
  /** Anything JSON to carry in the header. */
  readonly meta?: { readonly [key: string]: unknown };
}

function valueBytes(values: Float32Array): Uint8Array {
  const little = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  const bytes = new Uint8Array(values.byteLength);
  if (little) {
    bytes.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
  } else {
    const view = new DataView(bytes.buffer);
    for (let i = 0; i < values.length; i++) view.setFloat32(4 * i, values[i], true);
  }
  return bytes;
}

/**
 * Serialises a table into the documented binary format ({@link TableHeader}, in the
 * shared SCALL frame) so a budgeted table can be served elsewhere.
 *
 * @example
 * writeFileSync('items.semb', encodeEmbeddingTable(table, { meta: { kind: 'items' } }));
 */
export function encodeEmbeddingTable(table: EmbeddingTable, options: EncodeOptions = {}): Uint8Array {
  const ids = options.ids ?? Array.from({ length: table.count }, (_, e) => e);
  if (ids.length !== table.count) throw new RangeError(`encodeEmbeddingTable: ${ids.length} ids for ${table.count} entities`);
  const payload = valueBytes(table.values);
  const header: TableHeader = {
    format: TABLE_FORMAT,
    dtype: 'float32',
    ids: [...ids],
    sizes: Array.from(table.sizes),
    total: table.values.length,
    checksum: crc32Hex(payload),
    ...(options.meta ? { meta: options.meta } : {}),
  };
  return encodeFrame(header, payload);
}

/** What {@link decodeEmbeddingTable} returns. */
export interface DecodedTable {
  readonly table: EmbeddingTable;
  readonly header: TableHeader;
}

function checkHeader(header: TableHeader, fail: (what: string) => never): Int32Array {
  if (header.dtype !== 'float32') fail(`header dtype "${header.dtype}" is not supported (only float32)`);
  if (!Array.isArray(header.sizes) || !Array.isArray(header.ids) || header.ids.length !== header.sizes.length) {
    fail(`header needs equally long "ids" and "sizes" arrays`);
  }
  const sizes = Int32Array.from(header.sizes);
  let total = 0;
  for (let e = 0; e < sizes.length; e++) {
    if (!(Number.isInteger(header.sizes[e]) && header.sizes[e] >= 0)) fail(`header sizes[${e}] = ${header.sizes[e]} is not a non-negative integer`);
    total += sizes[e];
  }
  if (total !== header.total) fail(`header total ${header.total} differs from the sum of sizes ${total}`);
  return sizes;
}

function readValues(payload: Uint8Array, total: number): Float32Array {
  const values = new Float32Array(total);
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  for (let i = 0; i < total; i++) values[i] = view.getFloat32(4 * i, true);
  return values;
}

function decodeV1(bytes: Uint8Array, fail: (what: string) => never): DecodedTable {
  if (bytes.length < 12) fail(`only ${bytes.length} bytes, too short for a ${TABLE_FORMAT_V1} file`);
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(8, true);
  if (12 + headerLength > bytes.length) fail(`header length ${headerLength} runs past the end of the ${bytes.length}-byte input`);
  let header: TableHeader;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + headerLength))) as TableHeader;
  } catch (error) {
    return fail(`header is not valid JSON (${(error as Error).message})`);
  }
  if (header.format !== TABLE_FORMAT_V1) fail(`header format "${header.format}" is not "${TABLE_FORMAT_V1}"`);
  const sizes = checkHeader(header, fail);
  const start = 12 + headerLength;
  if (bytes.length - start !== 4 * header.total) fail(`expected ${4 * header.total} value bytes after the header, found ${bytes.length - start}`);
  const payload = bytes.subarray(start);
  const checksum = crc32Hex(payload);
  if (checksum !== header.checksum) fail(`checksum mismatch: header says ${header.checksum}, values hash to ${checksum}`);
  return { table: new EmbeddingTable(sizes, readValues(payload, header.total)), header };
}

/**
 * Reads a table written by {@link encodeEmbeddingTable} (or an older v1 table),
 * verifying the frame's checksums (prelude, header and values), the header and the
 * length. Errors are {@link FrameError}s that name `source` (e.g. the file name) and the
 * field at fault; `code` is `"corrupt"` for damaged bytes, `"truncated"`, `"not-framed"`
 * or `"format"`.
 *
 * @example
 * const { table, header } = decodeEmbeddingTable(readFileSync('items.semb'), 'items.semb');
 */
export function decodeEmbeddingTable(bytes: Uint8Array, source = 'embedding table'): DecodedTable {
  const fail = (what: string): never => {
    throw new FrameError(source, 'corrupt', what);
  };
  if (!isFramed(bytes)) {
    const magic = new TextDecoder().decode(bytes.subarray(0, 8));
    if (magic === MAGIC_V1) return decodeV1(bytes, fail);
    throw new FrameError(source, bytes.length < 8 ? 'truncated' : 'not-framed', `bad magic "${magic}" (expected "SCALLFRM", or "${MAGIC_V1}" for a v1 table)`);
  }
  const { header, payload } = decodeFrame<TableHeader & { format: string }>(bytes, source, TABLE_FORMAT);
  const sizes = checkHeader(header, fail);
  if (payload.length !== 4 * header.total) fail(`expected ${4 * header.total} value bytes after the header, found ${payload.length}`);
  const checksum = crc32Hex(payload);
  if (checksum !== header.checksum) fail(`checksum mismatch: header says ${header.checksum}, values hash to ${checksum}`);
  return { table: new EmbeddingTable(sizes, readValues(payload, header.total)), header };
}
