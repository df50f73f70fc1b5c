import type { EvaluationResult } from './evaluation.js';
import type { SegmentUsage } from './results.js';
import type { SegmentStats } from './stream.js';

/** One environment step of a learning searcher's policy update. */
export interface PolicyStepEvent {
  readonly type: 'policy-step';
  readonly segment: number;
  readonly step: number;
  /** Raw action in the agent's bounds (SCALL: rho, alpha_u, alpha_i in [0, 1]). */
  readonly action: readonly number[];
  readonly reward: number;
  readonly fitness: number;
  /** Parameters used by the explored plan and its budget. */
  readonly parameters: number;
  readonly budgetParameters: number;
  readonly seconds: number;
  /** Fitness of the reward's baseline (SCALL: f_ref, or the uniform twin's fitness), when the searcher reports it. */
  readonly baselineFitness?: number;
  /** Raw reward ratio before rescaling (SCALL: f / f_ref), when the searcher reports it. */
  readonly ratio?: number;
  /**
   * The searcher's forecast of `fitness`, made before the step by a model it trusts
   * (BET: its fitness predictor once it holds enough probes); absent when it made none.
   * The report ranks forecasts against fitness (Spearman) per segment.
   */
  readonly forecast?: number;
}

/** Events emitted by searchers. */
export type SearchEvent = PolicyStepEvent;

/** Events a stream runner emits, one JSON line each in `events.jsonl`. */
export type RunEvent =
  | { readonly type: 'segment-started'; readonly segment: number; readonly stats: SegmentStats }
  | PolicyStepEvent
  | ({ readonly type: 'plan-applied'; readonly segment: number; readonly seconds: number } & SegmentUsage)
  | {
      readonly type: 'training-block';
      readonly segment: number;
      readonly block: number;
      readonly steps: number;
      readonly loss: number;
      readonly fitness: number;
      readonly best: boolean;
      readonly seconds: number;
    }
  | { readonly type: 'evaluation'; readonly segment: number; readonly result: EvaluationResult; readonly seconds: number }
  | { readonly type: 'segment-finished'; readonly segment: number; readonly seconds: number };
