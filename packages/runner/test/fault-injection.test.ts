import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunResults } from '@scall/spec';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStream, type WritePoint } from '../src/index.js';
import { comparable, eventsWithoutTimes } from './fixtures/compare.js';
import { miniRunOptions } from './fixtures/mini-run-options.js';
import { createTestSearcher } from './fixtures/test-searcher.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});
let bundle: string;
// The child is bundled once (sources included), so each of the many kills starts fast.
beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'scall-fault-bundle-'));
  dirs.push(dir);
  bundle = join(dir, 'mini-run.mjs');
  await build({
    entryPoints: [fileURLToPath(new URL('./fixtures/mini-run.ts', import.meta.url))],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: bundle,
    conditions: ['@scall/source'],
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    logLevel: 'warning',
  });
});

/** Runs the miniature run in a child process that SIGKILLs itself at write point `killAt`. */
function runChild(outDir: string, killAt: number, lastSegment: number): Promise<{ signal: NodeJS.Signals | null; code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [bundle, outDir, String(killAt), String(lastSegment)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (d) => (stdout += d));
    proc.stderr.on('data', (d) => (stderr += d));
    proc.on('error', reject);
    proc.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

describe('fault injection', () => {
  it('a run SIGKILLed at any point of the checkpoint write sequence resumes to identical results', async () => {
    // Two segments: the first checkpoint has no generation before it, the second replaces one.
    const lastSegment = 1;
    const base = { ...(await miniRunOptions()), lastSegment };
    // The uninterrupted run, in this process, recording the write points.
    const points: WritePoint[] = [];
    const wholeDir = await mkdtemp(join(tmpdir(), 'scall-fault-'));
    dirs.push(wholeDir);
    const whole: RunResults = (await runStream({ ...base, searcher: createTestSearcher(), outDir: wholeDir, checkpoint: { keep: 1, onWritePoint: (p) => void points.push(p) } })).results;
    const wholeEvents = await eventsWithoutTimes(wholeDir);
    const segments = lastSegment + 1;
    // Per segment: events, directory, 3 snapshots, manifest, commit, prune; then results.json; each before and after.
    expect(points).toHaveLength(segments * 8 * 2 + 2);

    const killed = Array.from({ length: points.length }, (_, k) => k);
    const outcomes: { k: number; generation: string | undefined }[] = [];
    const worker = async () => {
      for (let k = killed.shift(); k !== undefined; k = killed.shift()) {
        const outDir = await mkdtemp(join(tmpdir(), `scall-fault-${k}-`));
        dirs.push(outDir);
        const result = await runChild(outDir, k, lastSegment);
        expect(result.signal, `kill point ${k}: ${result.stderr}`).toBe('SIGKILL');
        // The killed run left its lock; the resumed run must find it stale.
        expect(existsSync(join(outDir, 'run.lock'))).toBe(true);
        const resumed = await runStream({ ...base, searcher: createTestSearcher(), outDir, resume: true, checkpoint: { keep: 1 } });
        expect(resumed.finished).toBe(true);
        expect(comparable(resumed.results), `kill point ${k} (${points[k].stage} ${points[k].step}, segment ${points[k].segment})`).toEqual(comparable(whole));
        expect(await eventsWithoutTimes(outDir), `events after kill point ${k}`).toEqual(wholeEvents);
        expect(JSON.parse(await readFile(join(outDir, 'results.json'), 'utf8')).segments).toHaveLength(segments);
        // No partial generation is left; the newest is the last segment's (a kill between its
        // commit and the prune leaves the one before, which the next checkpoint removes).
        const left = (await readdir(join(outDir, 'checkpoint'))).sort();
        expect(left.at(-1)).toBe(`segment-${String(segments - 1).padStart(4, '0')}`);
        expect(left.every((name) => /^segment-\d{4}$/.test(name)) && left.length <= 2, left.join(', ')).toBe(true);
        outcomes.push({ k, generation: resumed.resumedFrom?.generation });
      }
    };
    await Promise.all([worker(), worker()]);
    expect(outcomes).toHaveLength(points.length);
    // Kills before the first commit start fresh; later ones resume a generation.
    const firstCommit = points.findIndex((p) => p.step === 'commit' && p.stage === 'after');
    for (const { k, generation } of outcomes) expect(generation === undefined, `kill point ${k}`).toBe(k < firstCommit);
  }, 300_000);
});
