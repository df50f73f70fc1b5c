import { createTd3 } from '@scall/agent-td3';
import { createRng } from '@scall/rng';
import { assertPlanWithinBudget, budgetParameters, type PolicyStepEvent, type PreviousSegment, type SearchContext, type SearchEvent, type StreamSegment } from '@scall/spec';
import { createMockAgent, createMockRecommender, createMockSegment, evaluateWithScores } from '@scall/testkit';
import { initTf } from '@scall/tf-runtime';
import { beforeAll, describe, expect, it } from 'vitest';
import { CIESS_DEFAULTS, createCiessSearcher, scallPlugins } from '../src/index.js';

beforeAll(() => initTf({ backends: ['cpu'] }));

const agent = createTd3({ actorHiddenSizes: [8], criticHiddenSizes: [8], batchSize: 16 });
const budget = { kind: 'mean-size', meanSize: 5 } as const;
const createRecommender = () => createMockRecommender({ batchSize: 16 });

function context(segment: StreamSegment, previous: PreviousSegment | undefined, events: SearchEvent[]): SearchContext {
  return {
    segment,
    previous,
    budget,
    minSize: 1,
    maxSize: 12,
    rng: createRng(100 + segment.index),
    createRecommender,
    evaluate: (model, s) => evaluateWithScores(model, s),
    emit: (event) => events.push(event),
  };
}

async function twoSegments(searcher = createCiessSearcher({ agent, loops: 3, rewardSteps: 5, agentUpdatesPerLoop: 2 })) {
  const s0 = createMockSegment({ index: 0, numUsers: 14, numItems: 20, seed: 21 });
  const s1 = createMockSegment({ index: 1, numUsers: 22, numItems: 27, seed: 22 });
  const events: SearchEvent[] = [];
  const plan0 = await searcher.plan(context(s0, undefined, events));
  const deployed = createRecommender();
  deployed.build({ graph: s0.graph, numUsers: s0.numUsers, numItems: s0.numItems, plan: plan0, rng: createRng(1) });
  await deployed.train(20, s0.sampler, createRng(2));
  const plan1 = await searcher.plan(context(s1, { segment: s0, deployed, plan: plan0, referenceFitness: 0.1 }, events));
  deployed.dispose();
  return { searcher, s0, s1, plan0, plan1, events: events as PolicyStepEvent[] };
}

describe('CIESS searcher', () => {
  it('starts uniform, then updates the policy on t-1 for `loops` steps, every explored plan within the budget', async () => {
    const { searcher, s0, s1, plan0, plan1, events } = await twoSegments();
    const P0 = budgetParameters(budget, s0.numUsers, s0.numItems);
    expect(Math.max(...plan0.userSizes, ...plan0.itemSizes) - Math.min(...plan0.userSizes, ...plan0.itemSizes)).toBeLessThanOrEqual(1);
    expect(assertPlanWithinBudget(plan0)).toBe(P0);
    expect(events.map((e) => e.step)).toEqual([0, 1, 2]);
    for (const e of events) {
      expect(e.segment).toBe(1);
      expect(e.budgetParameters).toBe(P0);
      expect(e.parameters).toBe(P0); // 'fill' projection: the budget exactly
      expect(e.action).toHaveLength(2);
      expect(Number.isFinite(e.reward)).toBe(true);
    }
    // The deployed plan covers the new entities too and fills segment 1's budget.
    expect(plan1.userSizes.length).toBe(s1.numUsers);
    expect(plan1.itemSizes.length).toBe(s1.numItems);
    expect(assertPlanWithinBudget(plan1)).toBe(budgetParameters(budget, s1.numUsers, s1.numItems));
    // Per-entity transitions reached both agents' replay memories.
    const snap = searcher.snapshot();
    expect(snap.arrays['users/replay.rewards'].length).toBeGreaterThan(0);
    expect(snap.arrays['items/replay.rewards'].length).toBeGreaterThan(0);
    expect(snap.meta.policySteps).toBe(3);
    searcher.dispose();
  });

  it("with firstSegment 'search', searches on segment 0 itself and keeps the best of the uniform start and its loops", async () => {
    const searcher = createCiessSearcher({ agent, loops: 4, rewardSteps: 5, agentUpdatesPerLoop: 2, firstSegment: 'search' });
    const s0 = createMockSegment({ index: 0, numUsers: 14, numItems: 20, seed: 21 });
    const events: SearchEvent[] = [];
    const plan = await searcher.plan(context(s0, undefined, events));
    const steps = events as PolicyStepEvent[];
    expect(steps.map((e) => [e.segment, e.step])).toEqual([[0, 0], [0, 1], [0, 2], [0, 3]]);
    const P0 = budgetParameters(budget, s0.numUsers, s0.numItems);
    expect(assertPlanWithinBudget(plan)).toBe(P0);
    // Keep the best: the best loop's plan when it beat the uniform start (the baseline, trained as long), else the start.
    const best = steps.reduce((a, b) => (b.fitness > a.fitness ? b : a));
    const baseline = steps[0].baselineFitness!;
    expect(steps.every((e) => e.baselineFitness === baseline)).toBe(true);
    const meanOf = (sizes: Int32Array) => sizes.reduce((a, b) => a + b, 0) / sizes.length;
    const spread = Math.max(...plan.userSizes, ...plan.itemSizes) - Math.min(...plan.userSizes, ...plan.itemSizes);
    if (best.fitness > baseline) {
      expect([meanOf(plan.userSizes), meanOf(plan.itemSizes)]).toEqual(best.action);
      expect(spread).toBeGreaterThan(1); // a per-entity plan, not the uniform start
    } else {
      expect(spread).toBeLessThanOrEqual(1);
    }
    // A baseline no loop can beat (the first model built, the uniform start's, ranks the held-out
    // items first; every loop's model learns from scratch): the uniform start is deployed.
    const held = new Set<string>();
    for (const part of [s0.test, s0.validation]) if (part) for (let r = 0; r < part.length; r++) held.add(`${part.users[r]}:${part.items[r]}`);
    let built = 0;
    const losing = createCiessSearcher({ agent, loops: 2, rewardSteps: 5, agentUpdatesPerLoop: 2, firstSegment: 'search' });
    const lost: SearchEvent[] = [];
    const kept = await losing.plan({
      ...context(s0, undefined, lost),
      createRecommender: () => (built++ === 0 ? createMockRecommender({ batchSize: 16, score: (u, i) => (held.has(`${u}:${i}`) ? 1 : 0) }) : createRecommender()),
    });
    expect(lost.every((e) => (e as PolicyStepEvent).fitness < (e as PolicyStepEvent).baselineFitness!)).toBe(true);
    expect(Math.max(...kept.userSizes, ...kept.itemSizes) - Math.min(...kept.userSizes, ...kept.itemSizes)).toBeLessThanOrEqual(1);
    losing.dispose();
    expect(searcher.snapshot().meta.policySteps).toBe(4);
    searcher.dispose();
    expect(() => createCiessSearcher({ agent, firstSegment: 'skip' as never })).toThrow(/firstSegment.*"uniform" or "search"/);
  });

  it('runs `episodes` episodes of `loops` loops, each from the starting plan, keeping the best over all of them', async () => {
    const s0 = createMockSegment({ index: 0, numUsers: 14, numItems: 20, seed: 21 });
    const events: SearchEvent[] = [];
    const searcher = createCiessSearcher({ agent, loops: 2, episodes: 3, rewardSteps: 5, agentUpdatesPerLoop: 2, firstSegment: 'search' });
    const plan = await searcher.plan(context(s0, undefined, events));
    const steps = events as PolicyStepEvent[];
    expect(steps.map((e) => e.step)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(searcher.snapshot().meta.policySteps).toBe(6);
    assertPlanWithinBudget(plan);
    // The deployed plan is the best of the start and all six loops.
    const best = steps.reduce((a, b) => (b.fitness > a.fitness ? b : a));
    const meanOf = (sizes: Int32Array) => sizes.reduce((a, b) => a + b, 0) / sizes.length;
    if (best.fitness > steps[0].baselineFitness!) expect([meanOf(plan.userSizes), meanOf(plan.itemSizes)]).toEqual(best.action);
    searcher.dispose();
    expect(() => createCiessSearcher({ agent, episodes: 0 })).toThrow(/episodes/);
  });

  it("with budgetSplit 'by-population', users and items each fill their population's share of the budget", async () => {
    const { s0, s1, plan1, events } = await twoSegments(createCiessSearcher({ agent, loops: 3, rewardSteps: 5, agentUpdatesPerLoop: 2, budgetSplit: 'by-population' }));
    const sum = (a: Int32Array) => a.reduce((x, y) => x + y, 0);
    const P1 = budgetParameters(budget, s1.numUsers, s1.numItems);
    const users1 = Math.floor((P1 * s1.numUsers) / (s1.numUsers + s1.numItems));
    expect([sum(plan1.userSizes), sum(plan1.itemSizes)]).toEqual([users1, P1 - users1]);
    // Every explored plan too (events carry the mean sizes per side).
    const P0 = budgetParameters(budget, s0.numUsers, s0.numItems);
    const users0 = Math.floor((P0 * s0.numUsers) / (s0.numUsers + s0.numItems));
    for (const e of events) {
      expect(e.action[0] * s0.numUsers).toBeCloseTo(users0, 9);
      expect(e.action[1] * s0.numItems).toBeCloseTo(P0 - users0, 9);
    }
    expect(() => createCiessSearcher({ agent, budgetSplit: 'users' as never })).toThrow(/budgetSplit.*"shared" or "by-population"/);
  });

  it('drives an agent without batched members row by row when the walk is off, and refuses it otherwise', async () => {
    const mock = createMockAgent({ mean: [6] });
    const { plan1, events } = await twoSegments(createCiessSearcher({ agent: mock, loops: 2, rewardSteps: 3, walkSteps: 0 }));
    expect(events).toHaveLength(2);
    assertPlanWithinBudget(plan1);
    expect(() => createCiessSearcher({ agent: mock, loops: 1, rewardSteps: 3 })).toThrow(/agent "mock-agent" has no criticValues.*--agent td3/);
  });

  it('names bad options, and registers as "ciess" with the configured agent', () => {
    expect(() => createCiessSearcher({ agent, loop: 3 } as never)).toThrow(/unknown option "loop".*loops/);
    expect(() => createCiessSearcher({ agent, walkRadius: 0 })).toThrow(/walkRadius/);
    // Errors about the caller's input carry the project's user-error mark.
    expect(() => createCiessSearcher({ agent, walkRadius: 0 })).toThrow(expect.objectContaining({ exitCode: 2 }));
    expect(() => createCiessSearcher({ agent, projection: 'exact' as never })).toThrow(/projection/);
    expect(() => createCiessSearcher({} as never)).toThrow(/agent/);
    expect(CIESS_DEFAULTS.sizePenalty).toBe(0.01);
    const searcher = scallPlugins.searcher.ciess({ loops: 2 }, { agent, seed: 4, distribution: undefined as never, allocator: undefined as never });
    expect(searcher.name).toBe('ciess');
    searcher.dispose();
  });
});
