import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRng } from '@scall/rng';
import { describeStreamDataset } from '@scall/testkit';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildStream, DatasetError, datasetPreset, formatSegmentTable, loadStream, type RawInteractions, type StreamDataset } from '../src/index.js';
import { FIXTURES_DIR } from './helpers.js';
import { expectNaiveProtocol } from './naive-protocol.js';

// The committed ml-100k fixture (generated rows in u.data's layout) is small: 50 new
// entities per segment give it several segments.
const THRESHOLD = 50;
const ml100k = (extra: Record<string, unknown> = {}) =>
  loadStream({ ...datasetPreset('ml-100k', FIXTURES_DIR), segmenter: { kind: 'new-entities', threshold: THRESHOLD }, seed: 3, ...extra });

/** In-memory raw interactions for property tests (ids used as keys). */
function rawOf(users: number[], items: number[], times: number[]): RawInteractions {
  return {
    source: 'memory',
    users: Int32Array.from(users),
    items: Int32Array.from(items),
    timestamps: Float64Array.from(times),
    length: users.length,
    numUsers: Math.max(0, ...users) + 1,
    numItems: Math.max(0, ...items) + 1,
    userKey: String,
    itemKey: String,
    badRows: { count: 0, examples: [] },
  };
}

describe('ml-100k preset on the u.data fixture (10-core, threshold 50 new entities)', () => {
  it('matches an independent naive derivation of the protocol, segment by segment', async () => {
    const stream = await ml100k();
    expect(stream.numSegments).toBeGreaterThan(3);
    expectNaiveProtocol(stream, join(FIXTURES_DIR, 'ml-100k', 'u.data'), THRESHOLD);
  });

  it('without k-core keeps every row of the file', async () => {
    const stream = await ml100k({ kCore: 0 });
    const rows = readFileSync(join(FIXTURES_DIR, 'ml-100k', 'u.data'), 'utf8').trim().split('\n').map((l) => l.split('\t'));
    expect(new Set(rows.map((r) => `${r[0]} ${r[1]}`)).size).toBe(rows.length); // like u.data: no repeated pair
    expect(stream.interactions.length).toBe(rows.length);
    expect(stream.protocol.duplicatesRemoved).toBe(0);
    expect([stream.totalUsers, stream.totalItems]).toEqual([new Set(rows.map((r) => r[0])).size, new Set(rows.map((r) => r[1])).size]);
    expect(stream.userKey(0)).toBe(rows[0][0]);
  });

  it('prints a segment table with one line per segment', async () => {
    const stream = await ml100k();
    const table = formatSegmentTable(stream).split('\n');
    expect(table[0]).toBe(`ml-100k: ${stream.numSegments} segments, ${stream.totalUsers} users, ${stream.totalItems} items`);
    expect(table).toHaveLength(3 + stream.numSegments);
    expect(table[3].trim().split(/\s+/).slice(0, 6)).toEqual(['0', ...['users', 'items', 'newUsers', 'newItems', 'rows'].map((k) => String(stream.segment(0).stats[k as 'users']))]);
  });

  it("holds out a validation slice from the tail of each segment's own training rows", async () => {
    const stream = await ml100k({ validationRatio: 0.1 });
    const s = stream.segment(3);
    const ownTrain = Math.floor(s.stats.rows * 0.8);
    expect(s.stats.trainRows).toBe(s.stats.replayedRows + ownTrain - Math.floor(ownTrain * 0.1));
    expect(s.validation!.length).toBe(s.stats.validationRows);
    expect(s.validation!.length).toBeGreaterThan(0);
    expect(s.validation!.length).toBeLessThanOrEqual(Math.floor(ownTrain * 0.1));
  });
});

describeStreamDataset('ml-100k preset (fixture)', () => ml100k(), { samplerRuns: 10 });
describeStreamDataset('ml-100k fixture with validation and row segments', () => ml100k({ validationRatio: 0.1, segmenter: { kind: 'rows', rows: 600 } }), { samplerRuns: 5 });
describeStreamDataset('synthetic-small preset', () => loadStream(datasetPreset('synthetic-small')), { samplerRuns: 10 });
describeStreamDataset('lastfm-2k preset on the fixture (time windows)', () => loadStream(datasetPreset('lastfm-2k', FIXTURES_DIR)), { segments: [0, 5, 10], samplerRuns: 5 });

describe('stream construction properties', () => {
  const arbitraryStream = fc
    .array(fc.tuple(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 15 }), fc.integer({ min: 0, max: 40 })), { minLength: 30, maxLength: 200 })
    .map((rows) => rawOf(rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map((r) => r[2])));

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
    const stream = buildStream(rawOf([5, 3, 5, 9, 3], [1, 2, 3, 4, 5], [10, 5, 5, 1, 10]), { name: 'ties', segmenter: { kind: 'rows', rows: 2 } });
    // Time order: row3 (t=1), row1 (t=5), row2 (t=5), row0 (t=10), row4 (t=10).
    expect(Array.from(stream.interactions.users).map((u) => stream.userKey(u))).toEqual(['9', '3', '5', '5', '3']);
    expect(Array.from(stream.interactions.users)).toEqual([0, 1, 2, 2, 1]);
    expect(Array.from(stream.interactions.items).map((i) => stream.itemKey(i))).toEqual(['4', '2', '3', '1', '5']);
  });

  it('removes repeated pairs (keeping the first) and filters the k-core iteratively', () => {
    const dup = buildStream(rawOf([0, 0, 1, 0], [0, 0, 1, 1], [1, 2, 3, 4]), { name: 'dup', segmenter: { kind: 'rows', rows: 2 } });
    expect(dup.interactions.length).toBe(3);
    expect(dup.protocol.duplicatesRemoved).toBe(1);
    // 2-core: user 2 has one row, which leaves item 2 with one row too: both go.
    const core = buildStream(rawOf([0, 0, 1, 1, 2, 0], [0, 1, 0, 1, 2, 2], [1, 2, 3, 4, 5, 6]), { name: 'core', kCore: 2, segmenter: { kind: 'rows', rows: 2 } });
    expect(core.interactions.length).toBe(4);
    expect([core.totalUsers, core.totalItems]).toEqual([2, 2]);
  });

  it('the same seed gives the same stream; another seed other replays', async () => {
    const a = await ml100k({ seed: 11 });
    const b = await ml100k({ seed: 11 });
    const c = await ml100k({ seed: 12 });
    expect(Array.from(b.segment(4).train.items)).toEqual(Array.from(a.segment(4).train.items));
    expect(Array.from(c.segment(4).train.items)).not.toEqual(Array.from(a.segment(4).train.items));
  });
});

describe('protocol errors', () => {
  it('rejects an empty stream after k-core and a segmenter that yields a single segment', () => {
    const raw = rawOf([0, 1, 2], [0, 1, 2], [1, 2, 3]);
    expect(() => buildStream(raw, { name: 'x', kCore: 5, segmenter: { kind: 'rows', rows: 1 } })).toThrow(/empty after the 5-core filter/);
    expect(() => buildStream(raw, { name: 'x', segmenter: { kind: 'new-entities', threshold: 100 } })).toThrow(/yields a single segment on 3 rows/);
    expect(() => buildStream(raw, { name: 'x', testRatio: 1.5, segmenter: { kind: 'rows', rows: 1 } })).toThrow(/option "testRatio"/);
    expect(() => buildStream(raw, { name: 'x', segmenter: { kind: 'rows', rows: 0 } })).toThrow(/option "segmenter.rows"/);
  });

  it('rejects unknown formats and presets, naming them', async () => {
    await expect(loadStream({ source: { format: 'parquet' } as never })).rejects.toThrow(/"source.format" .* got "parquet"/);
    expect(() => datasetPreset('nope' as never, FIXTURES_DIR)).toThrow(/unknown dataset preset "nope"/);
    expect(() => datasetPreset('ml-100k', '/nonexistent')).toThrow(/neither .*u\.data/);
  });
});
