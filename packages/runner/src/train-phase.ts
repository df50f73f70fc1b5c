import { trainToConvergence, type ConvergenceReport } from '@scall/training';
import { bytesPerParameter, type RecommenderV1, type RunEvent, type SegmentUsage, type StreamSegment } from '@scall/spec';
import type { PlannedSegment } from './plan-phase.js';
import { now, type RunContext, type RunState } from './run-context.js';
import { mean } from './run-summary.js';

/** What {@link trainSegment} returns. */
export interface TrainedSegment {
  /** The trained recommender, holding the kept (best) checkpoint. */
  readonly recommender: RecommenderV1;
  readonly report: ConvergenceReport;
  readonly usage: SegmentUsage;
  readonly trainingSeconds: number;
}

/**
 * Train phase: builds the recommender for segment `t` at the planned sizes, warm-started
 * from the deployed one, and trains it to convergence (SCALL §4).
 */
export async function trainSegment(
  ctx: RunContext,
  state: RunState,
  t: number,
  segment: StreamSegment,
  planned: PlannedSegment,
  emit: (event: RunEvent) => void,
): Promise<TrainedSegment> {
  const { plan } = planned;
  const training = ctx.options.training;
  const recommender = ctx.options.createRecommender();
  recommender.build({
    graph: segment.graph,
    numUsers: segment.numUsers,
    numItems: segment.numItems,
    plan,
    rng: ctx.seeds.child('init', t).rng(),
    warmStart: state.previous?.deployed.embeddings(),
    ...(ctx.options.grownInit ? { grownInit: ctx.options.grownInit } : {}),
  });
  const usage: SegmentUsage = {
    parameters: planned.parameters,
    budgetParameters: planned.allowed,
    bytes: recommender.memoryBytes(),
    budgetBytes: planned.allowed * bytesPerParameter(ctx.options.budget),
    meanUserSize: mean(plan.userSizes),
    meanItemSize: mean(plan.itemSizes),
    ...(plan.action ? { action: [...plan.action] } : {}),
  };
  emit({ type: 'plan-applied', segment: t, ...usage, seconds: planned.policySeconds });
  const trainStart = now();
  const report = await trainToConvergence(recommender, segment, {
    rng: ctx.seeds.child('train', t).rng(),
    selection: ctx.selection,
    candidates: ctx.candidates,
    users: ctx.users,
    improvement: training?.improvement,
    ks: ctx.ks,
    blockSteps: training?.blockSteps,
    patience: training?.patience,
    maxBlocks: training?.maxBlocks,
    lossPlateau: training?.lossPlateau,
    onBlock: (info) =>
      emit({
        type: 'training-block',
        segment: t,
        block: info.block,
        steps: info.steps,
        loss: info.loss,
        fitness: info.fitness,
        best: info.best,
        seconds: info.seconds,
      }),
  });
  // The final test evaluation belongs to the evaluation phase (see evaluateSegment).
  return { recommender, report, usage, trainingSeconds: now() - trainStart - report.testSeconds };
}
