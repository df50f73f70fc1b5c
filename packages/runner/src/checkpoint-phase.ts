import { join } from 'node:path';
import type { RecommenderV1, SizePlan } from '@scall/spec';
import { CheckpointError } from './checkpoint-error.js';
import { nodeCheckpointFs, writeFileAtomic, type CheckpointFs } from './checkpoint-fs.js';
import { generationName, listGenerations, writeGeneration, type CheckpointStep, type Generation } from './checkpoint-store.js';
import type { EventLog } from './event-log.js';
import type { RunContext, RunState } from './run-context.js';
import { encodeSnapshot } from './snapshot-file.js';

/** The checkpoint's file operations and write-point hook, resolved from the options. */
export interface CheckpointWriter {
  readonly fs: CheckpointFs;
  readonly keep: number;
  /** Awaits the test hook at one point of the write sequence. */
  point(segment: number, step: CheckpointStep, stage: 'before' | 'after'): Promise<void>;
}

/** Resolves `options.checkpoint`. */
export function checkpointWriter(ctx: RunContext): CheckpointWriter {
  const options = ctx.options.checkpoint ?? {};
  const keep = options.keep ?? 2;
  if (!(Number.isInteger(keep) && keep >= 1)) throw new RangeError(`checkpoint.keep must be an integer >= 1, got ${keep}`);
  const hook = options.onWritePoint;
  return {
    fs: options.fs ?? nodeCheckpointFs,
    keep,
    point: async (segment, step, stage) => {
      if (hook) await hook({ segment, step, stage });
    },
  };
}

function advice(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC' || code === 'EDQUOT') return 'free disk space';
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return 'make the output directory writable';
  return 'fix the cause';
}

/** Describes a generation for messages: its path and the segments it completes. */
export function describeGeneration(gen: Generation): string {
  return `${gen.path} (segments 0-${gen.segment} done)`;
}

/** Wraps a failed write as a {@link CheckpointError} that says which generation is still intact. */
async function writeFailed(ctx: RunContext, error: unknown, what: string): Promise<never> {
  if (error instanceof CheckpointError) throw error;
  const previous = ctx.checkpointDir ? (await listGenerations(ctx.checkpointDir).catch(() => [])).at(-1) : undefined;
  const file = (error as NodeJS.ErrnoException).path ?? ctx.outDir ?? 'checkpoint';
  const hint = previous
    ? `The run stopped; the previous checkpoint ${describeGeneration(previous)} is intact: ${advice(error)} and continue with --resume`
    : `The run stopped before any checkpoint was complete: ${advice(error)} and run again`;
  throw new CheckpointError('write-failed', file, `could not write ${what} (${(error as Error).message})`, hint, { cause: error });
}

/** Appends the pending events, turning a failure into a {@link CheckpointError}. */
export async function flushEvents(ctx: RunContext, writer: CheckpointWriter, log: EventLog, segment: number): Promise<void> {
  try {
    await writer.point(segment, 'events', 'before');
    await log.flush();
    await writer.point(segment, 'events', 'after');
  } catch (error) {
    await writeFailed(ctx, error, `the events of segment ${segment}`);
  }
}

/**
 * Checkpoint phase: writes the state after segment `t` as a new generation
 * `checkpoint/segment-NNNN/` (searcher, recommender and plan snapshots, then the manifest
 * with their checksums), made current by one rename; older generations beyond
 * `checkpoint.keep` are removed afterwards. A failed write (ENOSPC, EACCES, ...) throws a
 * {@link CheckpointError} and leaves the previous generation resumable.
 */
export async function writeCheckpoint(
  ctx: RunContext,
  writer: CheckpointWriter,
  state: RunState,
  t: number,
  recommender: RecommenderV1,
  plan: SizePlan,
  referenceFitness: number,
  log: EventLog,
): Promise<Generation | undefined> {
  const { checkpointDir } = ctx;
  if (!checkpointDir) return undefined;
  const files = {
    'searcher.snap': encodeSnapshot(ctx.options.searcher.snapshot()),
    'recommender.snap': encodeSnapshot(recommender.snapshot()),
    'plan.snap': encodeSnapshot({
      kind: 'size-plan',
      meta: { budgetParameters: plan.budgetParameters },
      arrays: { userSizes: plan.userSizes, itemSizes: plan.itemSizes },
    }),
  };
  try {
    return await writeGeneration(
      checkpointDir,
      t,
      files,
      {
        identity: ctx.identity,
        configHash: ctx.configHash,
        nextSegment: t + 1,
        segments: state.segments,
        referenceFitness,
        events: log.record(),
        timings: { ...state.timings },
      },
      { fs: writer.fs, keep: writer.keep, point: (step, stage) => writer.point(t, step, stage) },
    );
  } catch (error) {
    await writer.fs.rm(join(checkpointDir, `${generationName(t)}.partial`)).catch(() => undefined);
    return writeFailed(ctx, error, `the checkpoint after segment ${t}`);
  }
}

/** Writes `results.json` atomically, turning a failure into a {@link CheckpointError}. */
export async function writeResults(ctx: RunContext, writer: CheckpointWriter, text: string, segment: number): Promise<void> {
  if (!ctx.outDir) return;
  try {
    await writer.point(segment, 'results.json', 'before');
    await writeFileAtomic(join(ctx.outDir, 'results.json'), text, writer.fs);
    await writer.point(segment, 'results.json', 'after');
  } catch (error) {
    await writeFailed(ctx, error, 'results.json');
  }
}

/** Starts a fresh run in `outDir`: removes any old checkpoint and empties `events.jsonl`. */
export async function startFresh(ctx: RunContext, writer: CheckpointWriter, log: EventLog): Promise<void> {
  try {
    if (ctx.checkpointDir) await writer.fs.rm(ctx.checkpointDir);
    await log.reset();
  } catch (error) {
    const hint = `The run did not start: ${advice(error)} and run again`;
    throw new CheckpointError('write-failed', (error as NodeJS.ErrnoException).path ?? ctx.outDir ?? 'outDir', `could not prepare the output directory (${(error as Error).message})`, hint, { cause: error });
  }
}
