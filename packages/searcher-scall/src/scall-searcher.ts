import {
  budgetParameters,
  planParameters,
  type AgentV1,
  type EmbeddingState,
  type SearchContext,
  type SearcherV1,
  type SizePlan,
  type Snapshot,
} from '@scall/spec';
import { actionToPlan, uniformPlan } from './action-to-plan.js';
import { policyConverged, scallReward } from './reward.js';
import { resolveScallOptions, type ResolvedScallOptions, type ScallSearcherOptions } from './scall-options.js';
import { buildState, stateSize } from './scall-state.js';

const ACTION_SIZE = 3;
const SNAPSHOT_KIND = 'scall';

class ScallSearcher implements SearcherV1 {
  readonly specificationVersion = 'v1' as const;
  readonly name = 'scall';
  private readonly options: ResolvedScallOptions;
  private agent: AgentV1 | undefined;
  private agentMaxSize = 0;
  private lastReward = 0;
  private lastAction: number[] = [0.5, 0.5, 0.5];
  private policySteps = 0;

  constructor(options: ScallSearcherOptions) {
    this.options = resolveScallOptions(options);
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
    const { distribution, allocator } = this.options;
    const P = budgetParameters(context.budget, segment.numUsers, segment.numItems);
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
    };
    const deployedEmbeddings = previous.deployed.embeddings();
    let spreads = actionToPlan(this.lastAction, envTarget, distribution, allocator);
    let state = this.state(env.userFrequencies, env.itemFrequencies, deployedEmbeddings, spreads, maxSize);
    const meanShares: number[] = [];
    for (let step = 0; step < this.options.maxPolicySteps; step++) {
      const started = performance.now();
      const action = agent.act(state, { explore: true });
      const candidate = actionToPlan(action, envTarget, distribution, allocator);
      const recommender = context.createRecommender();
      let fitness: number;
      let embeddings: EmbeddingState;
      try {
        recommender.build({
          graph: env.graph,
          numUsers: env.numUsers,
          numItems: env.numItems,
          plan: candidate.plan,
          rng: context.rng.fork(),
        });
        await recommender.train(this.options.rewardSteps, env.sampler, context.rng.fork());
        fitness = (await context.evaluate(recommender, env)).fitness;
        embeddings = recommender.embeddings();
      } finally {
        recommender.dispose();
      }
      const reward = scallReward(fitness, previous.referenceFitness, this.options.rewardRange);
      this.lastReward = reward;
      this.lastAction = Array.from(action);
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
        parameters: planParameters(candidate.plan),
        budgetParameters: envTarget.budgetParameters,
        seconds: (performance.now() - started) / 1000,
      });
      if (policyConverged(meanShares, this.options.minPolicySteps, this.options.convergenceWindow, this.options.convergenceTolerance)) break;
    }

    // (b) Exploit: the deterministic action gives sizes for every current entity.
    const target = {
      userFrequencies: segment.userFrequencies,
      itemFrequencies: segment.itemFrequencies,
      budgetParameters: P,
      minSize,
      maxSize,
    };
    const current = this.state(segment.userFrequencies, segment.itemFrequencies, deployedEmbeddings, spreads, maxSize);
    const action = agent.act(current, { explore: false });
    this.lastAction = Array.from(action);
    return actionToPlan(action, target, distribution, allocator).plan;
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
