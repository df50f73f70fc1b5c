import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadStream } from '@scall/datasets';
import { seedTree } from '@scall/rng';
import { budgetParameters, type RunEvent, type RunResults, type SearchContext, type StreamDatasetV1 } from '@scall/spec';
import { createMockRecommender } from '@scall/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resumeIdentity, runStream } from '../src/index.js';
import { createTestSearcher } from './fixtures/test-searcher.js';

let dataset: StreamDatasetV1;
const dirs: string[] = [];
const tempDir = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'scall-runner-'));
  dirs.push(dir);
  return dir;
};

beforeAll(async () => {
  dataset = await loadStream({
    name: 'tiny-synthetic',
    source: { format: 'synthetic', users: 160, items: 90, rows: 3000, topics: 4, seed: 3 },
    segmenter: { kind: 'new-entities', threshold: 50 },
    seed: 3,
  });
});
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

const training = { blockSteps: 20, patience: 2, maxBlocks: 3 };
const comparable = (r: RunResults) =>
  r.segments.map((s) => ({ index: s.index, test: s.test, parameters: s.parameters, bytes: s.bytes, blocks: s.blocks, bestBlock: s.bestBlock, sizeByRank: s.sizeByRank }));

describe('runStream', () => {
  it('runs every segment within budget and writes results.json and events.jsonl', async () => {
    expect(dataset.numSegments).toBeGreaterThanOrEqual(3);
    const outDir = await tempDir();
    const events: RunEvent[] = [];
    const { results, finished } = await runStream({
      dataset,
      searcher: createTestSearcher('uniform'),
      createRecommender: () => createMockRecommender({ batchSize: 64 }),
      budget: { kind: 'mean-size', meanSize: 8 },
      maxSize: 32,
      seed: 1,
      training,
      outDir,
      onEvent: (e) => events.push(e),
      config: { searcher: 'uniform' },
    });
    expect(finished).toBe(true);
    expect(results.segments).toHaveLength(dataset.numSegments);
    for (const s of results.segments) {
      expect(s.parameters).toBeLessThanOrEqual(s.budgetParameters);
      expect(s.budgetParameters).toBe(8 * (s.stats.users + s.stats.items));
      expect(s.bytes).toBe(4 * s.parameters);
      expect(s.test.metrics.recall[20]).toBeGreaterThanOrEqual(0);
      expect(s.sizeByRank.users.rank[0]).toBe(0);
    }
    const written = JSON.parse(await readFile(join(outDir, 'results.json'), 'utf8')) as RunResults;
    expect(written.format).toBe('scall-results/v1');
    expect(written.summary.segments).toBe(dataset.numSegments - 1);
    expect(written.searcher).toBe('uniform');
    const lines = (await readFile(join(outDir, 'events.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as RunEvent);
    expect(lines).toEqual(JSON.parse(JSON.stringify(events)));
    expect(lines.filter((e) => e.type === 'segment-finished')).toHaveLength(dataset.numSegments);
    expect(lines.filter((e) => e.type === 'plan-applied').every((e) => e.type === 'plan-applied' && e.parameters <= e.budgetParameters)).toBe(true);
  });

  it('resumes a run killed after segment 1 and reaches identical results', async () => {
    const common = {
      dataset,
      createRecommender: () => createMockRecommender({ batchSize: 64 }),
      budget: { kind: 'mean-size' as const, meanSize: 6 },
      maxSize: 32,
      seed: 5,
      training,
      config: { searcher: 'random' },
    };
    const whole = await runStream({ ...common, searcher: createTestSearcher('random'), outDir: await tempDir() });
    const outDir = await tempDir();
    const first = await runStream({ ...common, searcher: createTestSearcher('random'), outDir, stopAfterSegment: 1 });
    expect(first.finished).toBe(false);
    expect(first.results.segments).toHaveLength(2);
    const resumed = await runStream({ ...common, searcher: createTestSearcher('random'), outDir, resume: true });
    expect(resumed.finished).toBe(true);
    expect(comparable(resumed.results)).toEqual(comparable(whole.results));
    const events = (await readFile(join(outDir, 'events.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as RunEvent);
    expect(events.filter((e) => e.type === 'segment-started').map((e) => e.segment)).toEqual([...Array(dataset.numSegments).keys()]);
  });

  it('refuses to resume under a different configuration and rejects over-budget plans', async () => {
    const outDir = await tempDir();
    const base = { dataset, createRecommender: () => createMockRecommender({ batchSize: 32 }), budget: { kind: 'mean-size' as const, meanSize: 4 }, maxSize: 16, seed: 1, training };
    await runStream({ ...base, searcher: createTestSearcher('uniform'), outDir, stopAfterSegment: 0, config: { a: 1 } });
    await expect(runStream({ ...base, searcher: createTestSearcher('uniform'), outDir, resume: true, config: { a: 2 } })).rejects.toThrow(/different configuration/);
    const greedy = createTestSearcher('uniform');
    const overspend = { ...greedy, name: 'greedy', specificationVersion: 'v1' as const, plan: async (ctx: Parameters<typeof greedy.plan>[0]) => {
      const plan = await greedy.plan(ctx);
      return { ...plan, userSizes: plan.userSizes.map(() => plan.maxSize) };
    }, snapshot: () => greedy.snapshot(), restore: () => {}, dispose: () => {} };
    await expect(runStream({ ...base, searcher: overspend, lastSegment: 0 })).rejects.toThrow(/over its budget/);
  });

  it('hands the searcher the budget in parameters and the seed tree\'s search child, and records bytes at bytesPerParameter', async () => {
    const inner = createTestSearcher('uniform');
    const seen: { budgetParameters: number | undefined; expected: number; draw: number; treeDraw: number }[] = [];
    const spy = {
      ...inner,
      plan: async (ctx: SearchContext) => {
        const t = ctx.segment.index;
        seen.push({
          budgetParameters: ctx.budgetParameters,
          expected: budgetParameters(ctx.budget, ctx.segment.numUsers, ctx.segment.numItems),
          draw: ctx.rng.next(),
          treeDraw: seedTree(9).child('search', t).rng().next(),
        });
        return inner.plan(ctx);
      },
    };
    const budget = { kind: 'bytes' as const, bytes: 6000, bytesPerParameter: 2 };
    const { results } = await runStream({ dataset, searcher: spy, createRecommender: () => createMockRecommender({ batchSize: 32 }), budget, maxSize: 16, seed: 9, training, lastSegment: 1 });
    expect(seen).toHaveLength(2);
    for (const s of seen) {
      expect(s.budgetParameters).toBe(3000);
      expect(s.budgetParameters).toBe(s.expected);
      // The searcher's generator is the seed tree's `search` child of the segment (fresh per segment).
      expect(s.draw).toBe(s.treeDraw);
    }
    for (const s of results.segments) {
      expect(s.budgetParameters).toBe(3000);
      expect(s.budgetBytes).toBe(6000);
    }
  });

  it('checks every plan against the run\'s [minSize, maxSize], whatever bounds the plan declares', async () => {
    const inner = createTestSearcher('uniform');
    const lax = {
      ...inner,
      name: 'lax',
      plan: async (ctx: SearchContext) => {
        const plan = await inner.plan(ctx);
        return { ...plan, minSize: 0, userSizes: plan.userSizes.map((s, i) => (i === 2 ? 0 : s)) };
      },
    };
    const base = { dataset, createRecommender: () => createMockRecommender({ batchSize: 32 }), budget: { kind: 'mean-size' as const, meanSize: 4 }, maxSize: 16, seed: 1, training, lastSegment: 0 };
    await expect(runStream({ ...base, searcher: lax })).rejects.toThrow(/Searcher "lax" planned segment 0 outside the run's limits: user 2 has size 0, outside \[1, 16\]/);
    const short = { ...inner, name: 'short', plan: async (ctx: SearchContext) => ({ ...(await inner.plan(ctx)), itemSizes: new Int32Array(1).fill(1) }) };
    await expect(runStream({ ...base, searcher: short })).rejects.toThrow(/plan has 1 item sizes but the segment has \d+ items/);
  });

  it('leaves the unit a bytes budget was written in out of the resume identity', () => {
    const options = { dataset, searcher: createTestSearcher('uniform'), createRecommender: () => createMockRecommender(), seed: 1 };
    const plain = resumeIdentity({ ...options, budget: { kind: 'bytes', bytes: 50_000 } });
    expect(resumeIdentity({ ...options, budget: { kind: 'bytes', bytes: 50_000, unit: 'MB' } })).toBe(plain);
    expect(resumeIdentity({ ...options, budget: { kind: 'bytes', bytes: 60_000, unit: 'MB' } })).not.toBe(plain);
  });
});
