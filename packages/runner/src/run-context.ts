import { join } from 'node:path';
import { evaluate } from '@scall/evaluation';
import { seedTree, type SeedTree } from '@scall/rng';
import type { EvaluationResult, PreviousSegment, RecommenderV1, SegmentResult, StreamSegment } from '@scall/spec';
import type { RunStreamOptions } from './run-options.js';
import { hashConfig, resumeIdentity } from './run-identity.js';

/** Settings of one run, resolved from {@link RunStreamOptions} with their defaults. */
export interface RunContext {
  readonly options: RunStreamOptions;
  readonly seed: number;
  /**
   * The run's seed tree, rooted at `seed`: every generator the runner hands out is one of
   * its children (`search`, `init`, `train` of each segment; see `SeedTree` in `@scall/rng`).
   */
  readonly seeds: SeedTree;
  readonly minSize: number;
  readonly maxSize: number;
  readonly selection: 'test' | 'validation';
  readonly candidates: NonNullable<RunStreamOptions['candidates']>;
  readonly ks: number[];
  readonly lastSegment: number;
  /** Hash of `options.config`, recorded in `results.json`. */
  readonly configHash: string;
  /** Hash of everything that changes the results (see {@link resumeIdentity}). */
  readonly identity: string;
  readonly outDir: string | undefined;
  readonly checkpointDir: string | undefined;
  readonly eventsPath: string | undefined;
  readonly users: NonNullable<RunStreamOptions['users']>;
  readonly evaluationOptions: { readonly candidates: NonNullable<RunStreamOptions['candidates']>; readonly users: NonNullable<RunStreamOptions['users']>; readonly ks: number[] };
  /** The evaluation a searcher may use while planning (on the selection split). */
  readonly evaluateForSearch: (recommender: RecommenderV1, segment: StreamSegment) => Promise<EvaluationResult>;
}

/** Time totals of a run, in seconds. */
export interface RunTimings {
  policy: number;
  training: number;
  evaluation: number;
  total: number;
}

/** What a run carries from segment to segment (and what a checkpoint restores). */
export interface RunState {
  segments: SegmentResult[];
  previous: PreviousSegment | undefined;
  timings: RunTimings;
  /** First segment still to run. */
  nextSegment: number;
}

/** Seconds on a monotonic clock. */
export const now = (): number => performance.now() / 1000;

/** Resolves the options' defaults and paths. */
export function createRunContext(options: RunStreamOptions): RunContext {
  const { dataset } = options;
  const selection = options.selection ?? 'test';
  const candidates = options.candidates ?? 'test-items';
  const ks = [...(options.ks ?? [20])];
  const outDir = options.outDir;
  const users = options.users ?? 'known-pairs';
  const evaluationOptions = { candidates, users, ks };
  const selectionSplit = selection === 'validation' ? ('validation' as const) : ('test' as const);
  const minSize = options.minSize ?? 1;
  const maxSize = options.maxSize ?? 256;
  return {
    options,
    seed: options.seed,
    seeds: seedTree(options.seed),
    minSize,
    maxSize,
    selection,
    candidates,
    users,
    ks,
    lastSegment: Math.min(options.lastSegment ?? dataset.numSegments - 1, dataset.numSegments - 1),
    configHash: hashConfig(options.config),
    // Defaults resolved, so an option left out and one given at its default resume alike.
    identity: resumeIdentity({ ...options, minSize, maxSize, selection, candidates, users, ks }),
    outDir,
    checkpointDir: outDir ? join(outDir, 'checkpoint') : undefined,
    eventsPath: outDir ? join(outDir, 'events.jsonl') : undefined,
    evaluationOptions,
    evaluateForSearch: (recommender, segment) => evaluate(recommender, segment, { ...evaluationOptions, split: selectionSplit }),
  };
}
