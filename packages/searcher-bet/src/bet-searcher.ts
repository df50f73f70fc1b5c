import {
  budgetParameters,
  contextBudgetParameters,
  planParameters,
  type BudgetAllocatorV1,
  type EvaluationResult,
  type JsonValue,
  type SearchContext,
  type SearcherV1,
  type SizePlan,
  type Snapshot,
  type StreamSegment,
} from '@scall/spec';
import { actionSets, type ActionSets } from './action-sets.js';
import { actionToPlan, actionVector, sampleBetAction, type ActionTarget, type BetAction } from './bet-action.js';
import { betResolvers, resolveBetFamilies, type BetComponents, type BetFamily } from './bet-families.js';
import { resolveBetOptions, type BetChoice, type BetSearcherOptions, type ResolvedBetOptions } from './bet-options.js';
import { FitnessPredictor } from './fitness-predictor.js';
import { spearman } from './rank-correlation.js';

const SNAPSHOT_KIND = 'bet';

/** One probed action of a search, as {@link BetSearcher.probes} lists it. */
export interface BetProbe {
  /** Segment the search planned for (the probe ran on the segment before it). */
  readonly segment: number;
  readonly step: number;
  /** How the candidate was chosen (`"retrain"` for the end-of-search retraining of the population). */
  readonly choice: BetChoice | 'retrain';
  readonly action: BetAction;
  /** The predictor's forecast of the fitness, made before the probe. */
  readonly predicted: number;
  /** The probed model's fitness. */
  readonly fitness: number;
  /** Parameters used by the probed plan and its budget. */
  readonly parameters: number;
  readonly budgetParameters: number;
}

/** What one segment's search did, as {@link BetSearcher.searches} lists it. */
export interface BetSearchSummary {
  readonly segment: number;
  /** Models trained (probes plus retrainings). */
  readonly trainings: number;
  /** Spearman correlation of forecast and fitness over the search's probes (NaN below 2 usable probes). */
  readonly rankCorrelation: number;
  /** The deployed action and its (mean) probed fitness. */
  readonly best: BetAction;
  readonly bestFitness: number;
}

/** `SearcherV1` plus BET's diagnostics. */
export interface BetSearcher extends SearcherV1 {
  /** Every probe since construction (not part of snapshots). */
  probes(): readonly BetProbe[];
  /** One summary per searched segment since construction (not part of snapshots). */
  searches(): readonly BetSearchSummary[];
}

/** A probe's fitness: the mean of Recall@K and NDCG@K over the evaluated cut-offs (BET: K = 5, 10, 20), else the protocol's fitness. */
export function probeFitness(result: EvaluationResult): number {
  const recall = result.metrics.recall;
  const ndcg = result.metrics.ndcg;
  if (!recall || !ndcg || result.ks.length === 0) return result.fitness;
  let sum = 0;
  let count = 0;
  for (const k of result.ks) {
    if (recall[k] === undefined || ndcg[k] === undefined) continue;
    sum += recall[k] + ndcg[k];
    count += 2;
  }
  return count ? sum / count : result.fitness;
}

interface Scored {
  readonly action: BetAction;
  readonly sets: ActionSets;
  readonly fitness: number;
}

class BetSearcherImpl implements BetSearcher {
  readonly specificationVersion = 'v1' as const;
  readonly name = 'bet';
  private readonly options: ResolvedBetOptions;
  private readonly families: readonly BetFamily[];
  private readonly uniform: BudgetAllocatorV1;
  private predictor: FitnessPredictor | undefined;
  private segmentsSearched = 0;
  private trainings = 0;
  private lastBest: BetAction | undefined;
  private readonly probeLog: BetProbe[] = [];
  private readonly searchLog: BetSearchSummary[] = [];

  constructor(options: BetSearcherOptions, components: BetComponents) {
    this.options = resolveBetOptions(options);
    this.families = resolveBetFamilies(this.options.families, components, this.options.proportions);
    this.uniform = betResolvers(components).resolveAllocator('uniform');
  }

  probes(): readonly BetProbe[] {
    return this.probeLog;
  }

  searches(): readonly BetSearchSummary[] {
    return this.searchLog;
  }

  private ensurePredictor(): FitnessPredictor {
    this.predictor ??= new FitnessPredictor({ ...this.options.predictor, seed: this.options.seed });
    return this.predictor;
  }

  async plan(context: SearchContext): Promise<SizePlan> {
    const { segment, previous, minSize, maxSize } = context;
    const P = contextBudgetParameters(context);
    if (!previous) {
      // Nothing to search on before the first segment: uniform sizes, the whole budget used.
      return this.uniform.allocate({ budgetParameters: P, userFrequencies: segment.userFrequencies, itemFrequencies: segment.itemFrequencies, minSize, maxSize });
    }
    const target: ActionTarget = { userFrequencies: segment.userFrequencies, itemFrequencies: segment.itemFrequencies, budgetParameters: P, minSize, maxSize };
    // Fail before any training when the budget cannot give everyone MIN.
    if (P < minSize * (segment.numUsers + segment.numItems)) actionToPlan({ userShare: 0.5, userFamily: 0, userShape: 0.5, itemFamily: 0, itemShape: 0.5, seed: 0 }, target, this.families);
    if (!this.options.keepPredictor) {
      this.predictor?.dispose();
      this.predictor = undefined;
    }
    const best = await this.search(context, previous.segment, previous.referenceFitness);
    this.lastBest = best;
    this.segmentsSearched++;
    return { ...actionToPlan(best, target, this.families), action: actionVector(best) };
  }

  /** Searches on `env` (segment t−1) and returns the action to deploy. */
  private async search(context: SearchContext, env: StreamSegment, referenceFitness: number): Promise<BetAction> {
    const o = this.options;
    const predictor = this.ensurePredictor();
    const envTarget: ActionTarget = {
      userFrequencies: env.userFrequencies,
      itemFrequencies: env.itemFrequencies,
      budgetParameters: budgetParameters(context.budget, env.numUsers, env.numItems),
      minSize: context.minSize,
      maxSize: context.maxSize,
    };
    // Targets are fitness relative to the deployed model, so segments of different difficulty share one scale.
    const scale = referenceFitness > 0 ? referenceFitness : 1;
    const sampleRng = context.rng.fork();
    const fitRng = context.rng.fork();
    const probeRng = context.rng.fork();
    const scored: Scored[] = [];
    const forecasts: number[] = [];
    const outcomes: number[] = [];
    let trainings = 0;

    const probe = async (action: BetAction, plan: SizePlan, sets: ActionSets, steps: number, step: number, choice: BetProbe['choice'], predicted: number, trusted: boolean) => {
      const started = performance.now();
      const recommender = context.createRecommender();
      let fitness: number;
      try {
        recommender.build({ graph: env.graph, numUsers: env.numUsers, numItems: env.numItems, plan, rng: probeRng.fork() });
        await recommender.train(steps, env.sampler, probeRng.fork());
        fitness = probeFitness(await context.evaluate(recommender, env));
      } finally {
        recommender.dispose();
      }
      trainings++;
      const parameters = planParameters(plan);
      predictor.addExample(sets, fitness / scale);
      predictor.fit(fitRng);
      this.probeLog.push({ segment: context.segment.index, step, choice, action, predicted, fitness, parameters, budgetParameters: envTarget.budgetParameters });
      context.emit({
        type: 'policy-step',
        segment: context.segment.index,
        step,
        action: actionVector(action),
        // BET has no reward; the event carries the predictor's forecast of this fitness.
        reward: predicted,
        ...(trusted ? { forecast: predicted } : {}),
        fitness,
        parameters,
        budgetParameters: envTarget.budgetParameters,
        seconds: (performance.now() - started) / 1000,
      });
      return fitness;
    };

    for (let step = 0; step < o.steps; step++) {
      const actions = Array.from({ length: o.candidates }, () => sampleBetAction(sampleRng, this.families.length));
      const plans = actions.map((a) => actionToPlan(a, envTarget, this.families));
      const sets = plans.map((p) => actionSets(p, env.userFrequencies, env.itemFrequencies));
      const trusted = predictor.size >= Math.max(1, o.minTrainingExamples);
      let choice = o.cycle[step % o.cycle.length];
      if (!trusted) choice = 'random';
      if (choice === 'neighbour' && scored.length === 0) choice = 'predicted';
      const predictions = predictor.predict(sets);
      let index = 0;
      if (choice === 'random') index = sampleRng.nextInt(o.candidates);
      else if (choice === 'predicted') index = argmax(predictions);
      else index = nearest(predictor, scored[argmax(scored.map((s) => s.fitness))].sets, sets);
      const predicted = predictions[index] * scale;
      const fitness = await probe(actions[index], plans[index], sets[index], o.probeSteps, step, choice, predicted, trusted);
      if (trusted) {
        forecasts.push(predicted);
        outcomes.push(fitness);
      }
      scored.push({ action: actions[index], sets: sets[index], fitness });
    }

    // The population: the best probed actions, optionally retrained and judged on both scores.
    const population = [...scored].sort((a, b) => b.fitness - a.fitness).slice(0, o.populationSize);
    let best = population[0];
    let bestScore = best.fitness;
    if (o.retrainSteps > 0) {
      bestScore = -Infinity;
      for (let i = 0; i < population.length; i++) {
        const member = population[i];
        const plan = actionToPlan(member.action, envTarget, this.families);
        const predicted = predictor.predict([member.sets])[0] * scale;
        const again = await probe(member.action, plan, member.sets, o.retrainSteps, o.steps + i, 'retrain', predicted, false);
        const score = (member.fitness + again) / 2;
        if (score > bestScore) {
          bestScore = score;
          best = member;
        }
      }
    }
    this.trainings += trainings;
    this.searchLog.push({ segment: context.segment.index, trainings, rankCorrelation: spearman(forecasts, outcomes), best: best.action, bestFitness: bestScore });
    return best.action;
  }

  snapshot(): Snapshot {
    const predictor = this.predictor?.snapshot();
    return {
      kind: SNAPSHOT_KIND,
      meta: {
        segmentsSearched: this.segmentsSearched,
        trainings: this.trainings,
        lastBest: (this.lastBest ? { ...this.lastBest } : null) as JsonValue,
        predictorMeta: predictor?.meta ?? null,
      },
      arrays: Object.fromEntries(Object.entries(predictor?.arrays ?? {}).map(([k, v]) => [`predictor/${k}`, v])),
    };
  }

  restore(snapshot: Snapshot): void {
    if (snapshot.kind !== SNAPSHOT_KIND) throw new Error(`Cannot restore a "${snapshot.kind}" snapshot into the BET searcher`);
    const meta = snapshot.meta as { segmentsSearched: number; trainings: number; lastBest: BetAction | null; predictorMeta: Snapshot['meta'] | null };
    this.segmentsSearched = meta.segmentsSearched;
    this.trainings = meta.trainings;
    this.lastBest = meta.lastBest ?? undefined;
    this.predictor?.dispose();
    this.predictor = undefined;
    if (meta.predictorMeta) {
      const arrays = Object.fromEntries(
        Object.entries(snapshot.arrays)
          .filter(([k]) => k.startsWith('predictor/'))
          .map(([k, v]) => [k.slice('predictor/'.length), v]),
      );
      this.ensurePredictor().restore({ kind: 'bet-fitness-predictor', meta: meta.predictorMeta, arrays });
    }
  }

  dispose(): void {
    this.predictor?.dispose();
    this.predictor = undefined;
  }
}

function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

/** The candidate whose action embedding is closest (Euclidean) to `anchor`'s. */
function nearest(predictor: FitnessPredictor, anchor: ActionSets, candidates: readonly ActionSets[]): number {
  const [a, ...rest] = predictor.embed([anchor, ...candidates]);
  let best = 0;
  let bestDistance = Infinity;
  rest.forEach((e, i) => {
    let d = 0;
    for (let k = 0; k < e.length; k++) d += (e[k] - a[k]) ** 2;
    if (d < bestDistance) {
      bestDistance = d;
      best = i;
    }
  });
  return best;
}

/**
 * BET (Qu et al., WSDM 2024) as a searcher: at every segment t >= 1 it searches on
 * segment t−1. Each of `steps` steps samples `candidates` table-level actions (user
 * share, a size family and shape per side; sizes from the registered `scall` allocator
 * on each family, so every plan is exactly within budget), picks one by the step's rule (`cycle`: best
 * forecast of the DeepSets fitness predictor, nearest neighbour of the best probe so
 * far in the predictor's action-embedding space, or random), probes it (a fresh model
 * trained `probeSteps` steps, scored by the run's evaluation) and adds it to the
 * predictor's training set. The best of the population (optionally retrained) is
 * deployed on segment t, sized by segment t's frequency ranking. The predictor and its
 * training set persist across segments and in snapshots. Segment 0 gets uniform sizes
 * (the registered `uniform` allocator).
 *
 * Its parts come from the app, never from imports of other plug-ins: `components`
 * (`SearcherComponents` revision 2) builds the size families by name
 * (`resolveDistribution`) and their allocators (`resolveAllocator`) here, so a family
 * or allocator the registry lacks fails at once, naming it.
 *
 * @example
 * const searcher = createBetSearcher({ preset: 'small', seed: 1 }, components); // components: the app's SearcherComponents
 * const plan = await searcher.plan(context); // context: a SearchContext from the runner
 */
export function createBetSearcher(options: BetSearcherOptions, components: BetComponents): BetSearcher {
  return new BetSearcherImpl(options, components);
}
