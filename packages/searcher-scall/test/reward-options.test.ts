import { createScallAllocator } from '@scall/allocators';
import { loadStream } from '@scall/datasets';
import { powerLaw } from '@scall/distribution-power-law';
import { evaluate } from '@scall/evaluation';
import { createRng } from '@scall/rng';
import { inThreadScorer } from '@scall/parallel-scoring';
import {
  assertPlanWithinBudget,
  type AgentFactoryV1,
  type PolicyStepEvent,
  type RecommenderV1,
  type ScoreJob,
  type ScoreResult,
  type SearchContext,
  type SizePlan,
  type StreamDatasetV1,
  type Transition,
} from '@scall/spec';
import { createMockAgent, createMockRecommender } from '@scall/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createScallSearcher,
  drawRewardSeeds,
  fixedBatchSampler,
  INITIAL_REWARD_RATIO,
  rescaleReward,
  resolveScallOptions,
  scorePlan,
  sharedInitialEmbeddings,
  uniformPlan,
  type ScallSearcherOptions,
} from '../src/index.js';

let dataset: StreamDatasetV1;
beforeAll(async () => {
  dataset = await loadStream({
    source: { format: 'synthetic', users: 150, items: 80, rows: 2500, topics: 4, seed: 9 },
    segmenter: { kind: 'new-entities', threshold: 60 },
    validationRatio: 0.2,
    seed: 9,
  });
});

const allocator = createScallAllocator({ distribution: powerLaw });
const budget = { kind: 'mean-size', meanSize: 6 } as const;

/** A mock agent whose instance (transitions, states seen by act) the test can read. */
function spyAgent() {
  const seen: { transitions: readonly Transition[]; states: Float32Array[] } = { transitions: [], states: [] };
  const factory: AgentFactoryV1 = (spec) => {
    const inner = createMockAgent({ mean: [0.4, 0.3, 0.6] })(spec) as ReturnType<AgentFactoryV1> & { transitions: readonly Transition[] };
    seen.transitions = inner.transitions;
    return {
      ...inner,
      act: (state: Float32Array, o: { explore: boolean }) => {
        seen.states.push(Float32Array.from(state));
        return inner.act(state, o);
      },
      observe: (t: Transition) => inner.observe(t),
      update: () => inner.update(),
      snapshot: () => inner.snapshot(),
      restore: (s) => inner.restore(s),
      dispose: () => inner.dispose(),
    };
  };
  return { factory, seen };
}

function searcherWith(extra: Partial<ScallSearcherOptions>, agent: AgentFactoryV1) {
  return createScallSearcher({ distribution: powerLaw, allocator, agent, seed: 4, groups: 8, rewardSteps: 8, minPolicySteps: 3, maxPolicySteps: 3, ...extra });
}

interface Counters {
  recommenders: number;
  runEvaluations: number;
  trainBatches: number[];
}

function contextFor(t: number, previous: SearchContext['previous'], events: PolicyStepEvent[], counters: Counters, scorer?: Scorer): SearchContext {
  const context: SearchContext = {
    segment: dataset.segment(t),
    previous,
    budget,
    minSize: 1,
    maxSize: 16,
    rng: createRng(100 + t),
    createRecommender: () => {
      counters.recommenders++;
      const model = createMockRecommender({ batchSize: 32 });
      const train = model.train.bind(model);
      return Object.assign(model, {
        train: (steps: number, sampler: Parameters<RecommenderV1['train']>[1], rng: Parameters<RecommenderV1['train']>[2]) =>
          train(steps, { sample: (n, r, out) => { const b = sampler.sample(n, r, out); counters.trainBatches.push(b.users.length); return b; } }, rng),
      });
    },
    evaluate: (r, s) => {
      counters.runEvaluations++;
      return evaluate(r, s);
    },
    emit: (e) => events.push(e),
  };
  return scorer ? { ...context, scorePlans: (jobs) => scorer(jobs, context) } : context;
}

/** A `SearchContext.scorePlans` under test, given the context it belongs to. */
type Scorer = (jobs: readonly ScoreJob[], context: SearchContext) => Promise<ScoreResult[]>;

async function deploy(t: number, plan: SizePlan) {
  const segment = dataset.segment(t);
  const model = createMockRecommender({ batchSize: 32 });
  model.build({ graph: segment.graph, numUsers: segment.numUsers, numItems: segment.numItems, plan, rng: createRng(t) });
  await model.train(20, segment.sampler, createRng(t + 1));
  const referenceFitness = (await evaluate(model, segment)).fitness;
  return { segment, deployed: model, plan, referenceFitness };
}

async function runOnce(extra: Partial<ScallSearcherOptions>, scorer?: Scorer) {
  const { factory, seen } = spyAgent();
  const searcher = searcherWith(extra, factory);
  const counters: Counters = { recommenders: 0, runEvaluations: 0, trainBatches: [] };
  const plan0 = await searcher.plan(contextFor(0, undefined, [], counters));
  const previous = await deploy(0, plan0);
  const events: PolicyStepEvent[] = [];
  const before = { ...counters, trainBatches: [] as number[] };
  counters.trainBatches = [];
  counters.recommenders = 0;
  counters.runEvaluations = 0;
  const plan1 = await searcher.plan(contextFor(1, previous, events, counters, scorer));
  previous.deployed.dispose();
  searcher.dispose();
  return { plan0, plan1, events, seen, counters, before, searcher };
}

const groups = 8;
const rewardIndex = 2 * groups;

describe('SCALL fidelity: the state holds the raw ratio, the buffer the rescaled reward', () => {
  it('starts the state at 0.5 and carries each step\'s raw ratio into the next state', async () => {
    const { events, seen } = await runOnce({});
    expect(events).toHaveLength(3);
    // First act of the policy update sees the initial ratio.
    expect(seen.states[0][rewardIndex]).toBeCloseTo(INITIAL_REWARD_RATIO, 6);
    expect(seen.transitions).toHaveLength(3);
    for (let i = 0; i < events.length; i++) {
      const e = events[i];
      const tr = seen.transitions[i];
      expect(e.ratio).toBeDefined();
      expect(tr.reward).toBeCloseTo(rescaleReward(e.ratio!, [0.9, 1.1]), 6);
      expect(e.reward).toBeCloseTo(tr.reward, 6);
      expect(tr.nextState[rewardIndex]).toBeCloseTo(e.ratio!, 5);
      expect(e.ratio).toBeCloseTo(e.fitness / e.baselineFitness!, 6);
    }
  });

  it('records every explored action in events and the deployed action on the plan', async () => {
    const { events, plan0, plan1 } = await runOnce({});
    expect(plan0.action).toBeUndefined(); // segment 0: uniform, no action
    expect(plan1.action).toHaveLength(3);
    expect(plan1.action![0]).toBeCloseTo(0.4, 5); // the mock agent's deterministic mean
    for (const e of events) expect(e.action).toHaveLength(3);
    assertPlanWithinBudget(plan1);
  });
});

describe('SCALL deployAction', () => {
  it("'best-explored' deploys the explored action with the highest mean ratio; 'policy' the deterministic one", async () => {
    const extra = { maxPolicySteps: 4, minPolicySteps: 4, rewardBaseline: 'twin', rewardSeeding: 'segment', rewardInit: 'shared', rewardSeeds: 2 } as const;
    const policy = await runOnce(extra);
    const best = await runOnce({ ...extra, deployAction: 'best-explored' });
    expect(policy.plan1.action![0]).toBeCloseTo(0.4, 5);
    // The same seeds and agent: the same explored actions and ratios in both runs.
    expect(best.events.map((e) => e.ratio)).toEqual(policy.events.map((e) => e.ratio));
    const ratios = best.events.map((e) => e.ratio!);
    expect(new Set(ratios).size).toBeGreaterThan(1);
    const top = best.events[ratios.indexOf(Math.max(...ratios))];
    best.plan1.action!.forEach((a, i) => expect(a).toBeCloseTo(top.action[i], 6));
    expect(Math.abs(best.plan1.action![0] - 0.4)).toBeGreaterThan(1e-4);
    assertPlanWithinBudget(best.plan1);
  });

  it('probeActions are scored first, in order, stored as transitions and eligible for best-explored', async () => {
    const probes = [[1, 0, 0], [0, 1, 1]];
    const extra = { maxPolicySteps: 4, minPolicySteps: 4, rewardBaseline: 'twin', rewardSeeding: 'segment', rewardInit: 'shared', rewardSeeds: 2 } as const;
    const { events, seen, plan1 } = await runOnce({ ...extra, probeActions: probes, deployAction: 'best-explored' });
    expect(events).toHaveLength(4);
    expect(events.slice(0, 2).map((e) => e.action)).toEqual(probes);
    expect(seen.transitions.slice(0, 2).map((t) => Array.from(t.action))).toEqual(probes);
    // After the design, the agent explores around its mean (0.4, 0.3, 0.6) again.
    for (const e of events.slice(2)) expect(Math.abs(e.action[0] - 0.4)).toBeLessThanOrEqual(0.2 + 1e-6);
    const ratios = events.map((e) => e.ratio!);
    const top = events[ratios.indexOf(Math.max(...ratios))];
    plan1.action!.forEach((x, i) => expect(x).toBeCloseTo(top.action[i], 6));
    assertPlanWithinBudget(plan1);
  });

  it('rejects bad probeActions naming them', () => {
    const base = { distribution: powerLaw, allocator, agent: createMockAgent() };
    expect(() => resolveScallOptions({ ...base, probeActions: [[0.5, 0.5]] })).toThrow(/probeActions\[0\] must be three numbers in \[0, 1\]/);
    expect(() => resolveScallOptions({ ...base, probeActions: [[0.5, 0.5, 0.5], [0, 1.5, 0]] })).toThrow(/probeActions\[1\]/);
    expect(() => resolveScallOptions({ ...base, maxPolicySteps: 10, probeActions: Array.from({ length: 11 }, () => [0, 0, 0]) })).toThrow(/11 actions, more than maxPolicySteps \(10\)/);
  });

  it('rejects an unknown deployAction naming it', () => {
    expect(() => resolveScallOptions({ distribution: powerLaw, allocator, agent: createMockAgent(), deployAction: 'last' as never })).toThrow(/deployAction must be one of "policy", "best-explored"/);
  });
});

describe('SCALL reward options', () => {
  it('reference reward: one fresh model per step through context.evaluate', async () => {
    const { counters } = await runOnce({});
    expect(counters.recommenders).toBe(3);
    expect(counters.runEvaluations).toBe(3);
  });

  it('custom split/candidates bypass context.evaluate and re-measure f_ref on the deployed model', async () => {
    const { counters, events } = await runOnce({ rewardSplit: 'validation', rewardCandidates: 'catalogue' });
    expect(counters.runEvaluations).toBe(0);
    expect(counters.recommenders).toBe(3);
    const base = events[0].baselineFitness!;
    expect(events.every((e) => e.baselineFitness === base)).toBe(true);
  });

  it('paired reward with segment seeds: one twin per seed, shared by every step', async () => {
    const { counters, events } = await runOnce({ rewardBaseline: 'twin', rewardSeeds: 2, rewardSeeding: 'segment' });
    expect(counters.recommenders).toBe(2 + 3 * 2);
    const base = events[0].baselineFitness!;
    expect(events.every((e) => e.baselineFitness === base)).toBe(true);
  });

  it('shared initialisation: one MAX-wide table per seed, then every model starts from its prefix', async () => {
    const { counters } = await runOnce({ rewardBaseline: 'twin', rewardSeeds: 2, rewardSeeding: 'segment', rewardInit: 'shared' });
    expect(counters.recommenders).toBe(2 + 2 + 3 * 2);
    const segment = dataset.segment(1);
    const [seed] = drawRewardSeeds(createRng(5), 1, true);
    const table = sharedInitialEmbeddings(seed, segment, () => createMockRecommender(), 1, 16);
    expect(table.users.sizes.every((s) => s === 16)).toBe(true);
    const small = uniformPlan(segment.numUsers, segment.numItems, 3 * (segment.numUsers + segment.numItems), 1, 16);
    const large = uniformPlan(segment.numUsers, segment.numItems, 9 * (segment.numUsers + segment.numItems), 1, 16);
    const start = (plan: SizePlan) => {
      const m = createMockRecommender();
      m.build({ graph: segment.graph, numUsers: segment.numUsers, numItems: segment.numItems, plan, rng: seed.init(), warmStart: table });
      const e = m.embeddings();
      m.dispose();
      return e;
    };
    const a = start(small);
    const b = start(large);
    // User 0's first 3 values agree between a size-3 and a size-9 model.
    const a0 = Array.from(a.users.values.subarray(a.users.offsets[0], a.users.offsets[0] + 3));
    const b0 = Array.from(b.users.values.subarray(b.users.offsets[0], b.users.offsets[0] + 3));
    expect(b0).toEqual(a0);
    expect(a0.some((v) => v !== 0)).toBe(true);
  });

  it('paired reward with step seeds: a twin per seed and step', async () => {
    const { counters, events } = await runOnce({ rewardBaseline: 'twin', rewardSeeds: 1 });
    expect(counters.recommenders).toBe(3 * 2);
    expect(new Set(events.map((e) => e.baselineFitness)).size).toBeGreaterThan(1);
  });

  it('a candidate with the twin\'s own sizes scores a ratio of exactly 1 (common random numbers)', async () => {
    const segment = dataset.segment(1);
    const plan = uniformPlan(segment.numUsers, segment.numItems, 6 * (segment.numUsers + segment.numItems), 1, 16);
    const [seed] = drawRewardSeeds(createRng(3), 1, true);
    const input = { segment, createRecommender: () => createMockRecommender({ batchSize: 32 }), steps: 10, batchSize: undefined, fitness: async (r: RecommenderV1) => (await evaluate(r, segment)).fitness };
    const a = await scorePlan(plan, seed, input);
    const b = await scorePlan(plan, seed, input);
    expect(a.fitness).toBeGreaterThan(0);
    expect(b.fitness).toBe(a.fitness);
    const [other] = drawRewardSeeds(createRng(4), 1, true);
    const c = await scorePlan(plan, other, input);
    expect(c.fitness).not.toBe(a.fitness);
  });

  it('rewardBatchSize fixes the reward models\' batch', async () => {
    const { counters } = await runOnce({ rewardBatchSize: 5 });
    expect(counters.trainBatches.length).toBe(3 * 8);
    expect(counters.trainBatches.every((n) => n === 5)).toBe(true);
    const sampler = fixedBatchSampler(dataset.segment(0).sampler, 7);
    expect(sampler.sample(100, createRng(1)).users.length).toBe(7);
  });

  it('preset v2 bundles the reward options and names the searcher; explicit options win', () => {
    const agent = createMockAgent();
    const v2 = resolveScallOptions({ distribution: powerLaw, allocator, agent, preset: 'v2' });
    expect(v2.rewardBaseline).toBe('twin');
    expect(v2.shapeMapping).toBe('log');
    expect(v2.rewardCandidates).toBe('catalogue');
    expect(v2.rewardInit).toBe('shared');
    expect(v2.rewardBatchSize).toBe(2048);
    const ref = resolveScallOptions({ distribution: powerLaw, allocator, agent });
    expect(ref.rewardBaseline).toBe('deployed');
    expect(ref.shapeMapping).toBe('linear');
    expect(ref.rewardSplit).toBeUndefined();
    expect(resolveScallOptions({ distribution: powerLaw, allocator, agent, preset: 'v2', shapeMapping: 'linear' }).shapeMapping).toBe('linear');
    expect(createScallSearcher({ distribution: powerLaw, allocator, agent, preset: 'v2' }).name).toBe('scall-v2');
    expect(createScallSearcher({ distribution: powerLaw, allocator, agent }).name).toBe('scall');
  });

  it('rejects bad reward options naming them', () => {
    const agent = createMockAgent();
    const base = { distribution: powerLaw, allocator, agent };
    expect(() => resolveScallOptions({ ...base, preset: 'v3' as never })).toThrow(/preset must be one of/);
    expect(() => resolveScallOptions({ ...base, rewardSplit: 'train' as never })).toThrow(/rewardSplit/);
    expect(() => resolveScallOptions({ ...base, rewardCandidates: 'all' as never })).toThrow(/rewardCandidates/);
    expect(() => resolveScallOptions({ ...base, rewardBaseline: 'uniform' as never })).toThrow(/rewardBaseline/);
    expect(() => resolveScallOptions({ ...base, rewardSeeds: 0 })).toThrow(/rewardSeeds must be a positive integer/);
    expect(() => resolveScallOptions({ ...base, rewardBatchSize: 2.5 })).toThrow(/rewardBatchSize/);
    expect(() => resolveScallOptions({ ...base, rewardSeeding: 'run' as never })).toThrow(/rewardSeeding/);
    expect(() => resolveScallOptions({ ...base, rewardInit: 'zero' as never })).toThrow(/rewardInit/);
    expect(() => resolveScallOptions({ ...base, shapeMapping: 'sqrt' as never })).toThrow(/shapeMapping/);
    expect(() => resolveScallOptions({ ...base, distribution: { ...powerLaw, shapeRange: [0, 1] }, shapeMapping: 'log' })).toThrow(/0 < lo < hi/);
  });

  it('log shape mapping reaches skewed power-law shapes that the linear one nearly never gives', async () => {
    const { plan1: linear } = await runOnce({});
    const { plan1: log } = await runOnce({ shapeMapping: 'log' });
    // Same action (0.4, 0.3, 0.6): the log mapping's user shape (0.1 * 300^0.3 ~ 0.55) is far
    // more skewed than the linear one (~9.1), so user sizes spread more.
    const spread = (p: SizePlan) => Math.max(...p.userSizes) - Math.min(...p.userSizes);
    expect(spread(log)).toBeGreaterThan(spread(linear));
    assertPlanWithinBudget(log);
  });
});

describe('SCALL with SearchContext.scorePlans', () => {
  // Jobs cross as data (structured clone, as to a worker thread); the segment by reference.
  const batches: number[] = [];
  const asData: Scorer = (jobs, context) => {
    batches.push(jobs.length);
    const crossed = jobs.map(({ segment, ...job }) => ({ ...structuredClone(job), segment }));
    return inThreadScorer({ createRecommender: context.createRecommender, evaluate: context.evaluate })(crossed);
  };
  const strip = (events: PolicyStepEvent[]) => events.map((e) => ({ ...e, seconds: 0 }));

  it.each([
    ['reference (forked single-use seeds, the run evaluation)', {}, [1, 1, 1]],
    ['v2 (twins, 2 segment seeds, shared initial table)', { preset: 'v2', rewardSteps: 8, rewardBatchSize: 16 }, [4, 2, 2]],
  ] as const)('%s: a step submits all its models at once, with the in-thread results', async (_name, extra, expected) => {
    const here = await runOnce(extra);
    batches.length = 0;
    const scored = await runOnce(extra, asData);
    expect(batches).toEqual(expected);
    expect(strip(scored.events)).toEqual(strip(here.events));
    expect(scored.plan1).toEqual(here.plan1);
    expect(scored.seen.transitions).toEqual(here.seen.transitions);
  });
});
