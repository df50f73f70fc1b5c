import { createRng } from '@scall/rng';
import type { ScoreJob, SizePlan, StreamSegment } from '@scall/spec';
import { initTf } from '@scall/tf-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScoringPool, inThreadScorer, scoreJob, type ScoringPool } from '../src/index.js';
import { createRecommender, tinyStream, type FixtureData } from './fixtures/environment.js';

const environment = (data: Omit<FixtureData, 'backend'> = {}, module = new URL('./fixtures/environment.ts', import.meta.url)) => ({ module, data: { backend, ...data } });
let backend: FixtureData['backend'];
let segment: StreamSegment;

function plan(seg: StreamSegment, userSize: number, itemSize: number): SizePlan {
  const userSizes = new Int32Array(seg.numUsers).fill(userSize);
  const itemSizes = new Int32Array(seg.numItems).fill(itemSize);
  return { userSizes, itemSizes, minSize: 1, maxSize: 8, budgetParameters: userSize * seg.numUsers + itemSize * seg.numItems };
}

function jobs(seg: StreamSegment): ScoreJob[] {
  const evaluation = { candidates: 'catalogue', ks: [10] } as const;
  return [
    { segment: seg, plan: plan(seg, 4, 4), steps: 30, batchSize: 64, init: 1, train: 2, evaluation, embeddings: true },
    { segment: seg, plan: plan(seg, 8, 2), steps: 30, batchSize: 64, init: 1, train: 2, evaluation },
    { segment: seg, plan: plan(seg, 2, 8), steps: 20, init: 7, train: 8, evaluation: { split: 'test', ks: [5] } },
    // Generator states (what a fork gives) instead of numeric seeds.
    { segment: seg, plan: plan(seg, 4, 4), steps: 30, batchSize: 64, init: createRng(5).fork().getState(), train: createRng(6).fork().getState(), evaluation },
  ];
}

beforeAll(async () => {
  backend = (await initTf()).backend;
  segment = tinyStream().segment(1);
});

describe('createScoringPool', () => {
  let pool: ScoringPool | undefined;
  afterAll(async () => pool?.close());

  it('gives the results of in-thread scoring, in job order, whatever the number of workers', async () => {
    const all = jobs(segment);
    const inThread = await inThreadScorer({ createRecommender })(all);
    expect(new Set(inThread.map((r) => r.fitness)).size).toBe(all.length); // the jobs differ
    pool = await createScoringPool({ workers: 2, environment: environment() });
    expect(pool.size).toBe(2);
    const parallel = await pool.scorePlans(all);
    expect(parallel.map((r) => r.fitness)).toEqual(inThread.map((r) => r.fitness));
    expect(parallel[0].embeddings).toEqual(inThread[0].embeddings);
    expect(parallel[1].embeddings).toBeUndefined();
    // Again, and on another segment: the worker swaps its cached segment.
    const other = tinyStream().segment(2);
    const again = await pool.scorePlans([...jobs(other).slice(0, 1), ...all.slice(1, 2)]);
    expect(again[0].fitness).toBe((await scoreJob(jobs(other)[0], { createRecommender })).fitness);
    expect(again[1].fitness).toBe(inThread[1].fitness);
    await pool.close();
    await expect(pool.scorePlans(all)).rejects.toThrow(/closed/);
  });

  it('reports a failing job with the job and the worker message, and keeps working', async () => {
    const p = await createScoringPool({ workers: 1, environment: environment() });
    try {
      const good = jobs(segment)[1];
      const bad = { ...good, plan: plan(tinyStream().segment(2), 4, 4) };
      await expect(p.scorePlans([good, bad])).rejects.toThrow(/Scoring job 2 of 2 \(segment 1, 30 steps, a plan of \d+ parameters\) failed in worker 0: .+/);
      expect((await p.scorePlans([good]))[0].fitness).toBeGreaterThanOrEqual(0);
    } finally {
      await p.close();
    }
  });

  it('refuses a job that needs the run evaluation', async () => {
    const p = await createScoringPool({ workers: 1, environment: environment() });
    try {
      await expect(p.scorePlans([{ ...jobs(segment)[1], evaluation: 'run' }])).rejects.toThrow(/evaluation: 'run'/);
    } finally {
      await p.close();
    }
  });

  it('fails clearly when a worker cannot start or dies, instead of hanging', async () => {
    const job = jobs(segment)[1];
    const cases: [Parameters<typeof environment>, RegExp][] = [
      [[{ failSetup: true }], /Scoring worker 0 could not start: fixture: no environment today/],
      [[{}, new URL('./fixtures/no-export.ts', import.meta.url)], /does not export a function "createWorkerEnvironment"/],
      [[{ exitOnSegment: true }], /Scoring worker 0 exited \(code 3\) during job 1 of 1/],
    ];
    for (const [args, message] of cases) {
      const p = await createScoringPool({ workers: 1, environment: environment(...args) });
      try {
        await expect(p.scorePlans([job])).rejects.toThrow(message);
        await expect(p.scorePlans([job])).rejects.toThrow(message); // the pool stays broken
      } finally {
        await p.close();
      }
    }
  });

  it('checks its options', async () => {
    await expect(createScoringPool({ workers: 0, environment: environment() })).rejects.toThrow(/workers must be a positive integer/);
  });
});

describe('scoreJob', () => {
  it('is deterministic and depends on its seeds', async () => {
    const [job] = jobs(segment);
    const a = await scoreJob(job, { createRecommender });
    const b = await scoreJob(job, { createRecommender });
    const c = await scoreJob({ ...job, train: 99 }, { createRecommender });
    expect(b).toEqual(a);
    expect(c.fitness).not.toBe(a.fitness);
  });

  it("needs the run's evaluation for evaluation: 'run'", async () => {
    const job: ScoreJob = { ...jobs(segment)[1], evaluation: 'run' };
    await expect(scoreJob(job, { createRecommender })).rejects.toThrow(/needs the run's evaluation/);
    const fitness = (await scoreJob(job, { createRecommender, evaluate: async () => ({ fitness: 0.25 }) as never })).fitness;
    expect(fitness).toBe(0.25);
  });
});
