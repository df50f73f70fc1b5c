import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32Hex } from '@scall/embedding-table';
import { CheckpointError } from './checkpoint-error.js';
import type { CheckpointFs } from './checkpoint-fs.js';
import { CHECKPOINT_FORMAT, parseManifest, serializeManifest, type CheckpointManifest, type FileRecord } from './checkpoint-manifest.js';

/** The manifest's file name inside a generation. */
export const MANIFEST_FILE = 'manifest.json';

/**
 * One step of writing a checkpoint, as reported to a write-point hook: `"events"`
 * (appending the segment's events to `events.jsonl`), `"directory"` (creating the new
 * generation's partial directory), a file of the generation (`"searcher.snap"`,
 * `"recommender.snap"`, `"plan.snap"`), `"manifest.json"`, `"commit"` (the rename that
 * makes the generation current), `"prune"` (removing generations beyond those kept) and,
 * at the end of the run, `"results.json"`.
 */
export type CheckpointStep = 'events' | 'directory' | 'manifest.json' | 'commit' | 'prune' | 'results.json' | (string & {});

/** A point in the write sequence: before or after one step, while checkpointing `segment`. */
export interface WritePoint {
  readonly step: CheckpointStep;
  readonly stage: 'before' | 'after';
  readonly segment: number;
}

/** A complete checkpoint generation: `checkpoint/segment-NNNN/`, the state after `segment`. */
export interface Generation {
  /** Directory name, e.g. `"segment-0002"`. */
  readonly name: string;
  readonly path: string;
  /** The last segment it completes. */
  readonly segment: number;
}

const NAME = /^segment-(\d{4,})$/;
const PARTIAL = '.partial';

/** The directory name of the generation completing `segment`. */
export function generationName(segment: number): string {
  return `segment-${String(segment).padStart(4, '0')}`;
}

/** The complete generations in `checkpointDir`, oldest first (partial directories are not listed). */
export async function listGenerations(checkpointDir: string): Promise<Generation[]> {
  if (!existsSync(checkpointDir)) return [];
  const names = await readdir(checkpointDir);
  return names
    .map((name) => ({ name, match: NAME.exec(name) }))
    .filter((e): e is { name: string; match: RegExpExecArray } => e.match !== null)
    .map(({ name, match }) => ({ name, path: join(checkpointDir, name), segment: Number(match[1]) }))
    .sort((a, b) => a.segment - b.segment);
}

/** Removes partial generations left by an interrupted write. */
export async function removePartialGenerations(checkpointDir: string, fs: CheckpointFs): Promise<void> {
  if (!existsSync(checkpointDir)) return;
  for (const name of await readdir(checkpointDir)) if (name.endsWith(PARTIAL)) await fs.rm(join(checkpointDir, name));
}

/** Length and CRC-32 of `bytes`. */
export function fileRecord(bytes: Uint8Array): FileRecord {
  return { bytes: bytes.length, crc32: crc32Hex(bytes) };
}

/** Options of {@link writeGeneration}. */
export interface WriteGenerationOptions {
  readonly fs: CheckpointFs;
  /** Called before and after every step. */
  readonly point: (step: CheckpointStep, stage: 'before' | 'after') => Promise<void>;
  /** Complete generations to keep (at least 1). */
  readonly keep: number;
}

/**
 * Writes a new generation completing `segment`: its files and then the manifest (with
 * every file's length and checksum) into `segment-NNNN.partial/`, flushed, then renamed
 * to `segment-NNNN/` in one atomic step. Only then are generations beyond the newest
 * `keep` removed, so a crash at any point leaves the previous generation complete.
 */
export async function writeGeneration(
  checkpointDir: string,
  segment: number,
  files: { readonly [name: string]: Uint8Array },
  manifest: Omit<CheckpointManifest, 'files' | 'format' | 'segment'>,
  options: WriteGenerationOptions,
): Promise<Generation> {
  const { fs, point } = options;
  const name = generationName(segment);
  const partial = join(checkpointDir, `${name}${PARTIAL}`);
  const final = join(checkpointDir, name);
  await point('directory', 'before');
  await fs.rm(partial);
  await fs.mkdir(partial);
  await point('directory', 'after');
  const records: Record<string, FileRecord> = {};
  for (const [file, bytes] of Object.entries(files)) {
    await point(file, 'before');
    await fs.writeFile(join(partial, file), bytes);
    records[file] = fileRecord(bytes);
    await point(file, 'after');
  }
  await point(MANIFEST_FILE, 'before');
  const full: CheckpointManifest = { format: CHECKPOINT_FORMAT, segment, ...manifest, files: records };
  await fs.writeFile(join(partial, MANIFEST_FILE), serializeManifest(full));
  await fs.syncDirectory(partial);
  await point(MANIFEST_FILE, 'after');
  await point('commit', 'before');
  // A generation of this segment exists only if a run re-does a segment; replace it.
  if (existsSync(final)) await fs.rm(final);
  await fs.rename(partial, final);
  await fs.syncDirectory(checkpointDir);
  await point('commit', 'after');
  await point('prune', 'before');
  const all = await listGenerations(checkpointDir);
  for (const old of all.slice(0, Math.max(0, all.length - Math.max(1, options.keep)))) await fs.rm(old.path);
  await point('prune', 'after');
  return { name, path: final, segment };
}

/** A generation read back and verified. */
export interface VerifiedGeneration {
  readonly manifest: CheckpointManifest;
  /** The bytes of every file the manifest lists. */
  readonly files: { readonly [name: string]: Uint8Array };
}

/**
 * Reads generation `gen` and verifies the manifest's own checksum and format and every
 * listed file's length and CRC-32. Throws a {@link CheckpointError} naming the file at
 * fault, with `hint` as the advice.
 */
export async function readGeneration(gen: Generation, hint: string): Promise<VerifiedGeneration> {
  const manifestPath = join(gen.path, MANIFEST_FILE);
  let text: string;
  try {
    text = await readFile(manifestPath, 'utf8');
  } catch (error) {
    throw new CheckpointError('corrupt', manifestPath, `cannot read the checkpoint manifest (${(error as Error).message})`, hint, { cause: error });
  }
  let manifest: CheckpointManifest;
  try {
    manifest = parseManifest(text);
  } catch (error) {
    throw new CheckpointError('corrupt', manifestPath, `the checkpoint manifest is damaged: ${(error as Error).message}`, hint, { cause: error });
  }
  if (manifest.format !== CHECKPOINT_FORMAT) {
    throw new CheckpointError('unsupported-format', manifestPath, `unknown checkpoint format "${String(manifest.format)}" (this version reads "${CHECKPOINT_FORMAT}")`, hint);
  }
  const files: Record<string, Uint8Array> = {};
  for (const [file, record] of Object.entries(manifest.files)) {
    const path = join(gen.path, file);
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await readFile(path));
    } catch (error) {
      throw new CheckpointError('corrupt', path, `cannot read a checkpoint file (${(error as Error).message})`, hint, { cause: error });
    }
    if (bytes.length !== record.bytes) throw new CheckpointError('corrupt', path, `checkpoint file has ${bytes.length} bytes, the manifest records ${record.bytes} (truncated or replaced)`, hint);
    const crc = crc32Hex(bytes);
    if (crc !== record.crc32) throw new CheckpointError('corrupt', path, `checkpoint file checksum mismatch (manifest ${record.crc32}, file ${crc})`, hint);
    files[file] = bytes;
  }
  return { manifest, files };
}
