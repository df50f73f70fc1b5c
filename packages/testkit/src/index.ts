// Conformance suites and mocks. One file per plug-in family; append an export line per file.
export {};
export { createMockSegment, createMockRecommender, createUniformPlan, type MockPair, type MockSegmentOptions, type MockRecommenderOptions, type MockRecommender } from './mocks.js';
export { describeAgent } from './agent-suite.js';
export type { DescribeAgentOptions } from './agent-suite.js';
export { describeStreamDataset, type StreamDatasetSuiteOptions } from './stream-dataset-suite.js';
export { describeSizeDistribution, type SizeDistributionSuiteOptions } from './size-distribution-suite.js';
export { describeBudgetAllocator, type BudgetAllocatorSuiteOptions } from './budget-allocator-suite.js';
export { describeRecommender, type RecommenderSuiteOptions } from './recommender-suite.js';
export { describeSearcher, type SearcherSuiteOptions } from './searcher-suite.js';
export { createMockAgent, type MockAgentOptions, type MockAgent } from './mock-agent.js';
export { evaluateWithScores } from './mock-evaluation.js';
