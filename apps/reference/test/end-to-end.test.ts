import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunEvent, RunResults } from '@scall/spec';
import { afterAll, describe, expect, it } from 'vitest';
import { executeRun } from '../src/index.js';
import { miniature } from './miniature.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('scall run, end to end', () => {
  it('runs a miniature SCALL stream within budget and writes complete result files', async () => {
    const out = await mkdtemp(join(tmpdir(), 'scall-e2e-'));
    dirs.push(out);
    const { results, finished } = await executeRun(miniature(out));
    expect(finished).toBe(true);
    const written = JSON.parse(await readFile(join(out, 'results.json'), 'utf8')) as RunResults;
    expect(written.searcher).toBe('scall');
    expect(written.recommender).toBe(results.recommender);
    expect(written.segments).toHaveLength(4);
    // The default (strict) protocol: validation selection, full catalogue, recorded knob by knob.
    expect(written.selection).toBe('validation');
    expect((written.config as { protocol: string }).protocol).toBe('strict');
    expect(written.protocol).toMatchObject({ splitBase: 'with-replay', boundary: 'before', positives: 'current-uniform', negatives: 'current-items', validationRatio: 0.1 });
    for (const s of written.segments) expect(s.test.candidates).toBe('catalogue');
    expect(['tensorflow', 'wasm', 'cpu']).toContain(written.backend);
    expect(written.versions['@scall/spec']).toBeDefined();
    expect((written.config as { budget: string }).budget).toBe('c=6');
    for (const s of written.segments) {
      expect(s.parameters).toBeLessThanOrEqual(s.budgetParameters);
      expect(s.budgetParameters).toBe(6 * (s.stats.users + s.stats.items));
      expect(s.bytes).toBeLessThanOrEqual(s.budgetBytes);
      expect(s.test.metrics.recall[20]).toBeGreaterThanOrEqual(0);
    }
    expect(written.summary.segments).toBe(3);
    const events = (await readFile(join(out, 'events.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as RunEvent);
    const steps = events.filter((e) => e.type === 'policy-step');
    expect(steps.length).toBeGreaterThanOrEqual(3 * 2); // segments 1..3, at least minPolicySteps each
    for (const e of steps) if (e.type === 'policy-step') expect(e.parameters).toBeLessThanOrEqual(e.budgetParameters);
  });

  it('plugs in a third-party distribution named in the config', async () => {
    const out = await mkdtemp(join(tmpdir(), 'scall-e2e-plugin-'));
    dirs.push(out);
    const config = miniature(out, { plugins: ['scall-distribution-kumaraswamy'], distribution: { name: 'kumaraswamy' }, lastSegment: 1 });
    const { results } = await executeRun(config);
    expect(results.segments).toHaveLength(2);
    expect((results.config as { distribution: { name: string } }).distribution.name).toBe('kumaraswamy');
    expect(results.versions['scall-distribution-kumaraswamy']).toBeDefined();
    await expect(executeRun(miniature(out, { distribution: { name: 'kumaraswamyy' } }))).rejects.toThrow(/No distribution named "kumaraswamyy"/);
    await expect(executeRun(miniature(out, { recommender: { name: 'mf', options: { batchsize: 8 } } }))).rejects.toThrow(/unknown option "batchsize" \(did you mean "batchSize"\?\)/);
    await expect(executeRun(miniature(out, { plugins: ['scall-no-such-plugin'] }))).rejects.toThrow(/Cannot load plug-in package "scall-no-such-plugin"/);
  });

  it('a SCALL run killed after segment 2 resumes to identical final results', async () => {
    const whole = await mkdtemp(join(tmpdir(), 'scall-e2e-whole-'));
    const killed = await mkdtemp(join(tmpdir(), 'scall-e2e-killed-'));
    dirs.push(whole, killed);
    const reference = await executeRun(miniature(whole));
    const first = await executeRun(miniature(killed), { stopAfterSegment: 2 });
    expect(first.finished).toBe(false);
    const resumed = await executeRun(miniature(killed), { resume: true });
    expect(resumed.finished).toBe(true);
    const strip = (r: RunResults) => r.segments.map(({ timings: _t, ...rest }) => rest);
    expect(strip(resumed.results)).toEqual(strip(reference.results));
    expect(resumed.results.summary).toEqual(reference.results.summary);
  });

  it('runs the reference protocol: test selection, the reference candidates and users, recorded in the results', async () => {
    const out = await mkdtemp(join(tmpdir(), 'scall-e2e-reference-'));
    dirs.push(out);
    const { results } = await executeRun(miniature(out, { lastSegment: 2, protocol: 'reference', searcher: { name: 'uniform' } }));
    expect(results.selection).toBe('test');
    expect(results.protocol).toMatchObject({ splitBase: 'with-replay', boundary: 'before', validationRatio: 0 });
    expect((results.config as { budgetOverflow: string }).budgetOverflow).toBe('drop');
    for (const s of results.segments) {
      expect(s.stats.validationRows).toBe(0);
      expect(s.test.split).toBe('test');
      expect(s.test.candidates).toBe('reference');
      expect(s.test.userRule).toBe('all-known');
      // Users are the known users of all raw test rows.
      expect(s.test.users).toBe(s.stats.testUsersAll);
    }
    // The honest mode without a validation slice is a configuration error that says so.
    expect(() => miniature(out, { protocol: 'strict', dataset: { name: 'synthetic-small', validationRatio: 0 } })).toThrow(/needs a validation slice/);
  });
});
