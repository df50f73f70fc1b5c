import { createRng } from '@scall/rng';
import type { SizePlan } from '@scall/spec';
import { describe, expect, it } from 'vitest';
import { createMockRecommender, createMockSegment, createUniformPlan } from '../src/index.js';

function plan(numUsers: number, numItems: number): SizePlan {
  return {
    userSizes: Int32Array.from({ length: numUsers }, (_, u) => 1 + (u % 5)),
    itemSizes: Int32Array.from({ length: numItems }, (_, i) => 2 + (i % 7)),
    minSize: 1,
    maxSize: 8,
    budgetParameters: 10_000,
  };
}

describe('createMockSegment', () => {
  it('is deterministic per seed and consistent with the StreamSegment contract', () => {
    const a = createMockSegment({ numUsers: 15, numItems: 20, seed: 4, validationFraction: 0.2 });
    const b = createMockSegment({ numUsers: 15, numItems: 20, seed: 4, validationFraction: 0.2 });
    const c = createMockSegment({ numUsers: 15, numItems: 20, seed: 5, validationFraction: 0.2 });
    expect(Array.from(a.train.items)).toEqual(Array.from(b.train.items));
    expect(Array.from(a.train.items)).not.toEqual(Array.from(c.train.items));
    expect(a.stats.trainRows + a.stats.validationRows + a.stats.testRows).toBeLessThanOrEqual(15 * 6);
    expect(a.validation!.length).toBeGreaterThan(0);
    expect(a.graph.length).toBe(a.train.length);
    let freq = 0;
    for (const f of a.userFrequencies) freq += f;
    expect(freq).toBe(a.train.length);
    const graphUsers = new Set(a.graph.users);
    const graphItems = new Set(a.graph.items);
    for (let r = 0; r < a.test.length; r++) {
      expect(graphUsers.has(a.test.users[r])).toBe(true);
      expect(graphItems.has(a.test.items[r])).toBe(true);
    }
    for (let r = 1; r < a.graph.length; r++) expect(a.graph.timestamps[r]).toBeGreaterThan(a.graph.timestamps[r - 1]);
  });

  it('samples positives from the training part and negatives the user never touched', () => {
    const segment = createMockSegment({ history: [[0, 3]], train: [[0, 0], [0, 1], [1, 2]], numItems: 6 });
    const batch = segment.sampler.sample(500, createRng(1));
    const again = segment.sampler.sample(500, createRng(1));
    expect(Array.from(again.negatives)).toEqual(Array.from(batch.negatives));
    for (let b = 0; b < 500; b++) {
      const u = batch.users[b];
      const train = u === 0 ? [0, 1] : [2];
      const graph = u === 0 ? [0, 1, 3] : [2];
      expect(train).toContain(batch.positives[b]);
      expect(graph).not.toContain(batch.negatives[b]);
      expect(batch.negatives[b]).toBeLessThan(6);
    }
    expect(new Set(batch.users).size).toBe(2);
  });

  it('rejects malformed pairs', () => {
    expect(() => createMockSegment({ train: [[0, -1]] })).toThrow(/pair \[0, -1\]/);
  });
});

describe('createMockRecommender', () => {
  const segment = createMockSegment({ numUsers: 12, numItems: 18, seed: 2 });
  const build = (model: ReturnType<typeof createMockRecommender>, p: SizePlan, seed = 1, warmStart?: ReturnType<typeof model.embeddings>) =>
    model.build({ graph: segment.graph, numUsers: segment.numUsers, numItems: segment.numItems, plan: p, rng: createRng(seed), warmStart });

  it('stores exactly the plan sizes and scores over the shared prefix', () => {
    const model = createMockRecommender();
    const p = plan(segment.numUsers, segment.numItems);
    build(model, p);
    let total = 0;
    for (const s of [...p.userSizes, ...p.itemSizes]) total += s;
    expect(model.memoryBytes()).toBe(4 * total);
    const { users, items } = model.embeddings();
    const s = model.score(Int32Array.of(3), Int32Array.of(5));
    // user 3 has size 4, item 5 size 7: dot over 4 dims
    let dot = 0;
    for (let d = 0; d < 4; d++) dot += users.values[users.offsets[3] + d] * items.values[items.offsets[5] + d];
    expect(s[0]).toBeCloseTo(dot, 6);
  });

  it('learns (loss falls), and snapshot / restore round-trip exactly', async () => {
    const model = createMockRecommender({ learningRate: 0.3 });
    build(model, createUniformPlan(segment.numUsers, segment.numItems, 8));
    const first = await model.train(30, segment.sampler, createRng(2));
    const snap = model.snapshot();
    const before = model.score(segment.trainUsers, Int32Array.from({ length: 18 }, (_, i) => i));
    let last = first;
    for (let i = 0; i < 5; i++) last = await model.train(30, segment.sampler, createRng(3 + i));
    expect(last.meanLoss).toBeLessThan(first.meanLoss);
    expect(model.trainedSteps).toBe(180);
    model.restore(snap);
    expect(model.trainedSteps).toBe(30);
    expect(model.score(segment.trainUsers, Int32Array.from({ length: 18 }, (_, i) => i))).toEqual(before);
  });

  it('warm-starts the common prefix and refuses a snapshot of another plan', () => {
    const old = createMockRecommender();
    build(old, createUniformPlan(segment.numUsers, segment.numItems, 3));
    const warm = old.embeddings();
    const model = createMockRecommender();
    build(model, plan(segment.numUsers, segment.numItems), 9, warm);
    const now = model.embeddings();
    // user 4 has size 5 now: first 3 copied, 2 new
    expect(Array.from(now.users.values.subarray(now.users.offsets[4], now.users.offsets[4] + 3))).toEqual(
      Array.from(warm.users.values.subarray(warm.users.offsets[4], warm.users.offsets[4] + 3)),
    );
    // user 0 has size 1 now: the tail is dropped
    expect(now.users.values[now.users.offsets[0]]).toBe(warm.users.values[0]);
    expect(() => model.restore(old.snapshot())).toThrow(/different size plan/);
  });

  it('uses scripted scores and reports misuse by name', () => {
    const model = createMockRecommender({ name: 'scripted', score: (u, i, steps) => u * 100 + i + steps });
    expect(() => model.score(Int32Array.of(0), Int32Array.of(0))).toThrow(/scripted.score: call build\(\) first/);
    build(model, createUniformPlan(segment.numUsers, segment.numItems, 2));
    expect(Array.from(model.score(Int32Array.of(2), Int32Array.of(1, 4)))).toEqual([201, 204]);
    expect(() => model.score(Int32Array.of(99), Int32Array.of(0))).toThrow(/user id 99 outside \[0, 12\)/);
    model.dispose();
    expect(model.disposed).toBe(true);
    expect(() => model.memoryBytes()).toThrow(/disposed/);
  });
});
