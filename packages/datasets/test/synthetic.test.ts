import { describe, expect, it } from 'vitest';
import { createSyntheticStream, datasetPreset, loadStream } from '../src/index.js';

describe('createSyntheticStream', () => {
  it('is deterministic per seed, time ordered, and introduces users over time', () => {
    const a = createSyntheticStream({ users: 300, items: 120, rows: 6000, seed: 5 });
    const b = createSyntheticStream({ users: 300, items: 120, rows: 6000, seed: 5 });
    const c = createSyntheticStream({ users: 300, items: 120, rows: 6000, seed: 6 });
    expect(Array.from(b.items)).toEqual(Array.from(a.items));
    expect(Array.from(c.items)).not.toEqual(Array.from(a.items));
    for (let r = 1; r < a.length; r++) expect(a.timestamps[r] >= a.timestamps[r - 1]).toBe(true);
    expect(new Set(a.users).size).toBeGreaterThan(250);
    // Later users appear only after the start: the first tenth holds fewer distinct users than the last.
    const firstTenth = new Set(a.users.subarray(0, 600));
    expect(Math.max(...firstTenth)).toBeLessThan(150);
  });

  it('has power-law activity: the top 10% of users make far more than 10% of the rows', () => {
    const s = createSyntheticStream({ users: 1000, items: 400, rows: 40_000, seed: 2 });
    const counts = new Array<number>(1000).fill(0);
    for (const u of s.users) counts[u]++;
    counts.sort((x, y) => y - x);
    const top = counts.slice(0, 100).reduce((x, y) => x + y, 0);
    expect(top / s.length).toBeGreaterThan(0.2);
  });

  it('has a learnable structure: item co-occurrence beats popularity on a segment\'s test part', async () => {
    const stream = await loadStream(datasetPreset('synthetic-small'));
    expect(stream.numSegments).toBe(6);
    const s = stream.segment(3);
    const numItems = s.numItems;
    const byUser = new Map<number, number[]>();
    for (let k = 0; k < s.graph.length; k++) {
      const list = byUser.get(s.graph.users[k]) ?? [];
      list.push(s.graph.items[k]);
      byUser.set(s.graph.users[k], list);
    }
    const popularity = new Float64Array(numItems);
    for (let k = 0; k < s.graph.length; k++) popularity[s.graph.items[k]]++;
    const cooc = new Float64Array(numItems * numItems);
    for (const items of byUser.values()) for (const i of items) for (const j of items) if (i !== j) cooc[i * numItems + j]++;
    const tests = new Map<number, Set<number>>();
    for (let k = 0; k < s.test.length; k++) {
      const set = tests.get(s.test.users[k]) ?? new Set<number>();
      set.add(s.test.items[k]);
      tests.set(s.test.users[k], set);
    }
    const recall = (score: (u: number, i: number) => number): number => {
      let total = 0;
      for (const [u, relevant] of tests) {
        const seen = new Set(byUser.get(u) ?? []);
        const ranked = Array.from({ length: numItems }, (_, i) => i)
          .filter((i) => !seen.has(i))
          .sort((x, y) => score(u, y) - score(u, x) || x - y)
          .slice(0, 20);
        total += ranked.filter((i) => relevant.has(i)).length / relevant.size;
      }
      return total / tests.size;
    };
    const popular = recall((_, i) => popularity[i]);
    const learned = recall((u, i) => {
      let sum = 0;
      for (const j of byUser.get(u) ?? []) sum += cooc[j * numItems + i] / Math.sqrt(popularity[i] * popularity[j]);
      return sum;
    });
    expect(tests.size).toBeGreaterThan(100);
    expect(learned).toBeGreaterThan(popular * 1.2);
  });

  it('rejects invalid options by name', () => {
    expect(() => createSyntheticStream({ users: 0 })).toThrow(/synthetic option "users"/);
    expect(() => createSyntheticStream({ rows: 10, users: 100 })).toThrow(/"rows" \(10\) must be at least "users"/);
    expect(() => createSyntheticStream({ noise: 2 })).toThrow(/"noise"/);
  });
});
