import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunResults } from '@scall/spec';
import { perUserPartSizes } from '@scall/stream-protocol';
import { afterAll, describe, expect, it } from 'vitest';
import { executeRun, loadDataset, parseConfig, PROTOCOLS, resolveProtocolSettings } from '../src/index.js';
import { segmentRows } from '../src/commands/segments.js';
import { flagsToConfig, resolveConfigPath } from '../src/commands/run.js';
import { formatResultTable } from '../src/result-table.js';
import { loadConfig } from '../src/load-config.js';
import { miniature } from './miniature.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

/** The miniature's synthetic rows, without its segmenter (the static split cuts none). */
const MINIATURE_SOURCE = { source: { format: 'synthetic', users: 140, items: 80, rows: 2400, topics: 4, seed: 5 } };

/** The shared miniature config under the static protocol, with CIESS (TD3 agents) as the issue runs it. */
const staticMiniature = (out: string, extra: Record<string, unknown> = {}) =>
  miniature(out, {
    protocol: 'static',
    dataset: { name: 'synthetic-small', options: MINIATURE_SOURCE },
    searcher: { name: 'ciess', options: { loops: 2, rewardSteps: 10, walkSteps: 2, firstSegment: 'search' } },
    agent: { name: 'td3', options: { actorHiddenSizes: [8], criticHiddenSizes: [8] } },
    lastSegment: undefined,
    ...extra,
  });

describe('protocol "static" (CIESS: one random per-user 50/25/25 split)', () => {
  it('sets every knob and writes the ratios out, as the other protocols do', () => {
    const config = parseConfig({ protocol: 'static' });
    expect(config.dataset).toMatchObject({ splitBase: 'random-per-user', validationRatio: 0.25, testRatio: 0.25, positives: 'current-uniform', negatives: 'current-items' });
    expect(config.dataset.boundary).toBeUndefined();
    expect(config.evaluation).toEqual({ selection: 'validation', candidates: 'catalogue', users: 'all-known', ks: [20] });
    expect(config.budgetOverflow).toBe('redistribute');
    expect(resolveProtocolSettings(config)).toEqual(PROTOCOLS.static);
    // An explicit ratio wins and is recorded; a resolved config parses to itself.
    const custom = parseConfig({ protocol: 'static', dataset: { testRatio: 0.2, validationRatio: 0.1 } });
    expect(custom.dataset).toMatchObject({ testRatio: 0.2, validationRatio: 0.1 });
    expect(parseConfig(custom)).toEqual(custom);
    // The stream protocols record no testRatio (their 0.2), so earlier results keep their identity.
    expect(parseConfig({ protocol: 'strict' }).dataset.testRatio).toBeUndefined();
    expect(flagsToConfig({ protocol: 'static' })).toEqual({ protocol: 'static' });
  });

  it('refuses segment settings and ratios that leave nothing to train, naming them', () => {
    expect(() => parseConfig({ protocol: 'static', dataset: { name: 'ml-100k', threshold: 300 } })).toThrow(/dataset.threshold cuts the stream into segments[\s\S]*"random-per-user"/);
    expect(() => parseConfig({ protocol: 'static', dataset: { boundary: 'after' } })).toThrow(/dataset.boundary/);
    expect(() => parseConfig({ protocol: 'static', dataset: { options: { segmenter: { kind: 'rows', rows: 10 } } } })).toThrow(/dataset.options.segmenter is a stream setting/);
    expect(() => parseConfig({ protocol: 'static', dataset: { testRatio: 0.5, validationRatio: 0.5 } })).toThrow(/leave no row to train/);
    expect(() => parseConfig({ protocol: 'static', dataset: { testRatio: 0 } })).toThrow(/dataset.testRatio/);
    expect(() => parseConfig({ protocol: 'static', dataset: { splitBase: 'random' } })).toThrow(/dataset.splitBase/);
  });

  it('the built-in config ml-100k-static is the issue measurement and is valid', async () => {
    const config = await loadConfig(resolveConfigPath('ml-100k-static'));
    expect(config.protocol).toBe('static');
    expect([config.dataset.name, config.budget.text, config.maxSize, config.searcher.name, config.agent.name]).toEqual(['ml-100k', 'sparsity=0.9@128', 128, 'ciess', 'td3']);
    expect(config.searcher.options).toMatchObject({ firstSegment: 'search' });
  });

  it('scall segments --protocol static: one segment holding every row, split per user by the ratios', async () => {
    const config = staticMiniature('unused');
    const stream = await loadDataset(config, '../shared/data');
    expect(stream.numSegments).toBe(1);
    const [row] = segmentRows(stream, resolveProtocolSettings(config));
    const segment = stream.segment(0);
    const rows = segment.train.length + segment.rawValidation!.length + segment.rawTest!.length;
    expect(rows).toBe(stream.protocol.rows);
    expect(row.replayRows).toBe(0);
    expect(row.users).toBe(stream.totalUsers); // every user keeps a training row
    expect(row.candidateItems).toBe(segment.numItems);
    const counts = new Map<number, number>();
    for (const part of [segment.train, segment.rawValidation!, segment.rawTest!]) for (const u of part.users) counts.set(u, (counts.get(u) ?? 0) + 1);
    let test = 0;
    for (const n of counts.values()) test += perUserPartSizes(n, 0.25, 0.25).test;
    expect(segment.rawTest!.length).toBe(test);
  });

  it('scall run --protocol static: a tiny end-to-end run trains, selects on validation and reports the test part', async () => {
    const out = await mkdtemp(join(tmpdir(), 'scall-static-'));
    dirs.push(out);
    const { results, finished } = await executeRun(staticMiniature(out));
    expect(finished).toBe(true);
    const written = JSON.parse(await readFile(join(out, 'results.json'), 'utf8')) as RunResults;
    expect(written.searcher).toBe('ciess');
    expect(written.segments).toHaveLength(1);
    expect(written.selection).toBe('validation');
    expect((written.config as { protocol: string }).protocol).toBe('static');
    expect((written.config as { dataset: Record<string, unknown> }).dataset).toMatchObject({ splitBase: 'random-per-user', testRatio: 0.25, validationRatio: 0.25 });
    expect(written.protocol).toMatchObject({ splitBase: 'random-per-user', segmenter: 'none', replayRatio: 0, testRatio: 0.25, validationRatio: 0.25, seed: 7 });
    const [segment] = written.segments;
    expect(segment.test.split).toBe('test');
    expect(segment.test.candidates).toBe('catalogue');
    expect(segment.test.users).toBeGreaterThan(0);
    expect(segment.parameters).toBeLessThanOrEqual(segment.budgetParameters);
    // The one segment is the result (no warm-up to leave out).
    expect(written.summary.segments).toBe(1);
    expect(written.summary.recall).toBe(segment.test.metrics.recall[20]);
    expect(formatResultTable(results)).toMatch(/0 \(static split\)[\s\S]*the static split \(test part\)/);
    // firstSegment 'search': CIESS searched the one segment itself (its loops are segment 0's policy steps).
    const events = (await readFile(join(out, 'events.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { type: string; segment: number });
    expect(events.filter((e) => e.type === 'policy-step').map((e) => e.segment)).toEqual([0, 0]);
  });
});
