import { crc32 } from './crc32.js';
import { FrameError } from './frame-error.js';

/** The 8 ASCII bytes every framed SCALL file starts with. */
export const FRAME_MAGIC = 'SCALLFRM';

/** Bytes before the header. */
export const FRAME_PRELUDE_BYTES = 32;

/** A frame's JSON header: `format` names the content; the rest is the content's own. */
export interface FrameHeader {
  /** Content format and version, e.g. `"scall-embedding-table/v2"`. */
  readonly format: string;
}

/** What {@link decodeFrame} returns. */
export interface DecodedFrame<H extends FrameHeader = FrameHeader> {
  readonly header: H;
  /** The payload bytes (a view into the input). */
  readonly payload: Uint8Array;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Frames a JSON header and a binary payload so that any damage is detected on reading.
 * The layout (all integers little-endian):
 *
 * | offset | bytes | content |
 * |---|---|---|
 * | 0 | 8 | ASCII magic `SCALLFRM` |
 * | 8 | 4 | header length H (uint32) |
 * | 12 | 4 | CRC-32 of the header bytes |
 * | 16 | 8 | payload length P (uint64) |
 * | 24 | 4 | CRC-32 of the payload bytes |
 * | 28 | 4 | CRC-32 of bytes 0–27 (the prelude) |
 * | 32 | H | header, UTF-8 JSON, space-padded so the payload starts at a multiple of 8 |
 * | 32 + H | P | payload |
 *
 * The file is exactly 32 + H + P bytes. Exported embedding tables and the runner's
 * snapshots both use this framing.
 *
 * @example
 * const bytes = encodeFrame({ format: 'my-format/v1', n: 3 }, new Uint8Array([1, 2, 3]));
 * decodeFrame(bytes, 'x.bin', 'my-format/v1').payload; // Uint8Array [1, 2, 3]
 */
export function encodeFrame(header: FrameHeader, payload: Uint8Array): Uint8Array {
  if (typeof header.format !== 'string' || header.format === '') throw new TypeError('encodeFrame: header.format must be a non-empty string');
  const json = JSON.stringify(header);
  const unpadded = encoder.encode(json).length;
  const pad = (8 - ((FRAME_PRELUDE_BYTES + unpadded) % 8)) % 8;
  const headerBytes = encoder.encode(json + ' '.repeat(pad));
  const out = new Uint8Array(FRAME_PRELUDE_BYTES + headerBytes.length + payload.length);
  const view = new DataView(out.buffer);
  out.set(encoder.encode(FRAME_MAGIC), 0);
  view.setUint32(8, headerBytes.length, true);
  view.setUint32(12, crc32(headerBytes), true);
  view.setBigUint64(16, BigInt(payload.length), true);
  view.setUint32(24, crc32(payload), true);
  view.setUint32(28, crc32(out.subarray(0, 28)), true);
  out.set(headerBytes, FRAME_PRELUDE_BYTES);
  out.set(payload, FRAME_PRELUDE_BYTES + headerBytes.length);
  return out;
}

/** Whether `bytes` starts with the frame magic (it may still be damaged). */
export function isFramed(bytes: Uint8Array): boolean {
  if (bytes.length < FRAME_MAGIC.length) return false;
  for (let i = 0; i < FRAME_MAGIC.length; i++) if (bytes[i] !== FRAME_MAGIC.charCodeAt(i)) return false;
  return true;
}

/**
 * Reads a frame written by {@link encodeFrame}, verifying the magic, the lengths and all
 * three checksums, and (when `format` is given) that the header's `format` is one of
 * those expected. Throws a {@link FrameError} naming `source` and the problem.
 */
export function decodeFrame<H extends FrameHeader = FrameHeader>(bytes: Uint8Array, source: string, format?: string | readonly string[]): DecodedFrame<H> {
  const fail = (code: FrameError['code'], problem: string): never => {
    throw new FrameError(source, code, problem);
  };
  if (!isFramed(bytes)) {
    fail(bytes.length < FRAME_MAGIC.length ? 'truncated' : 'not-framed', bytes.length < FRAME_MAGIC.length ? `only ${bytes.length} bytes, too short for a SCALL file` : `not a SCALL file (bad magic, expected "${FRAME_MAGIC}")`);
  }
  if (bytes.length < FRAME_PRELUDE_BYTES) fail('truncated', `only ${bytes.length} bytes, shorter than the ${FRAME_PRELUDE_BYTES}-byte prelude`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(28, true) !== crc32(bytes.subarray(0, 28))) fail('corrupt', 'prelude checksum mismatch (the length fields are damaged)');
  const headerLength = view.getUint32(8, true);
  const payloadLength = Number(view.getBigUint64(16, true));
  const expected = FRAME_PRELUDE_BYTES + headerLength + payloadLength;
  if (bytes.length < expected) fail('truncated', `truncated: ${bytes.length} bytes, the prelude records ${expected}`);
  if (bytes.length > expected) fail('corrupt', `${bytes.length - expected} unexpected bytes after the recorded end (${expected} bytes)`);
  const headerBytes = bytes.subarray(FRAME_PRELUDE_BYTES, FRAME_PRELUDE_BYTES + headerLength);
  if (view.getUint32(12, true) !== crc32(headerBytes)) fail('corrupt', 'header checksum mismatch');
  const payload = bytes.subarray(FRAME_PRELUDE_BYTES + headerLength);
  if (view.getUint32(24, true) !== crc32(payload)) fail('corrupt', 'payload checksum mismatch');
  let header: H;
  try {
    header = JSON.parse(decoder.decode(headerBytes)) as H;
  } catch (error) {
    return fail('corrupt', `header is not valid JSON (${(error as Error).message})`);
  }
  if (header === null || typeof header !== 'object' || typeof header.format !== 'string') fail('format', 'header has no "format"');
  const allowed = format === undefined ? undefined : typeof format === 'string' ? [format] : format;
  if (allowed && !allowed.includes(header.format)) fail('format', `holds "${header.format}", expected ${allowed.map((f) => `"${f}"`).join(' or ')}`);
  return { header, payload };
}
