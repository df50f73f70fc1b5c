import { evaluate } from '@scall/evaluation';
import type { EvaluationResult, RecommenderV1, RunEvent, StreamSegment } from '@scall/spec';
import { now, type RunContext } from './run-context.js';

/** What {@link evaluateSegment} returns. */
export interface EvaluatedSegment {
  readonly test: EvaluationResult;
  readonly evaluationSeconds: number;
}

/**
 * Evaluate phase: the kept checkpoint on the test part of segment `t`. The per-block
 * evaluations of training count as training time; this one pass is the evaluation phase.
 */
export async function evaluateSegment(ctx: RunContext, t: number, segment: StreamSegment, recommender: RecommenderV1, emit: (event: RunEvent) => void): Promise<EvaluatedSegment> {
  const evalStart = now();
  const test = await evaluate(recommender, segment, { ...ctx.evaluationOptions, split: 'test' });
  const evaluationSeconds = now() - evalStart;
  emit({ type: 'evaluation', segment: t, result: test, seconds: evaluationSeconds });
  return { test, evaluationSeconds };
}
