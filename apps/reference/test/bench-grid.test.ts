import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunResults } from '@scall/spec';
import { afterAll, describe, expect, it } from 'vitest';
import { runBenchGrid, type BenchGrid } from '../src/index.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

const tiny: BenchGrid = {
  description: 'two baselines on a tiny synthetic stream',
  datasets: [{ name: 'synthetic-small' }],
  searchers: ['uniform', 'random'],
  budgets: ['c=6'],
  seeds: [4],
  base: {
    dataset: {
      name: 'synthetic-small',
      options: { source: { format: 'synthetic', users: 120, items: 70, rows: 2000, topics: 4, seed: 5 }, segmenter: { kind: 'new-entities', threshold: 60 } },
    },
    recommender: { name: 'mf', options: { batchSize: 128 } },
    training: { blockSteps: 10, patience: 1, maxBlocks: 2 },
    maxSize: 16,
    lastSegment: 2,
  },
};

const read = async (root: string, dir: string) => JSON.parse(await readFile(join(root, dir, 'results.json'), 'utf8')) as RunResults;
const metrics = (r: RunResults) => r.segments.map((s) => [s.parameters, s.test.metrics.recall[20], s.test.metrics.ndcg[20]]);

describe('runBenchGrid', () => {
  it('runs cells in child processes (jobs 2) with the same results as in-process, and skips finished cells', async () => {
    const inProcess = await mkdtemp(join(tmpdir(), 'scall-grid-1-'));
    const children = await mkdtemp(join(tmpdir(), 'scall-grid-2-'));
    dirs.push(inProcess, children);
    const cells = await runBenchGrid({ name: 'tiny', grid: tiny, root: inProcess });
    expect(cells.map((c) => c.dir)).toEqual(['synthetic-small/c=6/uniform/seed-4', 'synthetic-small/c=6/random/seed-4']);
    const tsx = createRequire(import.meta.url).resolve('tsx');
    const cli = { command: process.execPath, args: ['--import', tsx, '--conditions=@scall/source', fileURLToPath(new URL('../src/cli.ts', import.meta.url))] };
    await runBenchGrid({ name: 'tiny', grid: tiny, root: children, jobs: 2, cli });
    for (const cell of cells) {
      const [a, b] = [await read(inProcess, cell.dir), await read(children, cell.dir)];
      expect(b.searcher).toBe(cell.searcher);
      expect(metrics(b)).toEqual(metrics(a));
      expect(b.configHash).toBe(a.configHash);
    }
    // A second pass finds every results.json and runs nothing (a failing CLI would throw).
    await runBenchGrid({ name: 'tiny', grid: tiny, root: children, jobs: 2, cli: { command: process.execPath, args: ['-e', 'process.exit(3)'] } });
    await expect(runBenchGrid({ name: 'tiny', grid: { ...tiny, seeds: [5] }, root: children, jobs: 2, cli: { command: process.execPath, args: ['-e', 'process.exit(3)'] } })).rejects.toThrow(/child run exited with code 3/);
  });
});
