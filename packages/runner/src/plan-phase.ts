import { assertPlanWithinBudget, budgetParameters, type RunEvent, type SizePlan, type StreamSegment } from '@scall/spec';
import { now, type RunContext, type RunState } from './run-context.js';
import { segmentRng } from './segment-rng.js';

/** What {@link planSegment} returns. */
export interface PlannedSegment {
  readonly plan: SizePlan;
  /** Parameters the plan uses. */
  readonly parameters: number;
  /** Parameters the budget allows on this segment. */
  readonly allowed: number;
  readonly policySeconds: number;
}

/**
 * Plan phase: the searcher plans sizes for segment `t` (a learning searcher first
 * updates its policy on t-1), and the plan is checked against the segment and budget.
 */
export async function planSegment(ctx: RunContext, state: RunState, t: number, segment: StreamSegment, emit: (event: RunEvent) => void): Promise<PlannedSegment> {
  const { searcher, budget, createRecommender, scorePlans } = ctx.options;
  const runEvaluation = { ...ctx.evaluationOptions, split: ctx.selection };
  const policyStart = now();
  const plan = await searcher.plan({
    segment,
    previous: state.previous,
    budget,
    minSize: ctx.minSize,
    maxSize: ctx.maxSize,
    rng: segmentRng(ctx.seed, t, 'search'),
    createRecommender,
    evaluate: ctx.evaluateForSearch,
    emit,
    ...(ctx.options.budgetOverflow ? { budgetOverflow: ctx.options.budgetOverflow } : {}),
    // A scorer in another thread has no `evaluate`: 'run' becomes the settings evaluateForSearch uses.
    ...(scorePlans ? { scorePlans: (jobs) => scorePlans(jobs.map((job) => (job.evaluation === 'run' ? { ...job, evaluation: runEvaluation } : job))) } : {}),
  });
  const policySeconds = now() - policyStart;
  const allowed = budgetParameters(budget, segment.numUsers, segment.numItems);
  if (plan.userSizes.length !== segment.numUsers || plan.itemSizes.length !== segment.numItems) {
    throw new Error(
      `Searcher "${searcher.name}" planned ${plan.userSizes.length} users / ${plan.itemSizes.length} items for segment ${t}, which has ${segment.numUsers} / ${segment.numItems}`,
    );
  }
  if (plan.budgetParameters > allowed) {
    throw new Error(`Searcher "${searcher.name}" used a budget of ${plan.budgetParameters} parameters at segment ${t}; the run allows ${allowed}`);
  }
  const parameters = assertPlanWithinBudget(plan);
  return { plan, parameters, allowed, policySeconds };
}
