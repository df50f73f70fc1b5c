export type { Rng, RngState } from './rng.js';
export type { JsonValue, Snapshot, SnapshotArray } from './snapshot.js';
export { budgetParameters, FLOAT32_BYTES, BYTES_PER_MB } from './budget.js';
export type { Budget } from './budget.js';
export { shapeFromUnit, assertDistributionArguments } from './size-distribution.js';
export type { SizeDistributionV1 } from './size-distribution.js';
export { planParameters, assertPlanWithinBudget } from './size-plan.js';
export type { SizePlan } from './size-plan.js';
export type { AllocationRequest, BudgetAllocatorV1 } from './budget-allocator.js';
export type { Interactions, TripleBatch, TripleSampler, SegmentStats, StreamSegment, StreamDatasetV1 } from './stream.js';
export type {
  RaggedEmbeddings,
  EmbeddingState,
  RecommenderBuildInput,
  TrainReport,
  RecommenderV1,
  RecommenderFactoryV1,
} from './recommender.js';
export type { Transition, AgentUpdateReport, AgentV1, AgentSpecV1, AgentFactoryV1, BatchedAgentV1 } from './agent.js';
export { isBatchedAgent } from './agent.js';
export type { CandidateSet, EvaluatedUsers, EvaluationSplit, EvaluationResult } from './evaluation.js';
export type { PreviousSegment, SearchContext, SearcherV1 } from './searcher.js';
export type { PolicyStepEvent, SearchEvent, RunEvent } from './events.js';
export type { PluginFamily, PluginFamilies, PluginManifest, SearcherComponents, DatasetContext } from './plugins.js';
export type { SizeByRank, SegmentResult, RunResults } from './results.js';

// Deprecated aliases, kept for one release: these runtime helpers moved to
// @scall/plugin-utils (the contracts package keeps types and tiny pure helpers only).
// Import them from '@scall/plugin-utils'; they leave '@scall/spec' in the next minor.
export {
  /** @deprecated Import from `@scall/plugin-utils`. */
  registerPlugin,
  /** @deprecated Import from `@scall/plugin-utils`. */
  registerPlugins,
  /** @deprecated Import from `@scall/plugin-utils`. */
  resolvePlugin,
  /** @deprecated Import from `@scall/plugin-utils`. */
  listPlugins,
  /** @deprecated Import from `@scall/plugin-utils`. */
  closest,
  /** @deprecated Import from `@scall/plugin-utils`. */
  editDistance,
  /** @deprecated Import from `@scall/plugin-utils`. */
  parseBudget,
  /** @deprecated Import from `@scall/plugin-utils`. */
  formatBudget,
  /** @deprecated Import from `@scall/plugin-utils`. */
  expectedOrderStatistics,
  /** @deprecated Import from `@scall/plugin-utils`. */
  toProportions,
  /** @deprecated Import from `@scall/plugin-utils`. */
  sortedProportions,
  /** @deprecated Import from `@scall/plugin-utils`. */
  assertKnownOptions,
  /** @deprecated Import from `@scall/plugin-utils`. */
  normalDensity,
  /** @deprecated Import from `@scall/plugin-utils`. */
  normalCdf,
  /** @deprecated Import from `@scall/plugin-utils`. */
  normalQuantile,
} from '@scall/plugin-utils';
/** @deprecated Import from `@scall/plugin-utils`. */
export type { QuantileDescription } from '@scall/plugin-utils';
export {
  indexBytesPerEntry,
  createIndexArray,
  layoutParameters,
  sparseLayoutBytes,
  sparseRowsFrom,
  prefixLayout,
  assertSparseLayout,
  sparsePlanFromLayout,
  isSparseSizePlan,
  isSparseEmbeddingState,
  isSparseAwareRecommender,
  pairedRecommenderName,
} from './sparse-layout.js';
export type {
  SparseRowsV1,
  SparseLayoutV1,
  SparseTrainingV1,
  SparseSizePlan,
  SparseEmbeddingState,
  SparseAwareRecommender,
  SparseSearcherHints,
} from './sparse-layout.js';
