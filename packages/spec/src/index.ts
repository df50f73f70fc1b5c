export type { Rng, RngState } from './rng.js';
export type { JsonValue, Snapshot, SnapshotArray } from './snapshot.js';
export { budgetParameters, bytesPerParameter, FLOAT32_BYTES, BYTES_PER_MB } from './budget.js';
export type { Budget, ByteUnit } from './budget.js';
export { shapeFromUnit, assertDistributionArguments } from './size-distribution.js';
export type { SizeDistributionV1 } from './size-distribution.js';
export { planParameters, assertPlanSizes, assertPlanWithinBudget } from './size-plan.js';
export type { PlanLimits, SizePlan } from './size-plan.js';
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
export { contextBudgetParameters } from './searcher.js';
export type { PreviousSegment, SearchContext, SearcherV1, ScoreJob, ScoreResult, ScoreEvaluation } from './searcher.js';
export type { PolicyStepEvent, SearchEvent, RunEvent } from './events.js';
export type { PluginFamily, PluginFamilies, PluginManifest, SearcherComponents, DatasetContext } from './plugins.js';
export { SEARCHER_COMPONENTS_REVISION } from './plugins.js';
export type { SizeByRank, SegmentResult, SegmentUsage, RunResults } from './results.js';

// The runtime helpers that lived here in v0.1 (registry, option checks, budget text, order
// statistics, normal functions, edit distance) are in @scall/plugin-utils.

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
