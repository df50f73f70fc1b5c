export type { Rng, RngState } from './rng.js';
export type { JsonValue, Snapshot, SnapshotArray } from './snapshot.js';
export { budgetParameters, parseBudget, formatBudget, FLOAT32_BYTES, BYTES_PER_MB } from './budget.js';
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
export type { Transition, AgentUpdateReport, AgentV1, AgentSpecV1, AgentFactoryV1 } from './agent.js';
export type { CandidateSet, EvaluationSplit, EvaluationResult } from './evaluation.js';
export type { PreviousSegment, SearchContext, SearcherV1 } from './searcher.js';
export type { PolicyStepEvent, SearchEvent, RunEvent } from './events.js';
export { registerPlugin, registerPlugins, resolvePlugin, listPlugins, closest, editDistance } from './registry.js';
export type { PluginFamily, PluginFamilies, PluginManifest, SearcherComponents } from './registry.js';
export type { SizeByRank, SegmentResult, RunResults } from './results.js';
export { expectedOrderStatistics, toProportions, sortedProportions } from './order-statistics.js';
export type { QuantileDescription } from './order-statistics.js';
export { assertKnownOptions } from './options.js';
export { normalDensity, normalCdf, normalQuantile } from './standard-normal.js';
