import type { Rng } from './rng.js';
import type { SizePlan } from './size-plan.js';
import type { Snapshot } from './snapshot.js';
import type { Interactions, TripleSampler } from './stream.js';

/**
 * Ragged embeddings of users and items: entity `e` owns `sizes[e]` floats starting at
 * `offsets[e]` in `values`. Used for warm starts and for the searcher's state.
 */
export interface RaggedEmbeddings {
  readonly sizes: Int32Array;
  /** `offsets[e]` is where entity e's values start; length `sizes.length + 1`. */
  readonly offsets: Float64Array;
  readonly values: Float32Array;
}

/** User and item embeddings of a trained model (layer 0, i.e. the stored table). */
export interface EmbeddingState {
  readonly users: RaggedEmbeddings;
  readonly items: RaggedEmbeddings;
}

/** What a recommender is built from for one segment. */
export interface RecommenderBuildInput {
  /** Training graph (interactions the model may use for propagation and masking). */
  readonly graph: Interactions;
  readonly numUsers: number;
  readonly numItems: number;
  /** Sizes of every user and item. */
  readonly plan: SizePlan;
  /** Initialisation randomness. */
  readonly rng: Rng;
  /**
   * Previous segment's embeddings: rows of entities that still exist are copied
   * (common prefix kept, grown dimensions initialised, shrunk tail dropped).
   */
  readonly warmStart?: EmbeddingState;
  /**
   * How the dimensions an entity gained since `warmStart` start: `'normal'` (random, as new
   * entities) or `'zero'` (the reference code, whose saved embeddings are masked). Overrides
   * the recommender's own option when given; recommenders without the notion ignore it.
   */
  readonly grownInit?: 'normal' | 'zero';
}

/** Summary of a run of training steps. */
export interface TrainReport {
  readonly steps: number;
  /** Mean training loss over the steps. */
  readonly meanLoss: number;
}

/**
 * A base recommender whose embedding memory follows a {@link SizePlan}.
 * Instances are single-use per segment: `build`, then `train` / `score`, then `dispose`.
 */
export interface RecommenderV1 {
  readonly specificationVersion: 'v1';
  /** Registry name, e.g. `"lightgcn"`. */
  readonly name: string;
  /** (Re)builds the model for a segment. */
  build(input: RecommenderBuildInput): void;
  /** Runs `steps` optimiser steps on triples from `sampler`. */
  train(steps: number, sampler: TripleSampler, rng: Rng): Promise<TrainReport>;
  /**
   * Scores `users` against `items`: a row-major `users.length x items.length` matrix.
   * Callers batch users to keep memory bounded.
   */
  score(users: Int32Array, items: Int32Array): Float32Array;
  /** The stored (layer-0) embeddings. */
  embeddings(): EmbeddingState;
  /** Bytes of embedding parameters actually stored (4 x sum of sizes for float32). */
  memoryBytes(): number;
  /** Full training state (embeddings, optimiser moments, step counters) for checkpoints. */
  snapshot(): Snapshot;
  /** Restores a snapshot taken from a model built with the same plan. */
  restore(snapshot: Snapshot): void;
  /** Frees tensors. */
  dispose(): void;
}

/** Creates fresh recommenders; searchers call it once per candidate action. */
export type RecommenderFactoryV1 = () => RecommenderV1;
