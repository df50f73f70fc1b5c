import { describe, expect, it } from 'vitest';
import { loadDataset, loadConfig, resolveProtocolSettings } from '../src/index.js';
import { segmentRows } from '../src/commands/segments.js';
import { REAL_DATA_DIR } from '../../../scripts/data-tests-setup.js';

// Real-data test: run by `pnpm test:data` only (see docs/contributing.md).

/** scall-protocol.md §2 step 9: the reference stream of ML-100K (threshold 300), as measured with the reference code. */
const SPEC = [
  { users: 7, items: 258, graphPairs: 310, testPairs: 42, testUsers: 1, candidateItems: 42, replayRows: 0, ownRows: 387 },
  { users: 17, items: 557, graphPairs: 995, testPairs: 157, testUsers: 3, candidateItems: 138, replayRows: 130, ownRows: 793 },
  { users: 43, items: 817, graphPairs: 3493, testPairs: 173, testUsers: 5, candidateItems: 408, replayRows: 608, ownRows: 3043 },
  { users: 142, items: 1014, graphPairs: 12325, testPairs: 563, testUsers: 25, candidateItems: 725, replayRows: 2132, ownRows: 10661 },
  { users: 363, items: 1101, graphPairs: 32100, testPairs: 1061, testUsers: 38, candidateItems: 951, replayRows: 4530, ownRows: 22652 },
  { users: 606, items: 1137, graphPairs: 60705, testPairs: 1519, testUsers: 84, candidateItems: 1080, replayRows: 6097, ownRows: 30485 },
  { users: 893, items: 1148, graphPairs: 90769, testPairs: 2100, testUsers: 87, candidateItems: 1082, replayRows: 5986, ownRows: 29932 },
];

describe('scall segments --protocol reference --format json on ML-100K', () => {
  it('matches the spec table within 2 pairs/rows and 1 user per segment', async () => {
    const config = await loadConfig(undefined, { protocol: 'reference', dataset: { name: 'ml-100k', threshold: 300, dataDir: REAL_DATA_DIR } });
    const rows = segmentRows(await loadDataset(config, REAL_DATA_DIR), resolveProtocolSettings(config));
    expect(rows).toHaveLength(SPEC.length);
    rows.forEach((row, t) => {
      for (const [key, expected] of Object.entries(SPEC[t])) {
        const tolerance = key === 'users' || key === 'testUsers' ? 1 : 2;
        const actual = row[key as keyof typeof row];
        expect(Math.abs(actual - expected), `segment ${t} ${key}: ${actual} vs the spec's ${expected}`).toBeLessThanOrEqual(tolerance);
      }
    });
  });
});
