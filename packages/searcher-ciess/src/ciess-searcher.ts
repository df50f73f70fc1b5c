import { evaluate } from '@scall/evaluation';
import {
  budgetParameters,
  contextBudgetParameters,
  isBatchedAgent,
  planParameters,
  type AgentV1,
  type EvaluationResult,
  type Interactions,
  type RecommenderV1,
  type Rng,
  type SearchContext,
  type SearcherV1,
  type SizePlan,
  type Snapshot,
  type StreamSegment,
} from '@scall/spec';
import { resolveCiessOptions, type CiessSearcherOptions, type ResolvedCiessOptions } from './ciess-options.js';
import { entityQuality, qualityRatio, type EntityQuality } from './entity-quality.js';
import { ENTITY_STATE_SIZE, entityStates } from './entity-state.js';
import { projectSizes } from './project-sizes.js';
import { randomWalk } from './random-walk.js';
import { userError } from './user-error.js';

const SNAPSHOT_KIND = 'ciess';

/** Where the policy update ended: each known entity's last size and quality ratio, and the best plan seen. */
interface PolicyOutcome {
  readonly userSizes: Int32Array;
  readonly itemSizes: Int32Array;
  readonly userRatios: Float64Array;
  readonly itemRatios: Float64Array;
  /** The plan with the highest fitness: the starting plan, or an explored one that scored higher. */
  readonly best: SizePlan;
}

/** What a policy update searches on: a segment, the plan it starts from and the model whose quality is the baseline. */
interface SearchEnvironment {
  readonly segment: StreamSegment;
  readonly plan: SizePlan;
  readonly baseline: RecommenderV1;
  /** Model whose embeddings warm-start the candidates (with `warmStartCandidates`). */
  readonly warmStart: RecommenderV1 | undefined;
}

/** One kind of entity (users or items) during a policy update. */
interface Side {
  readonly agent: AgentV1;
  readonly frequencies: ArrayLike<number>;
  states: Float32Array;
  ratios: Float64Array;
}

class CiessSearcher implements SearcherV1 {
  readonly specificationVersion = 'v1' as const;
  readonly name = 'ciess';
  private readonly options: ResolvedCiessOptions;
  private agents: { users: AgentV1; items: AgentV1 } | undefined;
  private bounds: [number, number] | undefined;
  private policySteps = 0;

  constructor(options: CiessSearcherOptions) {
    this.options = resolveCiessOptions(options);
    // Fail at assembly, not after segment 0: the walk needs the critic.
    if (this.options.walkSteps > 0) this.assertWalkable(this.options.agent({ stateSize: ENTITY_STATE_SIZE, actionSize: 1, actionLow: [1], actionHigh: [2], seed: 0 }));
  }

  /** Disposes `agent`, throwing a clear error when it cannot answer the random walk's critic queries. */
  private assertWalkable(agent: AgentV1): void {
    const batched = isBatchedAgent(agent);
    const name = agent.name;
    agent.dispose();
    if (!batched) {
      throw userError(
        new TypeError(
          `CIESS searcher: the agent "${name}" has no criticValues() (BatchedAgentV1), which the random walk needs; use the td3 agent (--agent td3) or walkSteps: 0`,
        ),
      );
    }
  }

  private ensureAgents(minSize: number, maxSize: number): { users: AgentV1; items: AgentV1 } {
    if (this.agents && this.bounds?.[0] === minSize && this.bounds[1] === maxSize) return this.agents;
    this.dispose();
    if (!(maxSize > minSize)) throw new RangeError(`CIESS searcher: needs MAX > MIN to search sizes (got MIN=${minSize}, MAX=${maxSize})`);
    const make = (seed: number) => {
      const agent = this.options.agent({ stateSize: ENTITY_STATE_SIZE, actionSize: 1, actionLow: [minSize], actionHigh: [maxSize], seed });
      if (this.options.walkSteps > 0 && !isBatchedAgent(agent)) this.assertWalkable(agent);
      return agent;
    };
    const users = make(this.options.seed);
    const items = make(this.options.seed + 1);
    this.agents = { users, items };
    this.bounds = [minSize, maxSize];
    return this.agents;
  }

  async plan(context: SearchContext): Promise<SizePlan> {
    const { segment, previous, minSize, maxSize } = context;
    const P = contextBudgetParameters(context);
    const population = segment.numUsers + segment.numItems;
    if (!previous && this.options.firstSegment === 'uniform') {
      // t = 0: uniform sizes, as SCALL's stream starts.
      return this.uniformPlan(segment, P, minSize, maxSize);
    }
    if (P < population * minSize) {
      throw userError(new RangeError(`Budget of ${P} parameters is below MIN x population = ${minSize} x ${population}; no size plan can fit it`));
    }
    const agents = this.ensureAgents(minSize, maxSize);
    if (!previous) {
      // No earlier segment and firstSegment 'search' (the static protocol): search on the
      // segment itself, scored by the run's selection split, and deploy the best plan (the uniform start's or a loop's).
      const start = this.uniformPlan(segment, P, minSize, maxSize);
      const baseline = await this.trainModel(context, segment, start, undefined);
      try {
        const outcome = await this.updatePolicy(context, { segment, plan: start, baseline, warmStart: undefined }, agents);
        return outcome.best;
      } finally {
        baseline.dispose();
      }
    }
    const outcome = await this.updatePolicy(
      context,
      { segment: previous.segment, plan: previous.plan, baseline: previous.deployed, warmStart: previous.deployed },
      agents,
    );

    // Plan segment t with the deterministic actor: known entities keep their last size
    // and quality in the state, unseen ones start from the budget's mean size.
    const mean = Math.min(maxSize, Math.max(minSize, P / population));
    const stateOf = (frequencies: ArrayLike<number>, sizes: Int32Array, ratios: Float64Array, n: number) => {
      const s = new Float64Array(n).fill(mean);
      const r = new Float64Array(n).fill(Number.NaN);
      for (let e = 0; e < Math.min(n, sizes.length); e++) {
        s[e] = sizes[e];
        r[e] = ratios[e];
      }
      return entityStates(frequencies, s, r, minSize, maxSize, this.options.qualityRatioCap);
    };
    const userProposals = actRows(agents.users, stateOf(segment.userFrequencies, outcome.userSizes, outcome.userRatios, segment.numUsers), false);
    const itemProposals = actRows(agents.items, stateOf(segment.itemFrequencies, outcome.itemSizes, outcome.itemRatios, segment.numItems), false);
    return this.toPlan(this.project(userProposals, itemProposals, P, minSize, maxSize), segment.numUsers, P, minSize, maxSize);
  }

  /** Uniform sizes: the budget's mean size for everyone, projected onto the budget. */
  private uniformPlan(segment: StreamSegment, P: number, minSize: number, maxSize: number): SizePlan {
    const population = segment.numUsers + segment.numItems;
    const mean = Math.min(maxSize, Math.max(minSize, P / Math.max(1, population)));
    const sizes = this.project(new Float64Array(segment.numUsers).fill(mean), new Float64Array(segment.numItems).fill(mean), P, minSize, maxSize);
    return this.toPlan(sizes, segment.numUsers, P, minSize, maxSize);
  }

  /**
   * CIESS's search on `env.segment` (segment t-1, or segment t itself with `firstSegment:
   * 'search'`): `loops` environment steps of per-entity actions, rewards and TD3 updates.
   */
  private async updatePolicy(context: SearchContext, env: SearchEnvironment, agents: { users: AgentV1; items: AgentV1 }): Promise<PolicyOutcome> {
    const o = this.options;
    const { minSize, maxSize } = context;
    const segment = env.segment;
    const nU = segment.numUsers;
    const nI = segment.numItems;
    const budget = budgetParameters(context.budget, nU, nI);
    // The run's evaluation protocol (split, candidates, users), read off its own evaluation of the baseline model.
    const protocol = await context.evaluate(env.baseline, segment);
    const measure = (model: RecommenderV1) => this.measure(model, segment, protocol);
    const deployed = await measure(env.baseline);
    let reference = deployed.quality;
    if (o.qualityReference === 'full-size') {
      const full = new Int32Array(nU + nI).fill(maxSize);
      const plan = this.toPlan(full, nU, planParameters({ userSizes: full, itemSizes: new Int32Array(0) }), minSize, maxSize);
      reference = (await this.trainAndMeasure(context, env, plan, protocol)).quality;
    }
    const cap = o.qualityRatioCap;
    // The current sizes of each side, set by restart() to the starting plan's.
    let userSizes: Int32Array = new Int32Array(0);
    let itemSizes: Int32Array = new Int32Array(0);
    // Keep the best: the starting plan competes with the loops (in the static search its
    // baseline model was trained as long as theirs, so the scores compare).
    let best: SizePlan = env.plan;
    let bestFitness = deployed.fitness;
    const users: Side = { agent: agents.users, frequencies: segment.userFrequencies, states: new Float32Array(0), ratios: qualityRatio(deployed.quality.users, reference.users, cap) };
    const items: Side = { agent: agents.items, frequencies: segment.itemFrequencies, states: new Float32Array(0), ratios: qualityRatio(deployed.quality.items, reference.items, cap) };
    const startRatios = { users: users.ratios, items: items.ratios };
    const restart = () => {
      userSizes = Int32Array.from(env.plan.userSizes.subarray(0, nU));
      itemSizes = Int32Array.from(env.plan.itemSizes.subarray(0, nI));
      users.ratios = startRatios.users;
      items.ratios = startRatios.items;
      users.states = entityStates(users.frequencies, userSizes, users.ratios, minSize, maxSize, cap);
      items.states = entityStates(items.frequencies, itemSizes, items.ratios, minSize, maxSize, cap);
    };
    restart();

    // `episodes` episodes of `loops` loops; each episode starts again from the starting plan
    // (the agents and their replay memories carry on), as CIESS's episodes do.
    for (let step = 0; step < o.loops * o.episodes; step++) {
      if (step > 0 && step % o.loops === 0) restart();
      const started = performance.now();
      const walkRng = context.rng.fork();
      const userChoices = this.explore(users.agent, users.states, walkRng, minSize, maxSize);
      const itemChoices = this.explore(items.agent, items.states, walkRng, minSize, maxSize);
      const plan = this.toPlan(this.project(userChoices, itemChoices, budget, minSize, maxSize), nU, budget, minSize, maxSize);
      const measured = await this.trainAndMeasure(context, env, plan, protocol);
      if (measured.fitness > bestFitness) {
        bestFitness = measured.fitness;
        best = plan;
      }
      let rewardSum = 0;
      let rewardCount = 0;
      // The agents' actions are their choices; the projection onto the budget is part of
      // the environment, so the state's size and the penalty use the projected sizes.
      for (const [side, choices, sizes, quality, referenceQuality] of [
        [users, userChoices, plan.userSizes, measured.quality.users, reference.users],
        [items, itemChoices, plan.itemSizes, measured.quality.items, reference.items],
      ] as const) {
        const fresh = qualityRatio(quality, referenceQuality, cap);
        const ratios = Float64Array.from(fresh, (r, e) => (Number.isNaN(r) ? side.ratios[e] : r));
        const next = entityStates(side.frequencies, sizes, ratios, minSize, maxSize, cap);
        for (let e = 0; e < sizes.length; e++) {
          if (Number.isNaN(fresh[e])) continue;
          const reward = fresh[e] - o.sizePenalty * ((sizes[e] - 1) / maxSize) ** 2;
          const at = e * ENTITY_STATE_SIZE;
          side.agent.observe({
            state: side.states.subarray(at, at + ENTITY_STATE_SIZE),
            action: Float32Array.of(choices[e]),
            reward,
            nextState: next.subarray(at, at + ENTITY_STATE_SIZE),
            done: false,
          });
          rewardSum += reward;
          rewardCount += 1;
        }
        for (let k = 0; k < o.agentUpdatesPerLoop; k++) side.agent.update();
        side.states = next;
        side.ratios = ratios;
      }
      userSizes = plan.userSizes;
      itemSizes = plan.itemSizes;
      this.policySteps += 1;
      context.emit({
        type: 'policy-step',
        segment: context.segment.index,
        step,
        action: [mean(plan.userSizes), mean(plan.itemSizes)],
        reward: rewardCount ? rewardSum / rewardCount : 0,
        fitness: measured.fitness,
        baselineFitness: deployed.fitness,
        parameters: planParameters(plan),
        budgetParameters: budget,
        seconds: (performance.now() - started) / 1000,
      });
    }
    return { userSizes, itemSizes, userRatios: users.ratios, itemRatios: items.ratios, best };
  }

  /** The actor's exploring proposal per entity, then (with `walkSteps` > 0) the critic's pick among the random walk's sizes. */
  private explore(agent: AgentV1, states: Float32Array, rng: Rng, minSize: number, maxSize: number): Float64Array {
    const n = states.length / ENTITY_STATE_SIZE;
    const proposals = actRows(agent, states, true);
    const { walkSteps, walkRadius } = this.options;
    if (walkSteps === 0 || n === 0 || !isBatchedAgent(agent)) return proposals;
    const width = walkSteps + 1;
    const candidates = new Float32Array(n * width);
    const repeated = new Float32Array(n * width * ENTITY_STATE_SIZE);
    for (let e = 0; e < n; e++) {
      candidates.set(randomWalk(proposals[e], walkSteps, walkRadius, minSize, maxSize, rng), e * width);
      const state = states.subarray(e * ENTITY_STATE_SIZE, (e + 1) * ENTITY_STATE_SIZE);
      for (let c = 0; c < width; c++) repeated.set(state, (e * width + c) * ENTITY_STATE_SIZE);
    }
    const values = agent.criticValues(repeated, candidates);
    const chosen = new Float64Array(n);
    for (let e = 0; e < n; e++) {
      let best = e * width;
      for (let c = e * width + 1; c < (e + 1) * width; c++) if (values[c] > values[best]) best = c;
      chosen[e] = candidates[best];
    }
    return chosen;
  }

  /** Trains a recommender with `plan` on the search's segment for `rewardSteps` steps and measures it. */
  private async trainAndMeasure(context: SearchContext, env: SearchEnvironment, plan: SizePlan, protocol: EvaluationResult): Promise<Measurement> {
    const model = await this.trainModel(context, env.segment, plan, this.options.warmStartCandidates ? env.warmStart : undefined);
    try {
      return await this.measure(model, env.segment, protocol);
    } finally {
      model.dispose();
    }
  }

  /** A fresh recommender with `plan` on `segment`, trained `rewardSteps` steps (the caller disposes it). */
  private async trainModel(context: SearchContext, segment: StreamSegment, plan: SizePlan, warmStart: RecommenderV1 | undefined): Promise<RecommenderV1> {
    const model = context.createRecommender();
    try {
      model.build({
        graph: segment.graph,
        numUsers: segment.numUsers,
        numItems: segment.numItems,
        plan,
        rng: context.rng.fork(),
        ...(warmStart ? { warmStart: warmStart.embeddings() } : {}),
      });
      await model.train(this.options.rewardSteps, segment.sampler, context.rng.fork());
      return model;
    } catch (error) {
      model.dispose();
      throw error;
    }
  }

  /** Per-entity quality of a model on segment t-1, under the run's evaluation protocol. */
  private async measure(model: RecommenderV1, env: StreamSegment, protocol: EvaluationResult): Promise<Measurement> {
    const ks = [...new Set(this.options.qualityKs)].sort((a, b) => b - a);
    const result = await evaluate(model, env, {
      split: protocol.split,
      candidates: protocol.candidates,
      ...(protocol.userRule ? { users: protocol.userRule } : {}),
      ks,
      perUser: true,
    });
    if (!result.perUser) throw new Error('CIESS searcher: the evaluation returned no per-user values');
    const split: Interactions = protocol.split === 'validation' && env.validation ? env.validation : env.test;
    return { fitness: result.fitness, quality: entityQuality(result.perUser, split, env.numUsers, env.numItems, ks) };
  }

  /**
   * User and item proposals projected onto the budget (users first): one projection over
   * everyone (`budgetSplit: 'shared'`), or each side onto its population's share of the
   * budget (`'by-population'`: users floor(P nU / (nU + nI)), items the rest).
   */
  private project(users: ArrayLike<number>, items: ArrayLike<number>, budget: number, minSize: number, maxSize: number): Int32Array {
    const { projection, budgetSplit } = this.options;
    if (budgetSplit === 'shared' || users.length === 0 || items.length === 0) return projectSizes(concat(users, items), budget, minSize, maxSize, projection);
    const userBudget = Math.floor((budget * users.length) / (users.length + items.length));
    const out = new Int32Array(users.length + items.length);
    out.set(projectSizes(users, userBudget, minSize, maxSize, projection));
    out.set(projectSizes(items, budget - userBudget, minSize, maxSize, projection), users.length);
    return out;
  }

  private toPlan(sizes: Int32Array, numUsers: number, budget: number, minSize: number, maxSize: number): SizePlan {
    return { userSizes: sizes.slice(0, numUsers), itemSizes: sizes.slice(numUsers), minSize, maxSize, budgetParameters: budget };
  }

  snapshot(): Snapshot {
    const users = this.agents?.users.snapshot();
    const items = this.agents?.items.snapshot();
    const arrays: Snapshot['arrays'] = {};
    for (const [prefix, snap] of [['users', users], ['items', items]] as const) {
      for (const [k, v] of Object.entries(snap?.arrays ?? {})) arrays[`${prefix}/${k}`] = v;
    }
    return {
      kind: SNAPSHOT_KIND,
      meta: {
        format: 'ciess/v1',
        policySteps: this.policySteps,
        bounds: this.bounds ? [...this.bounds] : null,
        users: users ? { kind: users.kind, meta: users.meta } : null,
        items: items ? { kind: items.kind, meta: items.meta } : null,
      },
      arrays,
    };
  }

  restore(snapshot: Snapshot): void {
    if (snapshot?.kind !== SNAPSHOT_KIND) throw new Error(`Cannot restore a "${String(snapshot?.kind)}" snapshot into the CIESS searcher`);
    const meta = snapshot.meta as {
      policySteps?: number;
      bounds?: [number, number] | null;
      users?: { kind: string; meta: Snapshot['meta'] } | null;
      items?: { kind: string; meta: Snapshot['meta'] } | null;
    };
    if (typeof meta.policySteps !== 'number') throw new Error('CIESS restore: snapshot meta lacks "policySteps"');
    if (meta.bounds && meta.users && meta.items) {
      const agents = this.ensureAgents(meta.bounds[0], meta.bounds[1]);
      for (const [prefix, agent, saved] of [['users', agents.users, meta.users], ['items', agents.items, meta.items]] as const) {
        const arrays = Object.fromEntries(
          Object.entries(snapshot.arrays)
            .filter(([k]) => k.startsWith(`${prefix}/`))
            .map(([k, v]) => [k.slice(prefix.length + 1), v]),
        );
        agent.restore({ kind: saved.kind, meta: saved.meta, arrays });
      }
    } else {
      this.dispose();
    }
    this.policySteps = meta.policySteps;
  }

  dispose(): void {
    this.agents?.users.dispose();
    this.agents?.items.dispose();
    this.agents = undefined;
    this.bounds = undefined;
  }
}

/** A model's fitness and per-entity quality. */
interface Measurement {
  readonly fitness: number;
  readonly quality: EntityQuality;
}

/** One action per state row: `actBatch` when the agent has it, else `act` row by row. */
function actRows(agent: AgentV1, states: Float32Array, explore: boolean): Float64Array {
  const n = states.length / ENTITY_STATE_SIZE;
  if (n === 0) return new Float64Array(0);
  if (isBatchedAgent(agent)) return Float64Array.from(agent.actBatch(states, { explore }));
  const out = new Float64Array(n);
  for (let e = 0; e < n; e++) out[e] = agent.act(states.subarray(e * ENTITY_STATE_SIZE, (e + 1) * ENTITY_STATE_SIZE), { explore })[0];
  return out;
}

function concat(a: ArrayLike<number>, b: ArrayLike<number>): Float64Array {
  const out = new Float64Array(a.length + b.length);
  out.set(a as ArrayLike<number>);
  out.set(b as ArrayLike<number>, a.length);
  return out;
}

function mean(values: Int32Array): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return values.length ? sum / values.length : 0;
}

/**
 * CIESS (Qu et al., SIGIR 2023) as a streaming searcher. Each user and each item gets
 * its own action, its size in [MIN, MAX], from two agents (users, items) over a
 * 3-value state (normalised frequency, size, quality ratio). At every segment t >= 1 it
 * updates the policy on segment t-1: for `loops` steps, the actor proposes sizes with
 * per-entity exploration noise, a random walk over nearby sizes offers `walkSteps`
 * more and the critic picks the best; the picks are projected onto the budget (one
 * scale factor, clipping, largest-remainder rounding), a fresh recommender is trained
 * `rewardSteps` steps with them, and every evaluated entity's reward is
 * `quality - λ ((size - 1) / MAX)^2`. It then plans segment t with the deterministic
 * actor on the current states (unseen entities included), projected onto the budget.
 * Every plan it explores or deploys is within the budget. Segment 0 gets uniform sizes,
 * or, with `firstSegment: 'search'` (the static protocol's single segment), a search on
 * segment 0 itself scored on the run's selection split, deploying the best of the
 * uniform start and the loops' plans (CIESS keeps the best loop and retrains it).
 *
 * @example
 * const searcher = createCiessSearcher({ agent: createTd3(), loops: 11, rewardSteps: 200 });
 */
export function createCiessSearcher(options: CiessSearcherOptions): SearcherV1 {
  return new CiessSearcher(options);
}
