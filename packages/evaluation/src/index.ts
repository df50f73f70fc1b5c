export { topK } from './top-k.js';
export type { TopKOptions } from './top-k.js';
export { rankingMetrics, METRIC_NAMES } from './ranking-metrics.js';
export type { MetricName, PerUserMetrics, MeanMetrics, RankingInput, RankingMetrics } from './ranking-metrics.js';
export { evaluate } from './evaluate.js';
export type { EvaluateOptions, DetailedEvaluationResult, UserEvaluation } from './evaluate.js';
export { splitOf } from './evaluation-plan.js';
export type { CandidateSet, EvaluationResult, EvaluationSplit } from '@scall/spec';
