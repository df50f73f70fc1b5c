export { scoreJob, inThreadScorer, trainAndScore, fixedBatchSampler, evaluationFitness, jobRng } from './score-job.js';
export type { ScoringEnvironment, TrainAndScoreInput } from './score-job.js';
export { createScoringPool } from './scoring-pool.js';
export type { ScoringPool, ScoringPoolOptions } from './scoring-pool.js';
export { segmentKey } from './wire.js';
export type { WorkerEnvironment, CreateWorkerEnvironment, SegmentKey } from './wire.js';
export type { ScoreJob, ScoreResult, ScoreEvaluation } from '@scall/spec';
