import type { ConvergenceReport } from '@scall/training';
import type { EvaluationResult, RunEvent } from '@scall/spec';

/** What {@link evaluateSegment} returns. */
export interface EvaluatedSegment {
  readonly test: EvaluationResult;
  readonly evaluationSeconds: number;
}

/**
 * Evaluate phase: the kept checkpoint on the test part of segment `t`, evaluated once —
 * by `trainToConvergence` after it restored that checkpoint (with test selection, the
 * kept block's own evaluation), with the run's evaluation options. The per-block
 * evaluations of training count as training time; that one pass is the evaluation phase.
 */
export function evaluateSegment(t: number, report: ConvergenceReport, emit: (event: RunEvent) => void): EvaluatedSegment {
  emit({ type: 'evaluation', segment: t, result: report.test, seconds: report.testSeconds });
  return { test: report.test, evaluationSeconds: report.testSeconds };
}
