import type { EmbeddingState, RecommenderFactoryV1, ScoreEvaluation, ScoreJob, StreamSegment } from '@scall/spec';

/**
 * What a scoring worker builds itself from. The module named by
 * `ScoringPoolOptions.environment.module` exports a function
 * `createWorkerEnvironment(data)` (data: `environment.data`, structured-cloned) that
 * returns this, or a promise of it: the run's dataset, by segment index, and its
 * recommender factory. The worker calls it once, at start-up.
 */
export interface WorkerEnvironment {
  /** Segment `index` of the run's dataset; it must be the segment the main thread's jobs name. */
  segment(index: number): StreamSegment | Promise<StreamSegment>;
  readonly createRecommender: RecommenderFactoryV1;
}

/** The export a worker environment module must have. */
export type CreateWorkerEnvironment = (data: unknown) => WorkerEnvironment | Promise<WorkerEnvironment>;

/** How a job names its segment across threads, with counts the worker checks its own copy against. */
export interface SegmentKey {
  readonly index: number;
  readonly numUsers: number;
  readonly numItems: number;
  readonly graphRows: number;
  readonly trainRows: number;
}

/** A job as it crosses to a worker: the segment by key, the evaluation resolved. */
export type WireJob = Omit<ScoreJob, 'segment' | 'evaluation'> & { readonly segment: SegmentKey; readonly evaluation: ScoreEvaluation };

/** `workerData` of a scoring worker. */
export interface WorkerInit {
  /** Worker script to import (the bootstrap imports it, after registering tsx when `typescript` is set). */
  readonly entry: string;
  /** Load TypeScript sources through tsx (a worker started from the sources). */
  readonly typescript: boolean;
  readonly environment: { readonly module: string; readonly data: unknown };
}

/** Main thread → worker. */
export type ToWorker = { readonly type: 'job'; readonly id: number; readonly job: WireJob };

/** Worker → main thread. */
export type FromWorker =
  | { readonly type: 'ready' }
  | { readonly type: 'failed'; readonly message: string }
  | { readonly type: 'result'; readonly id: number; readonly fitness: number; readonly embeddings?: EmbeddingState }
  | { readonly type: 'error'; readonly id: number; readonly message: string };

/** The key of a segment (see {@link SegmentKey}). */
export function segmentKey(segment: StreamSegment): SegmentKey {
  return { index: segment.index, numUsers: segment.numUsers, numItems: segment.numItems, graphRows: segment.graph.length, trainRows: segment.train.length };
}

/** Why `segment` is not the one `key` names, or `undefined` when it is. */
export function segmentMismatch(key: SegmentKey, segment: StreamSegment): string | undefined {
  const own = segmentKey(segment);
  const differing = (Object.keys(key) as (keyof SegmentKey)[]).filter((k) => key[k] !== own[k]);
  if (differing.length === 0) return undefined;
  return `segment ${key.index} in the worker differs from the main thread's (${differing.map((k) => `${k} ${own[k]} vs ${key[k]}`).join(', ')}): the dataset must build the same segments in every thread`;
}

/** A one-line message of anything thrown. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
