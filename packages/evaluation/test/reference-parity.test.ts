import { createRng } from '@scall/rng';
import type { Interactions, StreamSegment } from '@scall/spec';
import { createMockRecommender, createMockSegment, createUniformPlan } from '@scall/testkit';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../src/index.js';

const inter = (pairs: readonly (readonly [number, number])[], t0 = 100): Interactions => ({
  users: Int32Array.from(pairs.map((p) => p[0])),
  items: Int32Array.from(pairs.map((p) => p[1])),
  timestamps: Float64Array.from(pairs.map((_, k) => t0 + k)),
  length: pairs.length,
});

/** A segment whose `test` holds the known pairs of `rawTest` (as @scall/stream-protocol builds it). */
function withRawTest(segment: StreamSegment, raw: readonly (readonly [number, number])[]): StreamSegment {
  const known = new Set<number>();
  for (let r = 0; r < segment.graph.length; r++) known.add(segment.graph.items[r]);
  const pairs = raw.filter(([u, i]) => u < segment.numUsers && i < segment.numItems && known.has(i));
  return { ...segment, test: inter(pairs), rawTest: inter(raw) };
}

/**
 * Graph: user 0 rated items 0, 1, 5; user 1 items 2, 3; user 2 item 4. Item 6 is in no
 * graph row (unknown). Raw test rows: (0,2) (1,0) (2,6) (0,3) (3,4) (2,9) — user 3 and
 * items 6, 9 are unknown. score(u, i) = i.
 */
function handFixture() {
  const base = createMockSegment({ numUsers: 3, numItems: 7, history: [[0, 0], [2, 4]], train: [[0, 1], [1, 2], [1, 3], [0, 5]] });
  const segment = withRawTest(base, [[0, 2], [1, 0], [2, 6], [0, 3], [3, 4], [2, 9]]);
  const model = createMockRecommender({ score: (_u, i) => i });
  model.build({ graph: segment.graph, numUsers: segment.numUsers, numItems: segment.numItems, plan: createUniformPlan(segment.numUsers, segment.numItems, 4), rng: createRng(1) });
  return { segment, model };
}

const d = (rank: number) => 1 / Math.log2(rank + 1);

describe('the reference evaluation rule (spec §3), hand-checked', () => {
  it('users and candidates from all raw test rows; zero-relevance known users count', async () => {
    const { segment, model } = handFixture();
    const r = await evaluate(model, segment, { candidates: 'reference', users: 'all-known', ks: [20, 1] });
    // Users {0, 1, 2} (user 3 unknown); candidates = known items of all rows = {0, 2, 3, 4}
    // (item 4 only through unknown user 3's row).
    expect(r.users).toBe(3);
    expect(r.candidateItems).toBe(4);
    // user 0: 0 masked, ranks 4, 3, 2 with 3 and 2 relevant: Recall 1, NDCG (d2 + d3) / (d1 + d2)
    // user 1: 2, 3 masked, ranks 4, 0 with 0 relevant: Recall 1, NDCG d2
    // user 2: nothing known is relevant: 0, 0
    const ndcgUser0 = (d(2) + d(3)) / (d(1) + d(2)); // 0.69342
    const ndcgUser1 = d(2); // 0.63093
    expect(r.metrics.recall[20]).toBeCloseTo(2 / 3, 10);
    expect(r.metrics.ndcg[20]).toBeCloseTo((ndcgUser0 + ndcgUser1) / 3, 10);
    expect(r.metrics.ndcg[20]).toBeCloseTo(0.441451, 5);
    // At K = 1 both top items (4, 4) are irrelevant.
    expect(r.metrics.recall[1]).toBe(0);
    expect(r.fitness).toBeCloseTo((2 / 3 + 0.441451) / 2, 5);
  });

  it('the pair-based (v0.1) rule on the same model scores it perfect: the 1.7x inflation in miniature', async () => {
    const { segment, model } = handFixture();
    const r = await evaluate(model, segment, { candidates: 'test-items', users: 'known-pairs', ks: [20] });
    // Users {0, 1}; candidates {0, 2, 3}: user 0 ranks 3, 2 (both relevant), user 1 ranks 0.
    expect(r.users).toBe(2);
    expect(r.candidateItems).toBe(3);
    expect(r.metrics.recall[20]).toBe(1);
    expect(r.metrics.ndcg[20]).toBeCloseTo(1, 12);
  });

  it('full catalogue with every known test user', async () => {
    const { segment, model } = handFixture();
    const r = await evaluate(model, segment, { candidates: 'catalogue', users: 'all-known', ks: [20] });
    // Candidates = known items {0..5}; user 1 ranks 5, 4, 1, 0 -> relevant 0 at rank 4.
    expect(r.candidateItems).toBe(6);
    expect(r.metrics.recall[20]).toBeCloseTo(2 / 3, 10);
    expect(r.metrics.ndcg[20]).toBeCloseTo(((d(2) + d(3)) / (d(1) + d(2)) + d(4)) / 3, 10);
  });

  it('asks for raw rows by name when a segment lacks them', async () => {
    const { model } = handFixture();
    const plain = createMockSegment({ numUsers: 3, numItems: 7, history: [[0, 0]], train: [[0, 1], [1, 2]], test: [[1, 0]] });
    await expect(evaluate(model, { ...plain, rawTest: undefined }, { candidates: 'reference' })).rejects.toThrow(/rawTest/);
  });
});

/** An independent, naive Recall/NDCG of the reference rule: plain arrays, a full sort per user. */
function naiveReference(segment: StreamSegment, score: (u: number, i: number) => number, k: number) {
  const raw = segment.rawTest!;
  const knownItems = new Set<number>();
  const seen = new Map<number, Set<number>>();
  for (let r = 0; r < segment.graph.length; r++) {
    knownItems.add(segment.graph.items[r]);
    if (!seen.has(segment.graph.users[r])) seen.set(segment.graph.users[r], new Set());
    seen.get(segment.graph.users[r])!.add(segment.graph.items[r]);
  }
  const users = [...new Set(Array.from(raw.users).filter((u) => u < segment.numUsers))];
  const candidates = [...new Set(Array.from(raw.items).filter((i) => knownItems.has(i)))];
  let recall = 0;
  let ndcg = 0;
  for (const u of users) {
    const relevant = new Set<number>();
    for (let r = 0; r < raw.length; r++) if (raw.users[r] === u && knownItems.has(raw.items[r])) relevant.add(raw.items[r]);
    if (relevant.size === 0) continue;
    const ranked = candidates.filter((i) => !seen.get(u)?.has(i)).sort((a, b) => score(u, b) - score(u, a) || a - b).slice(0, k);
    const hits = ranked.filter((i) => relevant.has(i)).length;
    recall += hits / relevant.size;
    let dcg = 0;
    ranked.forEach((i, rank) => (dcg += relevant.has(i) ? d(rank + 1) : 0));
    let idcg = 0;
    for (let rank = 1; rank <= Math.min(relevant.size, k); rank++) idcg += d(rank);
    ndcg += dcg / idcg;
  }
  return { users: users.length, candidates: candidates.length, recall: recall / users.length, ndcg: ndcg / users.length };
}

describe('evaluate under the reference rule equals a naive computation', () => {
  it('on generated segments with unknown users and items in the test rows', async () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const rng = createRng(seed);
      const base = createMockSegment({ seed, numUsers: 30, numItems: 60, interactionsPerUser: 8 });
      const raw: [number, number][] = [];
      for (let r = 0; r < 120; r++) raw.push([rng.nextInt(36), rng.nextInt(70)]); // ids beyond the population are unknown
      const segment = withRawTest(base, raw);
      const score = (u: number, i: number) => Math.sin(u * 12.9898 + i * 78.233) * 43758.5453 - Math.floor(Math.sin(u * 12.9898 + i * 78.233) * 43758.5453);
      const model = createMockRecommender({ score });
      model.build({ graph: segment.graph, numUsers: segment.numUsers, numItems: segment.numItems, plan: createUniformPlan(segment.numUsers, segment.numItems, 4), rng: createRng(1) });
      const r = await evaluate(model, segment, { candidates: 'reference', users: 'all-known', ks: [10] });
      const naive = naiveReference(segment, score, 10);
      expect(r.users).toBe(naive.users);
      expect(r.candidateItems).toBe(naive.candidates);
      expect(r.metrics.recall[10]).toBeCloseTo(naive.recall, 6);
      expect(r.metrics.ndcg[10]).toBeCloseTo(naive.ndcg, 6);
    }
  });
});
