import { join } from 'node:path';
import { describeStreamDataset } from '@scall/testkit';
import { describe, expect, it } from 'vitest';
import { datasetPreset, formatSegmentTable, loadStream } from '../src/index.js';
import { DATA_DIR } from './helpers.js';
import { expectNaiveProtocol } from './naive-protocol.js';

// Real-data tests: run by `pnpm test:data` only (see docs/contributing.md).
const ml100k = (extra: Record<string, unknown> = {}) => loadStream({ ...datasetPreset('ml-100k', DATA_DIR), seed: 3, ...extra });

describe('ML-100K stream (10-core, threshold 300 new entities)', () => {
  it('matches an independent naive derivation of the protocol, segment by segment', async () => {
    const stream = await ml100k();
    expectNaiveProtocol(stream, join(DATA_DIR, 'ml-100k', 'u.data'), 300);
    expect(stream.numSegments).toBe(7); // the reference code's segment count on this stream (protocol §8)
  });

  it('without k-core keeps the documented 100,000 rows, 943 users and 1,682 items', async () => {
    const stream = await ml100k({ kCore: 0 });
    expect([stream.interactions.length, stream.totalUsers, stream.totalItems]).toEqual([100_000, 943, 1682]);
    expect(stream.protocol.duplicatesRemoved).toBe(0);
    expect(stream.userKey(0)).toMatch(/^\d+$/);
  });

  it('prints a segment table with one line per segment', async () => {
    const stream = await ml100k();
    const table = formatSegmentTable(stream).split('\n');
    expect(table[0]).toBe(`ml-100k: 7 segments, ${stream.totalUsers} users, ${stream.totalItems} items`);
    expect(table).toHaveLength(3 + 7);
    expect(table[3].trim().split(/\s+/).slice(0, 6)).toEqual(['0', ...['users', 'items', 'newUsers', 'newItems', 'rows'].map((k) => String(stream.segment(0).stats[k as 'users'])) ]);
  });

  it('holds out a validation slice from the tail of each segment\'s own training rows', async () => {
    const stream = await ml100k({ validationRatio: 0.1 });
    const s = stream.segment(3);
    const ownTrain = Math.floor(s.stats.rows * 0.8);
    expect(s.stats.trainRows).toBe(s.stats.replayedRows + ownTrain - Math.floor(ownTrain * 0.1));
    expect(s.validation!.length).toBe(s.stats.validationRows);
    expect(s.validation!.length).toBeGreaterThan(0);
    expect(s.validation!.length).toBeLessThanOrEqual(Math.floor(ownTrain * 0.1));
  });

  it('the same seed gives the same stream; another seed other replays', async () => {
    const a = await ml100k({ seed: 11 });
    const b = await ml100k({ seed: 11 });
    const c = await ml100k({ seed: 12 });
    expect(Array.from(b.segment(4).train.items)).toEqual(Array.from(a.segment(4).train.items));
    expect(Array.from(c.segment(4).train.items)).not.toEqual(Array.from(a.segment(4).train.items));
  });
});

describeStreamDataset('ml-100k preset', () => ml100k(), { samplerRuns: 10 });
describeStreamDataset('ml-100k with validation and row segments', () => ml100k({ validationRatio: 0.1, segmenter: { kind: 'rows', rows: 20_000 } }), { samplerRuns: 5 });
describeStreamDataset('lastfm-2k (time windows)', () => loadStream(datasetPreset('lastfm-2k', DATA_DIR)), { segments: [0, 5, 11], samplerRuns: 5 });
