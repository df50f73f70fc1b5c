import { createRng } from '@scall/rng';
import { describeStreamDataset } from '@scall/testkit';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildStream, DatasetError, type RawInteractions, type StreamDataset, type StreamProtocolOptions } from '../src/index.js';
import { arrivingStream, rawOf } from './raw-of.js';

const arriving = (extra: StreamProtocolOptions = {}) =>
  buildStream(arrivingStream(5), { name: 'arriving', segmenter: { kind: 'new-entities', threshold: 60 }, seed: 3, ...extra });

describeStreamDataset('an arriving in-memory stream (new-entities segments)', () => arriving(), { samplerRuns: 10 });
describeStreamDataset('an arriving in-memory stream with validation, reference split and sampler', () =>
  arriving({ validationRatio: 0.1, splitBase: 'with-replay', boundary: 'before', positives: 'current-uniform', negatives: 'current-items' }),
);

describe('stream construction properties', () => {
  const arbitraryStream = fc
    .array(fc.tuple(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 15 }), fc.integer({ min: 0, max: 40 })), { minLength: 30, maxLength: 200 })
    .map((rows) => rawOf(rows));

  const build = (raw: RawInteractions, seed: number): StreamDataset | undefined => {
    try {
      return buildStream(raw, { name: 'random', segmenter: { kind: 'rows', rows: 10 }, seed, dedupe: 'keep' });
    } catch (error) {
      if (error instanceof DatasetError && /single segment/.test(error.message)) return undefined;
      throw error;
    }
  };

  it('segments partition the time-sorted stream; test entities are known; negatives are never graph positives', () => {
    fc.assert(
      fc.property(arbitraryStream, fc.integer({ min: 0, max: 1000 }), (raw, seed) => {
        const stream = build(raw, seed)!;
        expect(stream.boundaries[0]).toBe(0);
        expect(stream.boundaries[stream.numSegments]).toBe(raw.length);
        const sortedTimes = Array.from(raw.timestamps).sort((a, b) => a - b);
        expect(Array.from(stream.interactions.timestamps)).toEqual(sortedTimes);
        let own = 0;
        for (let t = 0; t < stream.numSegments; t++) {
          const s = stream.segment(t);
          own += s.stats.rows;
          for (let k = 0; k < s.test.length; k++) expect(s.test.users[k] < s.numUsers && s.test.items[k] < s.numItems).toBe(true);
          const graph = new Set<number>();
          for (let k = 0; k < s.graph.length; k++) graph.add(s.graph.users[k] * 1000 + s.graph.items[k]);
          if (s.trainUsers.length === 0) continue;
          let batch;
          try {
            batch = s.sampler.sample(16, createRng(seed));
          } catch (error) {
            // Only legitimate failure: a user who interacted with every known item.
            expect((error as Error).message).toMatch(/interacted with all/);
            continue;
          }
          for (let b = 0; b < 16; b++) expect(graph.has(batch.users[b] * 1000 + batch.negatives[b])).toBe(false);
        }
        expect(own).toBe(raw.length);
      }),
      { numRuns: 60 },
    );
  });

  it('keeps file order on timestamp ties and numbers entities by first appearance', () => {
    const stream = buildStream(rawOf([[5, 1, 10], [3, 2, 5], [5, 3, 5], [9, 4, 1], [3, 5, 10]]), { name: 'ties', segmenter: { kind: 'rows', rows: 2 } });
    // Time order: row3 (t=1), row1 (t=5), row2 (t=5), row0 (t=10), row4 (t=10).
    expect(Array.from(stream.interactions.users).map((u) => stream.userKey(u))).toEqual(['9', '3', '5', '5', '3']);
    expect(Array.from(stream.interactions.users)).toEqual([0, 1, 2, 2, 1]);
    expect(Array.from(stream.interactions.items).map((i) => stream.itemKey(i))).toEqual(['4', '2', '3', '1', '5']);
  });

  it('removes repeated pairs (keeping the first) and filters the k-core iteratively', () => {
    const dup = buildStream(rawOf([[0, 0, 1], [0, 0, 2], [1, 1, 3], [0, 1, 4]]), { name: 'dup', segmenter: { kind: 'rows', rows: 2 } });
    expect(dup.interactions.length).toBe(3);
    expect(dup.protocol.duplicatesRemoved).toBe(1);
    // 2-core: user 2 has one row, which leaves item 2 with one row too: both go.
    const core = buildStream(rawOf([[0, 0, 1], [0, 1, 2], [1, 0, 3], [1, 1, 4], [2, 2, 5], [0, 2, 6]]), { name: 'core', kCore: 2, segmenter: { kind: 'rows', rows: 2 } });
    expect(core.interactions.length).toBe(4);
    expect([core.totalUsers, core.totalItems]).toEqual([2, 2]);
  });

  it('the same seed gives the same stream; another seed other replays', () => {
    const a = arriving({ seed: 11 });
    const b = arriving({ seed: 11 });
    const c = arriving({ seed: 12 });
    const last = a.numSegments - 1;
    expect(a.segment(last).stats.replayedRows).toBeGreaterThan(0);
    expect(Array.from(b.segment(last).train.items)).toEqual(Array.from(a.segment(last).train.items));
    expect(Array.from(c.segment(last).train.items)).not.toEqual(Array.from(a.segment(last).train.items));
  });

  it('records the settings with defaults filled in, and the counts, in the protocol', () => {
    const stream = arriving();
    expect(stream.settings).toMatchObject({ kCore: 0, dedupe: 'first', replayRatio: 0.2, testRatio: 0.2, validationRatio: 0, seed: 3, splitBase: 'own' });
    expect(stream.protocol).toMatchObject({ dataset: 'arriving', segmenter: 'new-entities', segmenterValue: 60, tieBreak: 'file-order', rows: stream.interactions.length });
    expect(stream.protocol.duplicatesRemoved).toBeGreaterThan(0); // the generator repeats pairs
    expect((stream.protocol.rows as number) + (stream.protocol.duplicatesRemoved as number)).toBe(3000);
  });
});

describe('protocol errors', () => {
  it('rejects an empty stream after k-core and a segmenter that yields a single segment', () => {
    const raw = rawOf([[0, 0, 1], [1, 1, 2], [2, 2, 3]]);
    expect(() => buildStream(raw, { name: 'x', kCore: 5, segmenter: { kind: 'rows', rows: 1 } })).toThrow(/empty after the 5-core filter/);
    expect(() => buildStream(raw, { name: 'x', segmenter: { kind: 'new-entities', threshold: 100 } })).toThrow(/yields a single segment on 3 rows/);
    expect(() => buildStream(raw, { name: 'x', testRatio: 1.5, segmenter: { kind: 'rows', rows: 1 } })).toThrow(/option "testRatio"/);
    expect(() => buildStream(raw, { name: 'x', segmenter: { kind: 'rows', rows: 0 } })).toThrow(/option "segmenter.rows"/);
  });
});
