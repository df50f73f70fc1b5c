import { createRng } from '@scall/rng';
import type { Interactions, StreamSegment } from '@scall/spec';
import { createMockRecommender, createMockSegment, createUniformPlan } from '@scall/testkit';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../src/index.js';

const d = (rank: number) => 1 / Math.log2(rank + 1);

/**
 * 3 users, 7 items (item 6 never in the graph, so unknown), score(u, i) = i.
 * user 0: graph items 0, 1, 5; test items 2, 3
 * user 1: graph items 2, 3; test item 0
 * user 2: graph items 4; test items 9 and 6 (both unknown) -> counts with 0
 */
function fixture() {
  const segment = createMockSegment({
    numItems: 7,
    history: [[0, 0], [2, 4]],
    train: [[0, 1], [1, 2], [1, 3], [0, 5]],
    test: [[0, 2], [1, 0], [2, 9], [0, 3], [2, 6]],
  });
  const model = createMockRecommender({ score: (_u, i) => i });
  model.build({
    graph: segment.graph,
    numUsers: segment.numUsers,
    numItems: segment.numItems,
    plan: createUniformPlan(segment.numUsers, segment.numItems, 4),
    rng: createRng(1),
  });
  return { segment, model };
}

describe('evaluate', () => {
  it('ranks the test items, masks training items and counts users with nothing known as 0', async () => {
    const { segment, model } = fixture();
    const r = await evaluate(model, segment, { ks: [1, 4], perUser: true });
    expect(r.split).toBe('test');
    expect(r.candidates).toBe('test-items');
    expect(r.users).toBe(3);
    // candidates {0, 2, 3}; user 0 ranks 3, 2 (0 masked); user 1 ranks 0 (2, 3 masked)
    expect(Array.from(r.perUser!.users)).toEqual([0, 1, 2]);
    expect(Array.from(r.perUser!.relevant)).toEqual([2, 1, 0]);
    expect(Array.from(r.perUser!.metrics.recall[1])).toEqual([0.5, 1, 0]);
    expect(r.metrics.recall[1]).toBeCloseTo(1.5 / 3, 12);
    expect(r.metrics.ndcg[1]).toBeCloseTo(2 / 3, 12);
    expect(r.metrics.precision[1]).toBeCloseTo(2 / 3, 12);
    expect(r.metrics.hitRate[1]).toBeCloseTo(2 / 3, 12);
    expect(r.metrics.recall[4]).toBeCloseTo(2 / 3, 12);
    expect(r.metrics.ndcg[4]).toBeCloseTo(2 / 3, 12);
    expect(r.metrics.precision[4]).toBeCloseTo((2 / 4 + 1 / 4) / 3, 12);
    expect(r.fitness).toBeCloseTo(((0.5 + 1) / 2 + 1 + 0) / 3, 12);
  });

  it('ranks the whole catalogue of known items when asked', async () => {
    const { segment, model } = fixture();
    const r = await evaluate(model, segment, { ks: [1, 4], candidates: 'catalogue', perUser: true });
    expect(r.candidates).toBe('catalogue');
    // user 0: known items 0..5 less 0, 1, 5 -> ranking 4, 3, 2: hits at ranks 2 and 3
    // user 1: less 2, 3 -> ranking 5, 4, 1, 0: hit at rank 4
    expect(Array.from(r.perUser!.metrics.recall[1])).toEqual([0, 0, 0]);
    const ndcg4 = r.perUser!.metrics.ndcg[4];
    expect(ndcg4[0]).toBeCloseTo((d(2) + d(3)) / (d(1) + d(2)), 12);
    expect(ndcg4[1]).toBeCloseTo(d(4), 12);
    expect(ndcg4[2]).toBe(0);
    expect(r.metrics.recall[4]).toBeCloseTo(2 / 3, 12);
    expect(r.fitness).toBe(0);
  });

  it('gives the same result whatever the user batch size', async () => {
    const segment = createMockSegment({ numUsers: 40, numItems: 30, seed: 3 });
    const model = createMockRecommender();
    model.build({
      graph: segment.graph,
      numUsers: segment.numUsers,
      numItems: segment.numItems,
      plan: createUniformPlan(segment.numUsers, segment.numItems, 8),
      rng: createRng(2),
    });
    const whole = await evaluate(model, segment, { ks: [5, 10], candidates: 'catalogue' });
    const calls = model.calls.score;
    const batched = await evaluate(model, segment, { ks: [5, 10], candidates: 'catalogue', userBatchSize: 3 });
    expect(model.calls.score - calls).toBe(Math.ceil(whole.users / 3));
    expect(batched).toEqual(whole);
    expect(whole.fitness).toBeGreaterThan(0);
  });

  it('does not mask the evaluated rows even if the training graph holds them', async () => {
    const base = createMockSegment({ numUsers: 20, numItems: 30, seed: 5, validationFraction: 0.25 });
    const v = base.validation!;
    const graph: Interactions = {
      users: Int32Array.from([...base.graph.users, ...v.users]),
      items: Int32Array.from([...base.graph.items, ...v.items]),
      timestamps: Float64Array.from([...base.graph.timestamps, ...v.timestamps]),
      length: base.graph.length + v.length,
    };
    const withValidation: StreamSegment = { ...base, graph };
    const model = createMockRecommender({ score: (u, i) => ((u * 7 + i * 13) % 17) / 17 });
    model.build({
      graph: base.graph,
      numUsers: base.numUsers,
      numItems: base.numItems,
      plan: createUniformPlan(base.numUsers, base.numItems, 2),
      rng: createRng(3),
    });
    const a = await evaluate(model, base, { split: 'validation', ks: [3, 10] });
    const b = await evaluate(model, withValidation, { split: 'validation', ks: [3, 10] });
    expect(a.split).toBe('validation');
    expect(a.metrics.recall[10]).toBeGreaterThan(0);
    expect(b.metrics).toEqual(a.metrics);
  });

  it('names what is wrong', async () => {
    const { segment, model } = fixture();
    await expect(evaluate(model, segment, { split: 'validation' })).rejects.toThrow(/segment 1 has no validation split/);
    await expect(evaluate(model, segment, { userBatchSize: 0 })).rejects.toThrow(/userBatchSize must be a positive integer, got 0/);
    await expect(evaluate(model, segment, { candidates: 'all' as 'catalogue' })).rejects.toThrow(/candidates must be 'reference', 'test-items' or 'catalogue', got "all"/);
    const broken = { ...model, score: () => new Float32Array(1) };
    await expect(evaluate(broken, segment)).rejects.toThrow(/mock.score returned 1 scores for 2 users x 3 items/);
  });
});
