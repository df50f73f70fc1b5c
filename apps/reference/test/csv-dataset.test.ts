import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { executeRun, flagsToConfig, loadDataset, parseConfig } from '../src/index.js';
import { csvStreamOptions, describeDetection, segmentAdvice, suggestThreshold } from '../src/csv-dataset.js';
import { miniature } from './miniature.js';

const dir = mkdtempSync(join(tmpdir(), 'scall-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A CSV that is in no preset: semicolons, a header with unusual names, ISO date-times, users and items arriving over time. */
function writeCsv(rows: number): string {
  let state = 7;
  const random = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
  const lines = ['when;customer;product;stars'];
  for (let k = 0; k < rows; k++) {
    const progress = (k + 1) / rows;
    const user = Math.floor(random() * (30 + progress * 110));
    const item = Math.floor(random() ** 1.4 * (20 + progress * 60));
    lines.push(`${new Date(Date.UTC(2021, 0, 1) + k * 3_600_000).toISOString().slice(0, 19).replace('T', ' ')};c${user};p${item};${1 + (k % 5)}`);
  }
  const path = join(dir, 'shop.csv');
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

describe('your own CSV (dataset "csv")', () => {
  const path = writeCsv(2400);

  it('--data / --columns / --delimiter / --no-header become a "csv" dataset entry', () => {
    expect(flagsToConfig({ data: 'shop.csv', columns: 'timestamp,user,item', delimiter: 'semicolon', header: false, 'timestamp-format': 'iso' })).toEqual({
      dataset: { name: 'csv', path: 'shop.csv', columns: 'timestamp,user,item', delimiter: ';', header: false, timestampFormat: 'iso' },
    });
    expect(() => flagsToConfig({ columns: 'user,item' })).toThrow(/give it with --data/);
    expect(() => parseConfig({ dataset: { name: 'csv', path, columns: { user: 'customer' } } })).toThrow(/dataset\.columns/);
  });

  it('detects the layout, picks a threshold for about ten workable segments, and says so', async () => {
    const config = parseConfig({ dataset: { name: 'csv', path, columns: 'user=customer,item=product,timestamp=when' } });
    expect((await csvStreamOptions(parseConfig({ dataset: { name: 'csv', path } }).dataset, dir)).detection.format.columns).toEqual({ user: 'customer', item: 'product', timestamp: 'when' });
    const { detection, options } = await csvStreamOptions(config.dataset, dir);
    expect(detection.format).toMatchObject({ delimiter: ';', header: true, timestampFormat: 'iso' });
    expect(detection.rows).toBe(2400);
    expect(options.segmenter).toEqual({ kind: 'new-entities', threshold: detection.suggestedThreshold });
    expect(detection.suggestedThreshold).toBeGreaterThanOrEqual(suggestThreshold(detection.entities));
    expect(describeDetection(detection)).toMatch(/^shop\.csv: ";"-delimited, header line, user="customer" item="product" timestamp="when", timestamps as iso; 2400 rows/);
    const stream = await loadDataset(config, dir);
    expect(stream.name).toBe('shop');
    expect(stream.numSegments).toBeGreaterThanOrEqual(4);
    expect(stream.numSegments).toBeLessThanOrEqual(30);
    expect(segmentAdvice(stream, detection.suggestedThreshold, detection.suggestedThreshold)).toMatch(/workable, 4-30 is\. \(the suggested threshold for this file\)/);
    expect(stream.segment(0).stats.validationRows).toBeGreaterThan(0);
    // The same file with a threshold that leaves too few segments gets a suggestion.
    const coarse = await loadDataset(parseConfig({ dataset: { name: 'csv', path, threshold: Math.floor((stream.totalUsers + stream.totalItems) / 2.5) } }), dir);
    expect(coarse.numSegments).toBeLessThan(4);
    expect(segmentAdvice(coarse, 80, detection.suggestedThreshold)).toMatch(new RegExp(`at --threshold 80 is too few to learn from: try --threshold ${detection.suggestedThreshold}`));
  });

  it('runs SCALL on it end to end, within budget', async () => {
    const out = join(dir, 'run');
    // The miniature settings (MF, a few policy and training steps) on the CSV file.
    const config = miniature(out, {
      dataset: { name: 'csv', path },
      searcher: { name: 'scall', options: { groups: 8, rewardSteps: 10, minPolicySteps: 2, maxPolicySteps: 2 } },
      lastSegment: 2,
    });
    const { results } = await executeRun(config);
    expect(results.segments).toHaveLength(3);
    expect(results.dataset).toBe('shop');
    for (const s of results.segments) expect(s.parameters).toBeLessThanOrEqual(s.budgetParameters);
  });

  it('suggests thresholds with two significant digits', () => {
    expect(suggestThreshold(1445)).toBe(140);
    expect(suggestThreshold(2611)).toBe(260);
    expect(suggestThreshold(7)).toBe(1);
  });
});
