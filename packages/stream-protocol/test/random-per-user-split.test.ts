import { createRng } from '@scall/rng';
import type { Interactions } from '@scall/spec';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildStream, DatasetError, perUserPartSizes, type RawInteractions, type StreamDataset, type StreamProtocolOptions } from '../src/index.js';
import { rawOf } from './raw-of.js';

/**
 * A hand-built dataset: user u (0..9) has u + 1 rows, user 10 has 40 and user 11 has 37,
 * over 60 items, with timestamp ties; every (user, item) pair is distinct.
 */
function handBuilt(): RawInteractions {
  const rows: [number, number, number][] = [];
  const counts = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 40, 37];
  counts.forEach((count, u) => {
    for (let k = 0; k < count; k++) rows.push([u, (7 * u + k) % 60, 1000 + ((13 * u + 5 * k) % 50)]);
  });
  return rawOf(rows);
}

const rowCounts = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 40, 37];

const staticSplit = (extra: StreamProtocolOptions = {}, raw = handBuilt()): StreamDataset =>
  buildStream(raw, { name: 'hand-built', splitBase: 'random-per-user', seed: 3, ...extra });

/** `user:item:time` in source ids, one string per row. */
function rowKeys(stream: StreamDataset, part: Interactions): string[] {
  return Array.from({ length: part.length }, (_, r) => `${stream.userKey(part.users[r])}:${stream.itemKey(part.items[r])}:${part.timestamps[r]}`);
}

/** Rows per source user. */
function perUser(stream: StreamDataset, part: Interactions): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (let r = 0; r < part.length; r++) {
    const u = stream.userKey(part.users[r]);
    const list = out.get(u) ?? [];
    list.push(`${stream.itemKey(part.items[r])}:${part.timestamps[r]}`);
    out.set(u, list);
  }
  return out;
}

describe('perUserPartSizes (the rounding of the random per-user split)', () => {
  it('rounds half up, train takes the rest, and users with 1-3 rows keep a training row as documented', () => {
    const at = (n: number) => {
      const s = perUserPartSizes(n, 0.25, 0.25);
      return [s.train, s.validation, s.test];
    };
    expect(at(0)).toEqual([0, 0, 0]);
    expect(at(1)).toEqual([1, 0, 0]);
    expect(at(2)).toEqual([1, 0, 1]); // round(0.5) = 1 test, 1 validation: the validation row trains
    expect(at(3)).toEqual([1, 1, 1]);
    expect(at(4)).toEqual([2, 1, 1]);
    expect(at(5)).toEqual([3, 1, 1]);
    expect(at(6)).toEqual([2, 2, 2]); // 1.5 rounds up
    expect(at(7)).toEqual([3, 2, 2]);
    expect(at(100)).toEqual([50, 25, 25]);
    // Without validation, only the test part gives up rows: 1 row trains.
    expect(perUserPartSizes(1, 0.6, 0)).toEqual({ train: 1, validation: 0, test: 0 });
    expect(perUserPartSizes(2, 0.6, 0)).toEqual({ train: 1, validation: 0, test: 1 });
    expect(() => perUserPartSizes(-1, 0.25, 0.25)).toThrow(/non-negative integer/);
  });

  it('always sums to the rows, keeps a training row, and is the rounded ratio whenever that leaves one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }), fc.double({ min: 0.01, max: 0.6, noNaN: true }), fc.double({ min: 0, max: 0.35, noNaN: true }), (n, test, validation) => {
        const s = perUserPartSizes(n, test, validation);
        expect(s.train + s.validation + s.test).toBe(n);
        expect(s.train).toBeGreaterThanOrEqual(1);
        expect(s.validation).toBeGreaterThanOrEqual(0);
        expect(s.test).toBeGreaterThanOrEqual(0);
        const t = Math.floor(test * n + 0.5 + 1e-9);
        const v = Math.floor(validation * n + 0.5 + 1e-9);
        if (t + v <= n - 1) expect([s.test, s.validation]).toEqual([t, v]);
      }),
      { numRuns: 300 },
    );
  });
});

describe("splitBase 'random-per-user' (the static protocol)", () => {
  it('is one segment without replay; every user stays known', () => {
    const stream = staticSplit();
    expect(stream.numSegments).toBe(1);
    expect(Array.from(stream.boundaries)).toEqual([0, stream.interactions.length]);
    expect(() => stream.segment(1)).toThrow(DatasetError);
    const s = stream.segment(0);
    expect(s.stats.replayedRows).toBe(0);
    expect(s.numUsers).toBe(stream.totalUsers);
    expect(s.trainUsers.length).toBe(rowCounts.length);
    expect(s.stats.rows).toBe(rowCounts.reduce((a, b) => a + b, 0));
  });

  it('gives each user exactly the documented part sizes (ratios per user exact)', () => {
    const stream = staticSplit();
    const s = stream.segment(0);
    const train = perUser(stream, s.train);
    const validation = perUser(stream, s.rawValidation!);
    const test = perUser(stream, s.rawTest!);
    rowCounts.forEach((n, u) => {
      const expected = perUserPartSizes(n, 0.25, 0.25);
      const key = String(u);
      expect([train.get(key)?.length ?? 0, validation.get(key)?.length ?? 0, test.get(key)?.length ?? 0], `user ${u} with ${n} rows`).toEqual([
        expected.train,
        expected.validation,
        expected.test,
      ]);
    });
    expect(s.stats.ownTrainRows).toBe(s.train.length + s.rawValidation!.length);
  });

  it('loses and duplicates no interaction, and keeps the parts disjoint per user', () => {
    const raw = handBuilt();
    const stream = staticSplit({}, raw);
    const s = stream.segment(0);
    const all = [...rowKeys(stream, s.train), ...rowKeys(stream, s.rawValidation!), ...rowKeys(stream, s.rawTest!)].sort();
    const input = Array.from({ length: raw.length }, (_, r) => `${raw.users[r]}:${raw.items[r]}:${raw.timestamps[r]}`).sort();
    expect(all).toEqual(input);
    const pairs = (part: Interactions) => new Set(Array.from({ length: part.length }, (_, r) => `${part.users[r]}:${part.items[r]}`));
    const [a, b, c] = [pairs(s.train), pairs(s.rawValidation!), pairs(s.rawTest!)];
    for (const pair of b) expect(a.has(pair) || c.has(pair)).toBe(false);
    for (const pair of c) expect(a.has(pair)).toBe(false);
    // The training graph is the training part itself.
    expect(rowKeys(stream, s.graph)).toEqual(rowKeys(stream, s.train));
  });

  it('restricts validation and test to items of the training part; entities of the training part are a prefix of ids', () => {
    const stream = staticSplit();
    const s = stream.segment(0);
    const trainItems = new Set(s.train.items);
    expect(trainItems.size).toBe(s.numItems);
    for (const i of trainItems) expect(i).toBeLessThan(s.numItems);
    let unknown = 0;
    for (let r = 0; r < s.rawTest!.length; r++) if (!trainItems.has(s.rawTest!.items[r])) unknown++;
    expect(s.test.length).toBe(s.rawTest!.length - unknown);
    for (let r = 0; r < s.test.length; r++) expect(trainItems.has(s.test.items[r])).toBe(true);
    for (let r = 0; r < s.validation!.length; r++) expect(trainItems.has(s.validation!.items[r])).toBe(true);
    expect(s.stats.testRows).toBe(s.test.length);
    expect(s.stats.validationRows).toBe(s.validation!.length);
    // Every part is in time order.
    for (const part of [s.train, s.validation!, s.test]) for (let r = 1; r < part.length; r++) expect(part.timestamps[r]).toBeGreaterThanOrEqual(part.timestamps[r - 1]);
  });

  it('the same seed gives the same split, another seed another one', () => {
    const a = staticSplit({ seed: 11 });
    const b = staticSplit({ seed: 11 });
    const c = staticSplit({ seed: 12 });
    const keys = (s: StreamDataset) => rowKeys(s, s.segment(0).rawTest!).sort();
    expect(keys(b)).toEqual(keys(a));
    expect(keys(c)).not.toEqual(keys(a));
    // Same counts per user whatever the seed.
    expect(c.segment(0).rawTest!.length).toBe(a.segment(0).rawTest!.length);
  });

  it('the sampler draws training users, their training positives, and never a training positive as a negative', () => {
    const stream = staticSplit();
    const s = stream.segment(0);
    const train = new Set(Array.from({ length: s.train.length }, (_, r) => `${s.train.users[r]}:${s.train.items[r]}`));
    const batch = s.sampler.sample(2000, createRng(4));
    for (let k = 0; k < 2000; k++) {
      expect(train.has(`${batch.users[k]}:${batch.positives[k]}`)).toBe(true);
      expect(train.has(`${batch.users[k]}:${batch.negatives[k]}`)).toBe(false);
      expect(batch.negatives[k]).toBeLessThan(s.numItems);
    }
  });

  it('takes its ratios from testRatio and validationRatio, and records the split in the protocol', () => {
    const stream = staticSplit({ testRatio: 0.2, validationRatio: 0.1, segmenter: { kind: 'rows', rows: 5 } });
    expect(stream.settings).toMatchObject({ splitBase: 'random-per-user', testRatio: 0.2, validationRatio: 0.1 });
    expect(stream.protocol).toMatchObject({ splitBase: 'random-per-user', segmenter: 'none', segmenterValue: null, replayRatio: 0, boundary: null, testRatio: 0.2, validationRatio: 0.1, seed: 3 });
    expect(stream.numSegments).toBe(1); // the segmenter is not used
    const s = stream.segment(0);
    expect(s.rawTest!.length).toBe(rowCounts.reduce((a, n) => a + perUserPartSizes(n, 0.2, 0.1).test, 0));
    expect(staticSplit().settings).toMatchObject({ testRatio: 0.25, validationRatio: 0.25 });
    // No validation part at all with validationRatio 0.
    const noValidation = staticSplit({ validationRatio: 0 }).segment(0);
    expect(noValidation.validation).toBeUndefined();
    expect(noValidation.stats.validationRows).toBe(0);
  });

  it('refuses ratios that leave nothing to train, naming them', () => {
    expect(() => staticSplit({ testRatio: 0.5, validationRatio: 0.5 })).toThrow(DatasetError);
    expect(() => staticSplit({ testRatio: 0.5, validationRatio: 0.5 })).toThrow(/"testRatio" \(0.5\) and "validationRatio" \(0.5\)/);
    expect(() => staticSplit({ testRatio: 0 })).toThrow(/option "testRatio"/);
  });
});
