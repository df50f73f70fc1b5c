import { createRng } from '@scall/rng';
import { describe, expect, it } from 'vitest';
import { buildStream, DatasetError, type RawInteractions } from '../src/index.js';
import { rawOf } from './raw-of.js';

/** A stream where user u (0..9) rates items u..u+5 at increasing times: every row but the first few brings a new item. */
function ladder(): RawInteractions {
  const rows: [number, number, number][] = [];
  let t = 0;
  for (let u = 0; u < 10; u++) for (let k = 0; k < 6; k++) rows.push([u, u + k, t++]);
  return rawOf(rows);
}

describe('segment boundary (spec §2 step 8)', () => {
  it("'after' ends a segment after the crossing row; 'before' ends it before that row and restarts the count after it", () => {
    // Rows 0..5: user 0 + items 0..5 -> 7 new entities after row 5 (2 in row 0, 1 in each of rows 1..5).
    const after = buildStream(ladder(), { name: 'ladder', segmenter: { kind: 'new-entities', threshold: 6 }, boundary: 'after' });
    const before = buildStream(ladder(), { name: 'ladder', segmenter: { kind: 'new-entities', threshold: 6 }, boundary: 'before' });
    expect(after.boundaries[1]).toBe(6); // row 5 pushed the count to 7 > 6: cut after it
    expect(before.boundaries[1]).toBe(5); // ... cut before it
    // The count restarts after the crossing row in both rules, so later cuts stay one row apart.
    expect(Array.from(before.boundaries).slice(1, -1)).toEqual(Array.from(after.boundaries).slice(1, -1).map((b) => b - 1));
  });
});

describe('split base (spec §2 step 6)', () => {
  it("'with-replay' trains on the first round(0.8 (R + N)) rows of replay + own rows; 'own' on floor(0.8 N) own rows", () => {
    const raw = ladder();
    const options = { name: 'ladder', segmenter: { kind: 'rows', rows: 20 } as const, seed: 5 };
    const own = buildStream(raw, { ...options, splitBase: 'own' });
    const withReplay = buildStream(raw, { ...options, splitBase: 'with-replay' });
    for (const t of [1, 2]) {
      const a = own.segment(t);
      const b = withReplay.segment(t);
      const R = b.stats.replayedRows;
      const N = b.stats.rows;
      expect(R).toBe(own.segment(t).stats.replayedRows); // same reservoir either way
      expect(R).toBeGreaterThan(0);
      expect(a.stats.ownTrainRows).toBe(Math.floor(0.8 * N));
      expect(b.stats.ownTrainRows).toBe(Math.round(0.8 * (R + N)) - R);
      expect(b.train.length).toBe(Math.round(0.8 * (R + N)));
      expect(b.rawTest!.length).toBe(N - b.stats.ownTrainRows!);
      expect(b.graph.length).toBe(withReplay.boundaries[t] + b.stats.ownTrainRows!);
      expect(b.stats.graphRows).toBe(b.graph.length);
      expect(a.stats.graphRows).toBe(own.boundaries[t] + a.stats.ownTrainRows! - a.stats.validationRows);
    }
  });

  it('raw test rows keep unknown users and items; the known test part and the counts follow from them', () => {
    const stream = buildStream(ladder(), { name: 'ladder', segmenter: { kind: 'rows', rows: 20 }, splitBase: 'with-replay' });
    const segment = stream.segment(1);
    const raw = segment.rawTest!;
    let pairs = 0;
    const users = new Set<number>();
    const items = new Set<number>();
    for (let r = 0; r < raw.length; r++) {
      const knownUser = raw.users[r] < segment.numUsers;
      const knownItem = raw.items[r] < segment.numItems;
      if (knownUser && knownItem) pairs++;
      if (knownUser) users.add(raw.users[r]);
      if (knownItem) items.add(raw.items[r]);
    }
    expect(raw.length).toBeGreaterThan(pairs); // the ladder's test rows bring new items
    expect(segment.stats.testPairs).toBe(pairs);
    expect(segment.test.length).toBe(pairs);
    expect(segment.stats.testUsersAll).toBe(users.size);
    expect(segment.stats.candidateItems).toBe(items.size);
  });

  it('rejects an unknown split base by name', () => {
    expect(() => buildStream(ladder(), { name: 'x', splitBase: 'both' as 'own' })).toThrow(DatasetError);
    expect(() => buildStream(ladder(), { name: 'x', splitBase: 'both' as 'own' })).toThrow(/splitBase/);
  });
});

describe('BPR sampler modes (spec §2 step 8)', () => {
  // Segment 0: user 0 rates items 0..9, user 2 items 50..59. Segment 1: user 0 items 10..13,
  // user 1 items 20..39 (user 2 is absent, so items 50..59 are known but not in its training part).
  const rows: [number, number, number][] = [];
  let t = 0;
  for (let i = 0; i < 10; i++) rows.push([0, i, t++], [2, 50 + i, t++]);
  for (let i = 10; i < 14; i++) rows.push([0, i, t++]);
  for (let i = 20; i < 40; i++) rows.push([1, i, t++]);
  const raw = rawOf(rows);
  const base = { name: 'two', segmenter: { kind: 'rows', rows: 20 } as const, replayRatio: 1, seed: 2 };

  function draw(stream: ReturnType<typeof buildStream>, n = 4000) {
    const segment = stream.segment(1);
    const batch = segment.sampler.sample(n, createRng(9));
    return { segment, batch };
  }

  it("'new-first' positives come from the segment's own rows; 'current-uniform' also from replayed ones", () => {
    const { segment: s1, batch: newFirst } = draw(buildStream(raw, { ...base, positives: 'new-first' }));
    const { batch: uniform } = draw(buildStream(raw, { ...base, positives: 'current-uniform' }));
    expect(s1.stats.replayedRows).toBeGreaterThan(0);
    const user0 = (batch: typeof newFirst) => [...batch.positives.filter((_, b) => batch.users[b] === 0)];
    const replayedIds = new Set(Array.from({ length: 10 }, (_, i) => i));
    expect(user0(newFirst).some((i) => replayedIds.has(i))).toBe(false);
    expect(user0(uniform).some((i) => replayedIds.has(i))).toBe(true);
  });

  it("'current-items' negatives are items of the current training part the user never interacted with", () => {
    const { segment, batch } = draw(buildStream(raw, { ...base, negatives: 'current-items' }));
    const pool = new Set(segment.train.items);
    const graph = new Set<string>();
    for (let r = 0; r < segment.graph.length; r++) graph.add(`${segment.graph.users[r]}:${segment.graph.items[r]}`);
    for (let b = 0; b < batch.users.length; b++) {
      expect(graph.has(`${batch.users[b]}:${batch.negatives[b]}`)).toBe(false);
      expect(pool.has(batch.negatives[b])).toBe(true);
    }
    // With 'known', negatives also come from items outside the current training part.
    const { segment: s2, batch: known } = draw(buildStream(raw, { ...base, negatives: 'known' }));
    const pool2 = new Set(s2.train.items);
    expect(Array.from(known.negatives).some((i) => !pool2.has(i))).toBe(true);
  });

  it('the same seed gives the same triples', () => {
    const a = draw(buildStream(raw, { ...base, positives: 'current-uniform', negatives: 'current-items' })).batch;
    const b = draw(buildStream(raw, { ...base, positives: 'current-uniform', negatives: 'current-items' })).batch;
    expect(Array.from(a.negatives)).toEqual(Array.from(b.negatives));
    expect(Array.from(a.positives)).toEqual(Array.from(b.positives));
  });
});
