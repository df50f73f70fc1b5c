import { crc32Hex } from '@scall/embedding-table';
import type { SegmentResult } from '@scall/spec';
import type { RunTimings } from './run-context.js';

/** The format tag of checkpoint manifests. */
export const CHECKPOINT_FORMAT = 'scall-checkpoint/v2';

/** Length and CRC-32 of one file (or file prefix). */
export interface FileRecord {
  readonly bytes: number;
  /** CRC-32 (IEEE), 8 lowercase hex digits. */
  readonly crc32: string;
}

/**
 * A checkpoint generation's `manifest.json`: the run's position and results so far, and
 * the length and checksum of every other file of the generation and of `events.jsonl`
 * up to this checkpoint. The manifest carries its own checksum as its last field.
 */
export interface CheckpointManifest {
  readonly format: typeof CHECKPOINT_FORMAT;
  /** The segment this generation completes. */
  readonly segment: number;
  /** Hash of everything that changes the results (see `resumeIdentity`). */
  readonly identity: string;
  /** Hash of the recorded config (as in `results.json`). */
  readonly configHash: string;
  readonly nextSegment: number;
  readonly segments: SegmentResult[];
  readonly referenceFitness: number;
  /** `events.jsonl` at this checkpoint: events, and the length and CRC of its bytes. */
  readonly events: FileRecord & { readonly count: number };
  readonly timings: RunTimings;
  /** Every other file of the generation. */
  readonly files: { readonly [name: string]: FileRecord };
}

const ZERO = '00000000';
const TAIL = /"checksum": "([0-9a-f]{8})"\n\}\n$/;

/** Serialises a manifest with its checksum: the CRC-32 of the text with the checksum's digits zeroed. */
export function serializeManifest(manifest: CheckpointManifest): string {
  const text = `${JSON.stringify({ ...manifest, checksum: ZERO }, null, 2)}\n`;
  const crc = crc32Hex(new TextEncoder().encode(text));
  return text.replace(TAIL, `"checksum": "${crc}"\n}\n`);
}

/** Parses and verifies a manifest's text; throws an `Error` describing the problem. */
export function parseManifest(text: string): CheckpointManifest {
  const match = TAIL.exec(text);
  if (!match) throw new Error('its checksum line is missing or damaged (the file is truncated or edited)');
  const zeroed = text.slice(0, match.index) + `"checksum": "${ZERO}"\n}\n`;
  const crc = crc32Hex(new TextEncoder().encode(zeroed));
  if (crc !== match[1]) throw new Error(`checksum mismatch (recorded ${match[1]}, content hashes to ${crc})`);
  let parsed: CheckpointManifest & { checksum?: string };
  try {
    parsed = JSON.parse(text) as CheckpointManifest & { checksum?: string };
  } catch (error) {
    throw new Error(`not valid JSON (${(error as Error).message})`);
  }
  delete parsed.checksum;
  return parsed;
}
