import { perUserPartSizes } from '@scall/stream-protocol';
import { describe, expect, it } from 'vitest';
import { loadConfig, loadDataset, resolveProtocolSettings } from '../src/index.js';
import { segmentRows } from '../src/commands/segments.js';
import { REAL_DATA_DIR } from '../../../scripts/data-tests-setup.js';

// Real-data test: run by `pnpm test:data` only (see docs/contributing.md).

/** ML-100K under the static protocol: one random per-user 50/25/25 split. */
async function ml100kStatic(dataset: Record<string, unknown> = {}) {
  const config = await loadConfig(undefined, { protocol: 'static', dataset: { name: 'ml-100k', dataDir: REAL_DATA_DIR, ...dataset } });
  return { config, stream: await loadDataset(config, REAL_DATA_DIR) };
}

describe('scall segments --protocol static on ML-100K', () => {
  it('without k-core splits all 100,000 rows of the 943 users, each user by the documented counts', async () => {
    const { stream } = await ml100kStatic({ kCore: 0 });
    expect(stream.numSegments).toBe(1);
    const s = stream.segment(0);
    const validation = s.rawValidation!;
    const test = s.rawTest!;
    expect(s.train.length + validation.length + test.length).toBe(100_000);
    expect(s.numUsers).toBe(943); // every user keeps training rows (each has >= 20)
    const rows = new Map<number, number[]>();
    for (const [p, part] of [s.train, validation, test].entries()) {
      for (const u of part.users) {
        const counts = rows.get(u) ?? [0, 0, 0];
        counts[p]++;
        rows.set(u, counts);
      }
    }
    expect(rows.size).toBe(943);
    for (const [u, [train, val, tst]] of rows) {
      const expected = perUserPartSizes(train + val + tst, 0.25, 0.25);
      expect([train, val, tst], `user ${u}`).toEqual([expected.train, expected.validation, expected.test]);
    }
    // About half trains; the known test pairs lose only rows of items absent from training.
    expect(s.train.length / 100_000).toBeGreaterThan(0.49);
    expect(s.train.length / 100_000).toBeLessThan(0.51);
    expect(s.test.length).toBeLessThanOrEqual(test.length);
    expect(s.test.length).toBeGreaterThan(0.98 * test.length);
  });

  it('with the preset (10-core) splits every row of the filtered stream; the table counts the full catalogue', async () => {
    const { config, stream } = await ml100kStatic();
    const s = stream.segment(0);
    expect(s.train.length + s.rawValidation!.length + s.rawTest!.length).toBe(stream.protocol.rows);
    expect(stream.protocol).toMatchObject({ splitBase: 'random-per-user', segmenter: 'none', kCore: 10, seed: 0 });
    const [row] = segmentRows(stream, resolveProtocolSettings(config));
    expect(row).toMatchObject({ users: stream.totalUsers, replayRows: 0, candidateItems: s.numItems, graphPairs: s.train.length, validationRows: s.validation!.length });
  });
});
