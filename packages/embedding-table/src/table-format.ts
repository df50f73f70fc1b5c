import { crc32 } from './crc32.js';
import { EmbeddingTable } from './embedding-table.js';

/** The format tag written into every exported table's header. */
export const TABLE_FORMAT = 'scall-embedding-table/v1';

const MAGIC = 'SCALLEMB';

/**
 * The JSON header of an exported table. The binary layout is:
 *
 * | bytes | content |
 * |---|---|
 * | 8 | ASCII magic `SCALLEMB` |
 * | 4 | header length H, uint32 little-endian |
 * | H | this header, UTF-8 JSON, space-padded so the values start at a multiple of 4 |
 * | 4 x total | the packed values, float32 little-endian, entity after entity |
 */
export interface TableHeader {
  readonly format: typeof TABLE_FORMAT;
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
 * Serialises a table into the documented binary format ({@link TableHeader}) so a
 * budgeted table can be served elsewhere.
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
    checksum: crc32(payload).toString(16).padStart(8, '0'),
    ...(options.meta ? { meta: options.meta } : {}),
  };
  let json = new TextEncoder().encode(JSON.stringify(header));
  const pad = (4 - ((12 + json.length) % 4)) % 4;
  if (pad) json = new TextEncoder().encode(JSON.stringify(header) + ' '.repeat(pad));
  const out = new Uint8Array(12 + json.length + payload.length);
  out.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(8, json.length, true);
  out.set(json, 12);
  out.set(payload, 12 + json.length);
  return out;
}

/** What {@link decodeEmbeddingTable} returns. */
export interface DecodedTable {
  readonly table: EmbeddingTable;
  readonly header: TableHeader;
}

/**
 * Reads a table written by {@link encodeEmbeddingTable}, verifying the magic, the
 * header, the length and the CRC-32 checksum; errors name the field at fault and
 * `source` (e.g. the file name).
 *
 * @example
 * const { table, header } = decodeEmbeddingTable(readFileSync('items.semb'), 'items.semb');
 */
export function decodeEmbeddingTable(bytes: Uint8Array, source = 'embedding table'): DecodedTable {
  const fail = (what: string): never => {
    throw new Error(`${source}: ${what}`);
  };
  if (bytes.length < 12) fail(`only ${bytes.length} bytes, too short for a ${TABLE_FORMAT} file`);
  const magic = new TextDecoder().decode(bytes.subarray(0, 8));
  if (magic !== MAGIC) fail(`bad magic "${magic}" (expected "${MAGIC}")`);
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(8, true);
  if (12 + headerLength > bytes.length) fail(`header length ${headerLength} runs past the end of the ${bytes.length}-byte input`);
  let header: TableHeader;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + headerLength))) as TableHeader;
  } catch (error) {
    return fail(`header is not valid JSON (${(error as Error).message})`);
  }
  if (header.format !== TABLE_FORMAT) fail(`header format "${header.format}" is not "${TABLE_FORMAT}"`);
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
  const start = 12 + headerLength;
  if (bytes.length - start !== 4 * total) fail(`expected ${4 * total} value bytes after the header, found ${bytes.length - start}`);
  const payload = bytes.subarray(start);
  const checksum = crc32(payload).toString(16).padStart(8, '0');
  if (checksum !== header.checksum) fail(`checksum mismatch: header says ${header.checksum}, values hash to ${checksum}`);
  const values = new Float32Array(total);
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  for (let i = 0; i < total; i++) values[i] = view.getFloat32(4 * i, true);
  return { table: new EmbeddingTable(sizes, values), header };
}
