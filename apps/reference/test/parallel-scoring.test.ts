import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunEvent } from '@scall/spec';
import { afterAll, describe, expect, it } from 'vitest';
import { executeRun, flagsToConfig, parseConfig } from '../src/index.js';
import { miniature } from './miniature.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

// SCALL v2 (twin baseline, two reward seeds, shared initial table: 3-4 models a policy
// step) on the miniature stream.
const v2 = (out: string, workers: number) =>
  miniature(out, {
    searcher: { name: 'scall-v2', options: { groups: 8, rewardSteps: 10, rewardBatchSize: 128, minPolicySteps: 2, maxPolicySteps: 3 } },
    lastSegment: 2,
    execution: { workers },
  });

async function run(workers: number) {
  const out = await mkdtemp(join(tmpdir(), `scall-workers-${workers}-`));
  dirs.push(out);
  const { results } = await executeRun(v2(out, workers));
  const events = (await readFile(join(out, 'events.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as RunEvent);
  const steps = events.flatMap((e) => (e.type === 'policy-step' ? [{ ...e, seconds: 0 }] : []));
  return { results, steps };
}

describe('execution.workers', () => {
  it('gives a SCALL v2 run the results of in-thread scoring', async () => {
    const one = await run(1);
    const two = await run(2);
    expect(one.steps.length).toBeGreaterThanOrEqual(2 * 2);
    expect(two.steps).toEqual(one.steps);
    expect(two.results.segments.map((s) => [s.test, s.parameters, s.action])).toEqual(one.results.segments.map((s) => [s.test, s.parameters, s.action]));
    expect(two.results.summary).toEqual(one.results.summary);
    // How a run executes is not what it is: same recorded config, same hash.
    expect(two.results.configHash).toBe(one.results.configHash);
    expect(two.results.config).not.toHaveProperty('execution');
  });

  it('is set with --workers and checked', () => {
    expect(flagsToConfig({ workers: '2' })).toEqual({ execution: { workers: 2 } });
    expect(parseConfig({}).execution.workers).toBe(1);
    expect(() => parseConfig({ execution: { workers: 0 } })).toThrow(/execution\.workers/);
    expect(() => flagsToConfig({ workers: 'two' })).toThrow(/--workers must be an integer/);
  });
});
