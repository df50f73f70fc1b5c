import {
  budgetParameters,
  contextBudgetParameters,
  planParameters,
  type AgentV1,
  type EmbeddingState,
  type SearchContext,
  type SearcherV1,
  type SizePlan,
  type Snapshot,
} from '@scall/spec';
import { actionToPlan, uniformPlan } from './action-to-plan.js';
import { policyConverged, rescaleReward, rewardRatio } from './reward.js';
import { inThreadScorer } from '@scall/parallel-scoring';
import { drawRewardSeeds, rewardFitness, rewardScoreEvaluation, scoreJobOf, sharedInitialEmbeddings, type RewardSeed } from './reward-model.js';
import { resolveScallOptions, type ResolvedScallOptions, type ScallSearcherOptions } from './scall-options.js';
import { buildState, stateSize } from './scall-state.js';

const ACTION_SIZE = 3;
const SNAPSHOT_KIND = 'scall';
/** The reference's last-reward state entry before any policy step. */
export const INITIAL_REWARD_RATIO = 0.5;

class ScallSearcher implements SearcherV1 {
  readonly specificationVersion = 'v1' as const;
  readonly name: string;
  private readonly options: ResolvedScallOptions;
  private agent: AgentV1 | undefined;
  private agentMaxSize = 0;
  /** The state's last-reward entry: the raw ratio f / f_ref (0.5 before the first step, as the reference). */
  private lastReward = INITIAL_REWARD_RATIO;
  private lastAction: number[] = [0.5, 0.5, 0.5];
  private policySteps = 0;

  constructor(options: ScallSearcherOptions) {
    this.options = resolveScallOptions(options);
    this.name = this.options.preset === 'reference' ? 'scall' : `scall-${this.options.preset}`;
  }

  private ensureAgent(maxSize: number): AgentV1 {
    if (this.agent && this.agentMaxSize === maxSize) return this.agent;
    this.agent?.dispose();
    this.agent = this.options.agent({
      stateSize: stateSize(this.options.groups, maxSize),
      actionSize: ACTION_SIZE,
      actionLow: [0, 0, 0],
      actionHigh: [1, 1, 1],
      seed: this.options.seed,
    });
    this.agentMaxSize = maxSize;
    return this.agent;
  }

  private state(
    userFrequencies: ArrayLike<number>,
    itemFrequencies: ArrayLike<number>,
    embeddings: EmbeddingState | undefined,
    spreads: { userSpread: number; itemSpread: number },
    maxSize: number,
  ): Float32Array {
    return buildState({
      userFrequencies,
      itemFrequencies,
      lastReward: this.lastReward,
      embeddings,
      userSpread: spreads.userSpread,
      itemSpread: spreads.itemSpread,
      groups: this.options.groups,
      maxSize,
    });
  }

  async plan(context: SearchContext): Promise<SizePlan> {
    const { segment, previous, minSize, maxSize } = context;
    const { distribution, allocator, shapeMapping } = this.options;
    const o = this.options;
    const P = contextBudgetParameters(context);
    if (!previous) return uniformPlan(segment.numUsers, segment.numItems, P, minSize, maxSize);

    const agent = this.ensureAgent(maxSize);
    // (a) Policy update on the data of the previous segment.
    const env = previous.segment;
    const envTarget = {
      userFrequencies: env.userFrequencies,
      itemFrequencies: env.itemFrequencies,
      budgetParameters: budgetParameters(context.budget, env.numUsers, env.numItems),
      minSize,
      maxSize,
      overflow: context.budgetOverflow,
    };
    const rewardEvaluation = { split: o.rewardSplit, candidates: o.rewardCandidates, k: o.rewardK };
    const customEvaluation = o.rewardSplit !== undefined || o.rewardCandidates !== undefined;
    const twin = o.rewardBaseline === 'twin';
    const shared = o.rewardInit === 'shared';
    const reusable = twin || shared || o.rewardSeeding === 'segment';
    const initialCache = new Map<RewardSeed, EmbeddingState>();
    const initial = (seed: RewardSeed): EmbeddingState => {
      let table = initialCache.get(seed);
      if (!table) initialCache.set(seed, (table = sharedInitialEmbeddings(seed, env, context.createRecommender, minSize, maxSize)));
      return table;
    };
    const score = {
      segment: env,
      steps: o.rewardSteps,
      batchSize: o.rewardBatchSize,
      ...(shared ? { initial } : {}),
    };
    const evaluation = rewardScoreEvaluation(rewardEvaluation);
    // Every model of a policy step in one call: in parallel when the context can, else here.
    const scorePlans = context.scorePlans ?? inThreadScorer({ createRecommender: context.createRecommender, evaluate: context.evaluate });
    const segmentSeeds = o.rewardSeeding === 'segment' ? drawRewardSeeds(context.rng, o.rewardSeeds, true) : undefined;
    const twinPlan = twin ? uniformPlan(env.numUsers, env.numItems, envTarget.budgetParameters, minSize, maxSize) : undefined;
    const twinCache = new Map<RewardSeed, number>();
    // f_ref: the deployed model's first-block fitness (reference), or, when the reward is
    // measured differently from the run, the deployed model measured that way.
    let deployedFitness = previous.referenceFitness;
    if (!twin && customEvaluation) deployedFitness = await rewardFitness(context, rewardEvaluation)(previous.deployed, env);

    const deployedEmbeddings = previous.deployed.embeddings();
    let spreads = actionToPlan(this.lastAction, envTarget, distribution, allocator, shapeMapping);
    let state = this.state(env.userFrequencies, env.itemFrequencies, deployedEmbeddings, spreads, maxSize);
    const meanShares: number[] = [];
    let bestExplored: { action: number[]; ratio: number } | undefined;
    for (let step = 0; step < o.maxPolicySteps; step++) {
      const started = performance.now();
      // The fixed design first (probeActions), then the agent's exploration.
      const action = step < o.probeActions.length ? Float32Array.from(o.probeActions[step]) : agent.act(state, { explore: true });
      const candidate = actionToPlan(action, envTarget, distribution, allocator, shapeMapping);
      const seeds = segmentSeeds ?? drawRewardSeeds(context.rng, o.rewardSeeds, reusable);
      // The candidate once per seed (embeddings of the first, for the next state), then the
      // twin for each seed it has not been trained with yet.
      const newTwins = twinPlan ? seeds.filter((seed) => !twinCache.has(seed)) : [];
      const jobs = seeds.map((seed, j) => scoreJobOf(candidate.plan, seed, score, evaluation, j === 0));
      if (twinPlan) jobs.push(...newTwins.map((seed) => scoreJobOf(twinPlan, seed, score, evaluation)));
      const scored = await scorePlans(jobs);
      newTwins.forEach((seed, j) => twinCache.set(seed, scored[seeds.length + j].fitness));
      let fitnessSum = 0;
      let baselineSum = 0;
      let ratioSum = 0;
      seeds.forEach((seed, j) => {
        const { fitness } = scored[j];
        const baseline = twinPlan ? (twinCache.get(seed) as number) : deployedFitness;
        fitnessSum += fitness;
        baselineSum += baseline;
        ratioSum += rewardRatio(fitness, baseline, o.rewardRange);
      });
      const embeddings = scored[0].embeddings;
      const fitness = fitnessSum / seeds.length;
      const ratio = ratioSum / seeds.length;
      const reward = rescaleReward(ratio, o.rewardRange);
      // The state carries the raw ratio (reference); the replay buffer the rescaled reward.
      this.lastReward = ratio;
      this.lastAction = Array.from(action);
      if (!bestExplored || ratio > bestExplored.ratio) bestExplored = { action: this.lastAction, ratio };
      spreads = candidate;
      const nextState = this.state(env.userFrequencies, env.itemFrequencies, embeddings, spreads, maxSize);
      agent.observe({ state, action, reward, nextState, done: false });
      agent.update();
      state = nextState;
      this.policySteps++;
      meanShares.push(agent.act(state, { explore: false })[0]);
      context.emit({
        type: 'policy-step',
        segment: segment.index,
        step,
        action: Array.from(action),
        reward,
        fitness,
        baselineFitness: baselineSum / seeds.length,
        ratio,
        parameters: planParameters(candidate.plan),
        budgetParameters: envTarget.budgetParameters,
        seconds: (performance.now() - started) / 1000,
      });
      if (policyConverged(meanShares, o.minPolicySteps, o.convergenceWindow, o.convergenceTolerance)) break;
    }

    // (b) Exploit: the deterministic action (or the best explored one) gives sizes for
    // every current entity.
    const target = {
      userFrequencies: segment.userFrequencies,
      itemFrequencies: segment.itemFrequencies,
      budgetParameters: P,
      minSize,
      maxSize,
      overflow: context.budgetOverflow,
    };
    const action =
      o.deployAction === 'best-explored' && bestExplored
        ? bestExplored.action
        : Array.from(agent.act(this.state(segment.userFrequencies, segment.itemFrequencies, deployedEmbeddings, spreads, maxSize), { explore: false }));
    this.lastAction = action;
    return actionToPlan(action, target, distribution, allocator, shapeMapping).plan;
  }

  snapshot(): Snapshot {
    const agent = this.agent?.snapshot();
    return {
      kind: SNAPSHOT_KIND,
      meta: {
        lastReward: this.lastReward,
        lastAction: this.lastAction,
        policySteps: this.policySteps,
        agentMaxSize: this.agentMaxSize,
        agentKind: agent?.kind ?? null,
        agentMeta: agent?.meta ?? null,
      },
      arrays: Object.fromEntries(Object.entries(agent?.arrays ?? {}).map(([k, v]) => [`agent/${k}`, v])),
    };
  }

  restore(snapshot: Snapshot): void {
    if (snapshot.kind !== SNAPSHOT_KIND) throw new Error(`Cannot restore a "${snapshot.kind}" snapshot into the SCALL searcher`);
    const meta = snapshot.meta as { lastReward: number; lastAction: number[]; policySteps: number; agentMaxSize: number; agentKind: string | null; agentMeta: Snapshot['meta'] | null };
    this.lastReward = meta.lastReward;
    this.lastAction = [...meta.lastAction];
    this.policySteps = meta.policySteps;
    if (meta.agentKind && meta.agentMeta) {
      const agent = this.ensureAgent(meta.agentMaxSize);
      const arrays = Object.fromEntries(
        Object.entries(snapshot.arrays)
          .filter(([k]) => k.startsWith('agent/'))
          .map(([k, v]) => [k.slice('agent/'.length), v]),
      );
      agent.restore({ kind: meta.agentKind, meta: meta.agentMeta, arrays });
    }
  }

  dispose(): void {
    this.agent?.dispose();
    this.agent = undefined;
  }
}

/**
 * SCALL's searcher (Qu et al., CIKM 2024): at every segment t >= 1 it updates an RL
 * policy on segment t-1 (explore an action -> sizes through the injected distribution
 * and allocator -> train a fresh recommender `rewardSteps` steps -> reward = fitness
 * relative to the deployed model, rescaled) until the policy's mean user share is
 * stable, then plans sizes for segment t with the deterministic action. Segment 0 gets
 * uniform sizes.
 *
 * @example
 * const searcher = createScallSearcher({
 *   distribution: powerLaw,
 *   allocator: createScallAllocator({ distribution: powerLaw }),
 *   agent: createSac(),
 * });
 */
export function createScallSearcher(options: ScallSearcherOptions): SearcherV1 {
  return new ScallSearcher(options);
}
