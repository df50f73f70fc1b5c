import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunResults } from '@scall/spec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseManifest, serializeManifest } from '../src/checkpoint-manifest.js';
import { CheckpointError, listGenerations, nodeCheckpointFs, runStream, type CheckpointFs, type ResumePoint, type RunStreamOptions } from '../src/index.js';
import { comparable, eventsWithoutTimes } from './fixtures/compare.js';
import { miniRunOptions } from './fixtures/mini-run-options.js';
import { createTestSearcher } from './fixtures/test-searcher.js';

type Options = Omit<RunStreamOptions, 'outDir'>;
let base: Options;
let whole: RunResults;
let wholeEvents: unknown[];
const dirs: string[] = [];
const tempDir = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'scall-ckpt-'));
  dirs.push(dir);
  return dir;
};
// Every run gets a fresh searcher (it is stateful).
const opts = (extra: Partial<RunStreamOptions> & { outDir: string }): RunStreamOptions => ({ ...base, searcher: createTestSearcher(), ...extra });
const caught = async (run: Promise<unknown>): Promise<CheckpointError> => {
  try {
    await run;
  } catch (error) {
    expect(error).toBeInstanceOf(CheckpointError);
    return error as CheckpointError;
  }
  throw new Error('expected the run to be refused');
};
const enospc = (path: string) => Object.assign(new Error(`ENOSPC: no space left on device, write '${path}'`), { code: 'ENOSPC', path });

beforeAll(async () => {
  base = await miniRunOptions();
  expect(base.dataset.numSegments).toBeGreaterThanOrEqual(3);
  const dir = await tempDir();
  whole = (await runStream(opts({ outDir: dir }))).results;
  wholeEvents = await eventsWithoutTimes(dir);
  expect(whole.segments).toHaveLength(3);
});
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('checkpoint integrity', () => {
  it('refuses a flipped byte or a truncation in every checkpoint file, naming it and the way back', async () => {
    const outDir = await tempDir();
    await runStream(opts({ outDir, stopAfterSegment: 1 }));
    const [previous, newest] = await listGenerations(join(outDir, 'checkpoint'));
    expect([previous.name, newest.name]).toEqual(['segment-0000', 'segment-0001']);
    const files = (await readdir(newest.path)).sort();
    expect(files).toEqual(['manifest.json', 'plan.snap', 'recommender.snap', 'searcher.snap']);
    let refusals = 0;
    for (const file of files) {
      const path = join(newest.path, file);
      const original = new Uint8Array(await readFile(path));
      const positions = [...new Set(Array.from({ length: 9 }, (_, i) => Math.floor(((original.length - 1) * i) / 8)))];
      const damaged = [...positions.map((p) => original.map((b, i) => (i === p ? b ^ 0x20 : b))), original.subarray(0, original.length - 1)];
      for (const bytes of damaged) {
        await writeFile(path, bytes);
        const error = await caught(runStream(opts({ outDir, resume: true })));
        expect(error.code).toBe('corrupt');
        expect(error.exitCode).toBe(2);
        expect(error.file).toBe(path);
        expect(error.message).toContain(path);
        expect(error.message).toContain(`Start fresh (run without --resume), or delete ${newest.path} to resume from the previous generation ${previous.path}`);
        refusals++;
      }
      await writeFile(path, original);
    }
    expect(refusals).toBe(4 * (9 + 1)); // 4 files: 9 flipped positions spread over each, and a truncation
    // Undamaged again, it resumes to the uninterrupted results.
    const resumed = await runStream(opts({ outDir, resume: true }));
    expect(resumed.resumedFrom?.generation).toBe('segment-0001');
    expect(comparable(resumed.results)).toEqual(comparable(whole));
    expect(await eventsWithoutTimes(outDir)).toEqual(wholeEvents);
  });

  it('resumes from the previous generation once the damaged newest one is removed', async () => {
    const outDir = await tempDir();
    await runStream(opts({ outDir, stopAfterSegment: 1 }));
    const [, newest] = await listGenerations(join(outDir, 'checkpoint'));
    const snap = join(newest.path, 'recommender.snap');
    const bytes = new Uint8Array(await readFile(snap));
    bytes[bytes.length - 5] ^= 1; // a float of the weights
    await writeFile(snap, bytes);
    const error = await caught(runStream(opts({ outDir, resume: true })));
    expect(error.message).toMatch(/recommender\.snap: checkpoint file checksum mismatch/);
    await rm(newest.path, { recursive: true });
    const seen: (ResumePoint | undefined)[] = [];
    const resumed = await runStream(opts({ outDir, resume: true, onResume: (p) => seen.push(p) }));
    expect(seen.map((p) => p?.generation)).toEqual(['segment-0000']);
    expect(comparable(resumed.results)).toEqual(comparable(whole));
    expect(await eventsWithoutTimes(outDir)).toEqual(wholeEvents);
  });

  it('refuses an unknown format version, an older checkpoint and damaged events', async () => {
    const outDir = await tempDir();
    await runStream(opts({ outDir, stopAfterSegment: 0 }));
    const [gen] = await listGenerations(join(outDir, 'checkpoint'));
    const manifestPath = join(gen.path, 'manifest.json');
    const text = await readFile(manifestPath, 'utf8');
    const { format: _format, ...rest } = parseManifest(text);
    await writeFile(manifestPath, serializeManifest({ ...rest, format: 'scall-checkpoint/v9' } as unknown as Parameters<typeof serializeManifest>[0]));
    const version = await caught(runStream(opts({ outDir, resume: true })));
    expect(version.code).toBe('unsupported-format');
    expect(version.message).toMatch(/unknown checkpoint format "scall-checkpoint\/v9".*Start fresh.*there is no earlier checkpoint generation/);
    await writeFile(manifestPath, text);
    const events = join(outDir, 'events.jsonl');
    const eventText = await readFile(events, 'utf8');
    await writeFile(events, eventText.replace('"segment-started"', '"segment-startee"'));
    expect((await caught(runStream(opts({ outDir, resume: true })))).code).toBe('events-mismatch');
    await writeFile(events, eventText.slice(0, 20));
    expect((await caught(runStream(opts({ outDir, resume: true })))).message).toMatch(/events\.jsonl: holds 20 bytes, fewer than/);
    const old = await tempDir();
    await mkdir(join(old, 'checkpoint'));
    await writeFile(join(old, 'checkpoint', 'state.json'), '{"format":"scall-checkpoint/v1"}');
    expect((await caught(runStream(opts({ outDir: old, resume: true })))).code).toBe('unsupported-format');
  });
});

describe('extending a run', () => {
  it('continues a finished run to more segments, and only when nothing else changed', async () => {
    const outDir = await tempDir();
    const first = await runStream(opts({ outDir, lastSegment: 1, config: { run: 'mini', lastSegment: 1 } }));
    expect(first.finished).toBe(true);
    expect(JSON.parse(await readFile(join(outDir, 'results.json'), 'utf8')).segments).toHaveLength(2);
    for (const change of [{ seed: 12 }, { config: { run: 'other' } }, { training: { blockSteps: 10, patience: 2, maxBlocks: 2 } }, { maxSize: 15 }]) {
      const error = await caught(runStream(opts({ outDir, resume: true, config: { run: 'mini' }, ...change })));
      expect(error.code).toBe('different-configuration');
      expect(error.message).toMatch(/different configuration/);
    }
    const past = await caught(runStream(opts({ outDir, resume: true, lastSegment: 0, config: { run: 'mini', lastSegment: 0 } })));
    expect(past.code).toBe('past-last-segment');
    const extended = await runStream(opts({ outDir, resume: true, lastSegment: 2, config: { run: 'mini', lastSegment: 2 } }));
    expect(extended.resumedFrom?.segment).toBe(1);
    expect(extended.finished).toBe(true);
    expect(comparable(extended.results)).toEqual(comparable(whole));
    expect(await eventsWithoutTimes(outDir)).toEqual(wholeEvents);
    expect(JSON.parse(await readFile(join(outDir, 'results.json'), 'utf8')).segments).toHaveLength(3);
  });
});

describe('run lock', () => {
  it('refuses a second run on a directory in use, and replaces a stale lock', async () => {
    const outDir = await tempDir();
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    let held!: () => void;
    const holding = new Promise<void>((resolve) => (held = resolve));
    const first = runStream(
      opts({
        outDir,
        checkpoint: {
          onWritePoint: async (p) => {
            if (p.segment === 0 && p.step === 'events' && p.stage === 'before') {
              held();
              await gate;
            }
          },
        },
      }),
    );
    await holding;
    const lock = JSON.parse(await readFile(join(outDir, 'run.lock'), 'utf8'));
    expect(lock).toMatchObject({ pid: process.pid, host: hostname() });
    const second = await caught(runStream(opts({ outDir })));
    expect(second.code).toBe('locked');
    expect(second.message).toContain(`in use by another run (pid ${process.pid}`);
    open();
    expect(comparable((await first).results)).toEqual(comparable(whole));
    expect(existsSync(join(outDir, 'run.lock'))).toBe(false);

    // A lock left by a process that died is stale and replaced.
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    await writeFile(join(outDir, 'run.lock'), JSON.stringify({ pid: dead, host: hostname(), since: 'then', token: 'x' }));
    await expect(runStream(opts({ outDir, lastSegment: 0 }))).resolves.toMatchObject({ finished: true });
    expect(existsSync(join(outDir, 'run.lock'))).toBe(false);
    // One of another host cannot be checked: refused, with the way out.
    await writeFile(join(outDir, 'run.lock'), JSON.stringify({ pid: 1, host: 'elsewhere.example', since: 'then', token: 'y' }));
    const foreign = await caught(runStream(opts({ outDir, lastSegment: 0 })));
    expect(foreign.message).toMatch(/pid 1 on host elsewhere\.example.*delete .*run\.lock/);
  });
});

describe('failed checkpoint writes', () => {
  const failing = (fail: (op: 'writeFile' | 'rename' | 'appendFile', path: string) => NodeJS.ErrnoException | undefined): CheckpointFs => ({
    ...nodeCheckpointFs,
    async writeFile(path, data) {
      const error = fail('writeFile', path);
      if (error) {
        // A full disk: part of the file is written, then the write fails.
        await nodeCheckpointFs.writeFile(path, typeof data === 'string' ? data.slice(0, data.length >> 1) : data.subarray(0, data.length >> 1));
        throw error;
      }
      return nodeCheckpointFs.writeFile(path, data);
    },
    async rename(from, to) {
      const error = fail('rename', to);
      if (error) throw error;
      return nodeCheckpointFs.rename(from, to);
    },
    async appendFile(path, data) {
      const error = fail('appendFile', path);
      if (error) throw error;
      return nodeCheckpointFs.appendFile(path, data);
    },
  });

  it('stops on ENOSPC with a clear error and leaves the previous generation resumable', async () => {
    const outDir = await tempDir();
    const fs = failing((op, path) => (op === 'writeFile' && path.endsWith(join('segment-0001.partial', 'recommender.snap')) ? enospc(path) : undefined));
    const error = await caught(runStream(opts({ outDir, checkpoint: { fs } })));
    expect(error.code).toBe('write-failed');
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain('could not write the checkpoint after segment 1 (ENOSPC');
    expect(error.message).toContain(`the previous checkpoint ${join(outDir, 'checkpoint', 'segment-0000')} (segments 0-0 done) is intact: free disk space and continue with --resume`);
    expect(await readdir(join(outDir, 'checkpoint'))).toEqual(['segment-0000']);
    expect(existsSync(join(outDir, 'run.lock'))).toBe(false);
    const resumed = await runStream(opts({ outDir, resume: true }));
    expect(resumed.resumedFrom?.generation).toBe('segment-0000');
    expect(comparable(resumed.results)).toEqual(comparable(whole));
    expect(await eventsWithoutTimes(outDir)).toEqual(wholeEvents);
  });

  it('stops on EACCES at the commit or on the events, and resumes from what is intact', async () => {
    const outDir = await tempDir();
    const eacces = (path: string) => Object.assign(new Error(`EACCES: permission denied, rename '${path}'`), { code: 'EACCES', path });
    const fs = failing((op, path) => (op === 'rename' && path.endsWith('segment-0002') ? eacces(path) : undefined));
    const error = await caught(runStream(opts({ outDir, checkpoint: { fs } })));
    expect(error.message).toMatch(/segment-0002: could not write the checkpoint after segment 2 \(EACCES.*segment-0001 \(segments 0-1 done\) is intact: make the output directory writable and continue with --resume/);
    const eventsFail = failing((op, path) => (op === 'appendFile' ? enospc(path) : undefined));
    const second = await caught(runStream(opts({ outDir, resume: true, checkpoint: { fs: eventsFail } })));
    expect(second.message).toMatch(/events\.jsonl: could not write the events of segment 2 \(ENOSPC/);
    const resumed = await runStream(opts({ outDir, resume: true }));
    expect(resumed.resumedFrom?.generation).toBe('segment-0001');
    expect(comparable(resumed.results)).toEqual(comparable(whole));
    expect(await eventsWithoutTimes(outDir)).toEqual(wholeEvents);
  });
});
