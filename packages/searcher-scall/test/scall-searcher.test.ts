import { createScallAllocator } from '@scall/allocators';
import { createSac } from '@scall/agent-sac';
import { loadStream } from '@scall/datasets';
import { powerLaw } from '@scall/distribution-power-law';
import { evaluate } from '@scall/evaluation';
import { createRng } from '@scall/rng';
import { assertPlanWithinBudget, budgetParameters, type PolicyStepEvent, type SearchContext, type StreamDatasetV1 } from '@scall/spec';
import { createMockRecommender } from '@scall/testkit';
import { initTf } from '@scall/tf-runtime';
import { beforeAll, describe, expect, it } from 'vitest';
import { createScallSearcher } from '../src/index.js';

let dataset: StreamDatasetV1;
beforeAll(async () => {
  await initTf({ backends: ['wasm', 'cpu'] });
  dataset = await loadStream({
    source: { format: 'synthetic', users: 150, items: 80, rows: 2500, topics: 4, seed: 9 },
    segmenter: { kind: 'new-entities', threshold: 60 },
    seed: 9,
  });
});

const makeSearcher = () =>
  createScallSearcher({
    distribution: powerLaw,
    allocator: createScallAllocator({ distribution: powerLaw }),
    agent: createSac({ actorHiddenSizes: [16], criticHiddenSizes: [16] }),
    seed: 4,
    groups: 8,
    rewardSteps: 10,
    minPolicySteps: 3,
    maxPolicySteps: 5,
  });

async function contextFor(t: number, previous: SearchContext['previous'], events: PolicyStepEvent[]): Promise<SearchContext> {
  return {
    segment: dataset.segment(t),
    previous,
    budget: { kind: 'mean-size', meanSize: 6 },
    minSize: 1,
    maxSize: 16,
    rng: createRng(100 + t),
    createRecommender: () => createMockRecommender({ batchSize: 32 }),
    evaluate: (r, s) => evaluate(r, s),
    emit: (e) => events.push(e),
  };
}

async function deploy(t: number, plan: Awaited<ReturnType<ReturnType<typeof makeSearcher>['plan']>>) {
  const segment = dataset.segment(t);
  const model = createMockRecommender({ batchSize: 32 });
  model.build({ graph: segment.graph, numUsers: segment.numUsers, numItems: segment.numItems, plan, rng: createRng(t) });
  await model.train(20, segment.sampler, createRng(t + 1));
  const referenceFitness = (await evaluate(model, segment)).fitness;
  return { segment, deployed: model, plan, referenceFitness };
}

describe('SCALL searcher', () => {
  it('plans uniform sizes at t = 0, then learns on t-1 and plans within budget for t', async () => {
    const searcher = makeSearcher();
    const events: PolicyStepEvent[] = [];
    const plan0 = await searcher.plan(await contextFor(0, undefined, events));
    const s0 = dataset.segment(0);
    expect(new Set(plan0.userSizes).size).toBe(1);
    expect(plan0.budgetParameters).toBe(budgetParameters({ kind: 'mean-size', meanSize: 6 }, s0.numUsers, s0.numItems));
    expect(events).toHaveLength(0);

    const previous = await deploy(0, plan0);
    const plan1 = await searcher.plan(await contextFor(1, previous, events));
    const s1 = dataset.segment(1);
    expect(plan1.userSizes.length).toBe(s1.numUsers);
    expect(plan1.itemSizes.length).toBe(s1.numItems);
    assertPlanWithinBudget(plan1);
    expect(events.length).toBeGreaterThanOrEqual(3);
    expect(events.length).toBeLessThanOrEqual(5);
    for (const e of events) {
      expect(e.parameters).toBeLessThanOrEqual(e.budgetParameters);
      expect(e.action.every((a) => a >= 0 && a <= 1)).toBe(true);
      expect(Number.isFinite(e.reward)).toBe(true);
    }
    // Frequency rank: the most frequent user never gets less than the least frequent.
    const f = s1.userFrequencies;
    let hi = 0;
    let lo = 0;
    for (let u = 0; u < f.length; u++) {
      if (f[u] > f[hi]) hi = u;
      if (f[u] < f[lo]) lo = u;
    }
    expect(plan1.userSizes[hi]).toBeGreaterThanOrEqual(plan1.userSizes[lo]);
    previous.deployed.dispose();
    searcher.dispose();
  });

  it('restores from a snapshot and then plans exactly as the original', async () => {
    const a = makeSearcher();
    const plan0 = await a.plan(await contextFor(0, undefined, []));
    const prev = await deploy(0, plan0);
    await a.plan(await contextFor(1, prev, []));
    const snap = a.snapshot();
    const b = makeSearcher();
    b.restore(snap);
    const p1 = await a.plan(await contextFor(1, prev, [])); // both continue from identical states
    const p2 = await b.plan(await contextFor(1, prev, []));
    expect(Array.from(p2.userSizes)).toEqual(Array.from(p1.userSizes));
    expect(Array.from(p2.itemSizes)).toEqual(Array.from(p1.itemSizes));
    expect(() => b.restore({ kind: 'uniform', meta: {}, arrays: {} })).toThrow(/Cannot restore a "uniform" snapshot/);
    prev.deployed.dispose();
    a.dispose();
    b.dispose();
  });
});
