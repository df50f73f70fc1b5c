import { createRng } from '@scall/rng';
import { runStream } from '@scall/runner';
import { createSparseMatrixFactorization, createSparseLightGcn, type SparseGraphBprRecommender } from '@scall/sparse-embedding';
import {
  budgetParameters,
  isSparseSizePlan,
  layoutParameters,
  pairedRecommenderName,
  type Budget,
  type RecommenderFactoryV1,
  type SearchContext,
  type SparseSizePlan,
  type StreamDatasetV1,
  type StreamSegment,
} from '@scall/spec';
import { createMockRecommender, createMockSegment, describeSearcher, evaluateWithScores, type MockPair } from '@scall/testkit';
import { initTf } from '@scall/tf-runtime';
import { beforeAll, describe, expect, it } from 'vitest';
import { createMagPruneSearcher, createSparseRecSearcher, nonNegativeFactorization, scallPlugins } from '../src/index.js';

const sparseMf = () => createSparseMatrixFactorization({ batchSize: 32 });
describeSearcher('sparserec', () => createSparseRecSearcher({ nmfIterations: 5 }), { setup: () => initTf({ backends: ['cpu'] }), createRecommender: sparseMf });
describeSearcher('magprune', () => createMagPruneSearcher({ blockSteps: 3, maxBlocks: 2 }), { setup: () => initTf({ backends: ['cpu'] }), createRecommender: sparseMf });

/** Two segments: segment 1 adds users 10..12 and items 14..16 to segment 0's population. */
function twoSegments(): StreamSegment[] {
  const first = createMockSegment({ index: 0, numUsers: 10, numItems: 14, seed: 8, validationFraction: 0.2 });
  const history: MockPair[] = Array.from(first.graph.users, (u, k) => [u, first.graph.items[k]] as const);
  const rng = createRng(3);
  const train: MockPair[] = [];
  for (let u = 0; u < 13; u++) for (let j = 0; j < 4; j++) train.push([u, u >= 10 ? 14 + ((u + j) % 3) : rng.nextInt(17)]);
  const validation: MockPair[] = Array.from({ length: 13 }, (_, u) => [u, (u * 5) % 17] as const);
  const test: MockPair[] = Array.from({ length: 13 }, (_, u) => [u, (u * 7 + 1) % 17] as const);
  const second = createMockSegment({ index: 1, history, train, validation, test });
  return [first, second];
}

function contextFor(segment: StreamSegment, previous: SearchContext['previous'], budget: Budget, maxSize: number, createRecommender: RecommenderFactoryV1 = sparseMf): SearchContext {
  return {
    segment,
    previous,
    budget,
    minSize: 1,
    maxSize,
    rng: createRng(100 + segment.index),
    createRecommender,
    evaluate: (r, s) => evaluateWithScores(r, s),
    emit: () => {},
  };
}

describe('sparserec in a stream', () => {
  beforeAll(async () => {
    await initTf({ backends: ['cpu'] });
  });

  it('carries survivors\' masks over, gives new entities their top NMF dimensions, and holds the budget at every training step', async () => {
    const [s0, s1] = twoSegments();
    const maxSize = 16;
    const budget: Budget = { kind: 'bytes', bytes: 4 * 6 * (s0.numUsers + s0.numItems) }; // fixed: shrinks per entity as the population grows
    const searcher = createSparseRecSearcher({ nmfIterations: 20, interval: 2, endStep: 8, initialDropFraction: 0.4, sampledFraction: 0.6 });
    const plan0 = await searcher.plan(contextFor(s0, undefined, budget, maxSize));
    expect(isSparseSizePlan(plan0)).toBe(true);
    const deployed = createSparseLightGcn({ batchSize: 32 }) as SparseGraphBprRecommender;
    deployed.build({ graph: s0.graph, numUsers: s0.numUsers, numItems: s0.numItems, plan: plan0, rng: createRng(1) });
    const allowed0 = budgetParameters(budget, s0.numUsers, s0.numItems);
    for (let step = 0; step < 10; step++) {
      await deployed.train(1, s0.sampler, createRng(step));
      expect(deployed.activeParameters()).toBeLessThanOrEqual(allowed0);
    }
    expect(deployed.maskUpdates().length).toBeGreaterThan(0);
    const trained = deployed.sparseLayout();

    const context1 = contextFor(s1, { segment: s0, deployed, plan: plan0, referenceFitness: 0 }, budget, maxSize);
    const plan1 = (await searcher.plan(context1)) as SparseSizePlan;
    const allowed1 = budgetParameters(budget, s1.numUsers, s1.numItems);
    expect(layoutParameters(plan1.sparseLayout)).toBeLessThanOrEqual(allowed1);
    expect(layoutParameters(plan1.sparseLayout)).toBe(allowed1);
    // Survivors: every kept dimension was active in the trained mask (the budget shrank per entity).
    const dims = (rows: SparseSizePlan['sparseLayout']['users'], e: number) => Array.from(rows.indices.subarray(rows.offsets[e], rows.offsets[e + 1]));
    for (let u = 0; u < s0.numUsers; u++) {
      const before = new Set(dims(trained.users, u));
      for (const d of dims(plan1.sparseLayout.users, u)) expect(before.has(d)).toBe(true);
    }
    // New users: their dimensions are their highest NMF factors (same rng stream as the searcher).
    const factors = nonNegativeFactorization(s1.graph, s1.numUsers, s1.numItems, { rank: maxSize, iterations: 20, rng: createRng(101).fork() });
    for (let u = s0.numUsers; u < s1.numUsers; u++) {
      const chosen = dims(plan1.sparseLayout.users, u);
      expect(chosen.length).toBeGreaterThanOrEqual(1);
      const scores = Array.from(factors.users.subarray(u * maxSize, (u + 1) * maxSize));
      const top = scores.map((s, d) => [s, d] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]).slice(0, chosen.length).map(([, d]) => d).sort((a, b) => a - b);
      expect(chosen).toEqual(top);
    }
    // Training segment 1 keeps the budget at every step.
    const next = createSparseLightGcn({ batchSize: 32 });
    next.build({ graph: s1.graph, numUsers: s1.numUsers, numItems: s1.numItems, plan: plan1, rng: createRng(2), warmStart: deployed.embeddings() });
    for (let step = 0; step < 6; step++) {
      await next.train(1, s1.sampler, createRng(50 + step));
      expect(next.activeParameters()).toBeLessThanOrEqual(allowed1);
    }
  });

  it('fails clearly with a recommender that ignores sparse layouts, and names its sparse twins', async () => {
    const [s0] = twoSegments();
    const searcher = createSparseRecSearcher();
    await expect(searcher.plan(contextFor(s0, undefined, { kind: 'mean-size', meanSize: 3 }, 16, () => createMockRecommender()))).rejects.toThrow(/sparse-lightgcn/);
    expect(pairedRecommenderName(searcher, 'lightgcn')).toBe('sparse-lightgcn');
    expect(pairedRecommenderName(searcher, 'mf')).toBe('sparse-mf');
    expect(pairedRecommenderName(searcher, 'sparse-mf')).toBe('sparse-mf');
    expect(Object.keys(scallPlugins.searcher)).toEqual(['sparserec', 'magprune']);
    expect(Object.keys(scallPlugins.recommender)).toEqual(['sparse-lightgcn', 'sparse-mf']);
    expect(() => createSparseRecSearcher({ interval: 0 })).toThrow(/interval/);
    expect(() => createSparseRecSearcher({ bogus: 1 } as never)).toThrow(/bogus/);
  });
});

describe('magprune', () => {
  beforeAll(async () => {
    await initTf({ backends: ['cpu'] });
  });

  it('keeps the largest magnitudes of the warm-up model within the budget, minimum chosen on the selection split', async () => {
    const [s0] = twoSegments();
    const maxSize = 8;
    const budget: Budget = { kind: 'sparsity', sparsity: 0.75, maxSize };
    const searcher = createMagPruneSearcher({ blockSteps: 5, maxBlocks: 2, minimums: [1, 2] });
    const plan = (await searcher.plan(contextFor(s0, undefined, budget, maxSize))) as SparseSizePlan;
    const allowed = budgetParameters(budget, s0.numUsers, s0.numItems);
    expect(layoutParameters(plan.sparseLayout)).toBe(allowed);
    expect(plan.sparseTraining?.mode).toBe('frozen');
    const choice = searcher.history()[0];
    expect(Object.keys(choice.fitnessByMinimum).map(Number)).toEqual([1, 2]);
    expect(Math.min(...plan.userSizes, ...plan.itemSizes)).toBeGreaterThanOrEqual(choice.minimum);
    // The kept values are the largest |w| outside each entity's reserved minimum.
    const kept = [...plan.initialValues!.users, ...plan.initialValues!.items].map(Math.abs);
    expect(kept.every((v) => v > 0)).toBe(true);
  });
});

describe('runStream with sparserec (no runner change)', () => {
  beforeAll(async () => {
    await initTf({ backends: ['cpu'] });
  });

  it('runs two segments, reports active parameters within the budget and honest bytes', async () => {
    const segments = twoSegments();
    const dataset: StreamDatasetV1 = {
      specificationVersion: 'v1',
      name: 'mock',
      numSegments: 2,
      totalUsers: 13,
      totalItems: 17,
      segment: (t) => segments[t],
      protocol: {},
    };
    const budget: Budget = { kind: 'sparsity', sparsity: 0.75, maxSize: 16 };
    const { results } = await runStream({
      dataset,
      searcher: createSparseRecSearcher({ nmfIterations: 5, interval: 2, endStep: 6 }),
      createRecommender: () => createSparseLightGcn({ batchSize: 32 }),
      budget,
      maxSize: 16,
      seed: 1,
      selection: 'validation',
      training: { blockSteps: 4, maxBlocks: 2, patience: 1 },
    });
    expect(results.segments).toHaveLength(2);
    for (const s of results.segments) {
      expect(s.parameters).toBeLessThanOrEqual(s.budgetParameters);
      expect(s.bytes).toBe(5 * s.parameters); // 4-byte values + 1-byte indices
    }
    expect(results.recommender).toBe('sparse-lightgcn');
  });
});
