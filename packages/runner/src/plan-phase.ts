import { assertPlanWithinBudget, budgetParameters, type RunEvent, type SizePlan, type StreamSegment } from '@scall/spec';
import { now, type RunContext, type RunState } from './run-context.js';

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
 * updates its policy on t-1), and the plan is checked, in this one place, against the
 * segment's population, the run's `[minSize, maxSize]` and its budget
 * (`assertPlanWithinBudget`).
 */
export async function planSegment(ctx: RunContext, state: RunState, t: number, segment: StreamSegment, emit: (event: RunEvent) => void): Promise<PlannedSegment> {
  const { searcher, budget, createRecommender, scorePlans } = ctx.options;
  // The budget in parameters on this segment: computed here once, handed to the searcher,
  // checked against and recorded (SegmentResult.budgetParameters).
  const allowed = budgetParameters(budget, segment.numUsers, segment.numItems);
  const runEvaluation = { ...ctx.evaluationOptions, split: ctx.selection };
  const policyStart = now();
  const plan = await searcher.plan({
    segment,
    previous: state.previous,
    budget,
    budgetParameters: allowed,
    minSize: ctx.minSize,
    maxSize: ctx.maxSize,
    rng: ctx.seeds.child('search', t).rng(),
    createRecommender,
    evaluate: ctx.evaluateForSearch,
    emit,
    ...(ctx.options.budgetOverflow ? { budgetOverflow: ctx.options.budgetOverflow } : {}),
    // A scorer in another thread has no `evaluate`: 'run' becomes the settings evaluateForSearch uses.
    ...(scorePlans ? { scorePlans: (jobs) => scorePlans(jobs.map((job) => (job.evaluation === 'run' ? { ...job, evaluation: runEvaluation } : job))) } : {}),
  });
  const policySeconds = now() - policyStart;
  let parameters: number;
  try {
    parameters = assertPlanWithinBudget(plan, { numUsers: segment.numUsers, numItems: segment.numItems, minSize: ctx.minSize, maxSize: ctx.maxSize, budgetParameters: allowed });
  } catch (error) {
    throw new Error(`Searcher "${searcher.name}" planned segment ${t} outside the run's limits: ${(error as Error).message}`, { cause: error });
  }
  return { plan, parameters, allowed, policySeconds };
}
