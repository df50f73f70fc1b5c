import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeStreamDataset } from '@scall/testkit';
import { describe, expect, it } from 'vitest';
import { datasetPreset, formatSegmentTable, loadStream } from '../src/index.js';
import { FIXTURES_DIR } from './helpers.js';
import { expectNaiveProtocol } from './naive-protocol.js';

// The protocol itself is tested in @scall/stream-protocol; these tests check the presets
// and readers feeding it. The committed ml-100k fixture (generated rows in u.data's
// layout) is small: 50 new entities per segment give it several segments.
const THRESHOLD = 50;
const ml100k = (extra: Record<string, unknown> = {}) =>
  loadStream({ ...datasetPreset('ml-100k', FIXTURES_DIR), segmenter: { kind: 'new-entities', threshold: THRESHOLD }, seed: 3, ...extra });

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

describe('the preset stream on the fixture', () => {
  it('the same seed gives the same stream; another seed other replays', async () => {
    const a = await ml100k({ seed: 11 });
    const b = await ml100k({ seed: 11 });
    const c = await ml100k({ seed: 12 });
    expect(Array.from(b.segment(4).train.items)).toEqual(Array.from(a.segment(4).train.items));
    expect(Array.from(c.segment(4).train.items)).not.toEqual(Array.from(a.segment(4).train.items));
  });
});

describe('source and preset errors', () => {
  it('rejects unknown formats and presets, naming them', async () => {
    await expect(loadStream({ source: { format: 'parquet' } as never })).rejects.toThrow(/"source.format" .* got "parquet"/);
    expect(() => datasetPreset('nope' as never, FIXTURES_DIR)).toThrow(/unknown dataset preset "nope"/);
    expect(() => datasetPreset('ml-100k', '/nonexistent')).toThrow(/neither .*u\.data/);
  });
});
