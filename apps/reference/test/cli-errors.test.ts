import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeFailure, isUserError, UserError } from '../src/index.js';

const tsx = createRequire(import.meta.url).resolve('tsx');
const CLI = fileURLToPath(new URL('../src/cli.ts', import.meta.url));

interface Outcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `scall <args>` from sources (as `pnpm scall` does) and collects its exit status and output. */
function spawnScall(args: readonly string[], env: Record<string, string> = {}): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', tsx, '--conditions=@scall/source', CLI, ...args], { env: { ...process.env, SCALL_DEBUG: '', INIT_CWD: dir, ...env }, cwd: dir, timeout: 90_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const STACK_LINE = /^\s+at .+:\d+:\d+\)?$/m;

/** A user error: status 2, one message matching `pattern`, no stack trace. */
function expectUserError(outcome: Outcome, pattern: RegExp): void {
  expect(outcome.stderr).toMatch(pattern);
  expect(outcome.stderr).not.toMatch(STACK_LINE);
  expect(outcome.stderr).toMatch(/run with --debug or SCALL_DEBUG=1 for the stack trace/);
  expect(outcome.code).toBe(2);
}

const dir = mkdtempSync(join(tmpdir(), 'scall-cli-errors-'));

// Every invocation the tests make, started together (a few at a time) once the files exist.
const INVOCATIONS: [string[], Record<string, string>?][] = [
  [['run', '--seed', 'x']],
  [['run', '--budjet', 'c=8']],
  [['segmnts']],
  [['run', '--config', 'typo.json']],
  [['run', '--config', 'broken.json']],
  [['run', '--config', 'bad-option.json']],
  [['run', '--searcher', 'unifrom', '--last-segment', '0']],
  [['run', '--budget', 'banana']],
  [['run', '--budget', 'B=1KB', '--searcher', 'uniform', '--out', 'impossible']],
  [['segments', '--dataset', 'ml-100k', '--data-dir', 'nowhere']],
  [['segments', '--data', 'bad.csv']],
  [['report', 'no-runs-here']],
  [['report', 'no-such-dir']],
  [['report', '--cost-curve', 'no-such-curve.json']],
  [['report', '--cost-curve', 'old-curve.json']],
  [['report']],
  [['report', '--cost-curve', 'good-curve.json', '--out', 'curve-report']],
  [['bench', '--grid', 'no-such-grid']],
  [['run', '--plugin', join(dir, 'checkpoint-plugin.mjs'), '--distribution', 'stale', '--last-segment', '0']],
  [['run', '--seed', 'x', '--debug']],
  [['run', '--seed', 'x'], { SCALL_DEBUG: '1' }],
  [['run', '--plugin', join(dir, 'buggy-plugin.mjs'), '--distribution', 'buggy', '--last-segment', '0']],
];
const key = (args: readonly string[], env: Record<string, string> = {}) => JSON.stringify([args, env]);
const outcomes = new Map<string, Promise<Outcome>>();

/** The outcome of one of {@link INVOCATIONS}. */
function scall(args: readonly string[], env: Record<string, string> = {}): Promise<Outcome> {
  const outcome = outcomes.get(key(args, env));
  if (!outcome) throw new Error(`add ${key(args, env)} to INVOCATIONS`);
  return outcome;
}

beforeAll(async () => {
  await mkdir(join(dir, 'no-runs-here'));
  await writeFile(join(dir, 'typo.json'), JSON.stringify({ budjet: 'c=8' }));
  await writeFile(join(dir, 'broken.json'), '{ "budget": ');
  await writeFile(join(dir, 'bad-option.json'), JSON.stringify({ searcher: { name: 'scall', options: { maxPolicySteps: 1 } }, lastSegment: 0 }));
  const seconds = { policy: 0.1, training: 2, evaluation: 0.2 };
  const segment = { index: 0, rows: 100, graphRows: 80, users: 10, items: 20, blocks: 2, seconds, evaluatedUsers: 5, candidateItems: 20, embeddingBytes: 1920, budgetBytes: 1920 };
  const goodRun = { preset: 'synthetic-small', searcher: 'uniform', threads: 1, timedOut: false, exitStatus: 0, cliWallSeconds: 3, peakRssMB: 200, loadavgBefore: [0.1], loadavgAfter: [0.2], segments: [segment] };
  await writeFile(join(dir, 'good-curve.json'), JSON.stringify({ format: 'scall-cost-curve/v1', benchmark: 'b', command: 'c', note: 'n', cpus: 2, node: 'v20', results: [goodRun] }));
  await writeFile(join(dir, 'old-curve.json'), JSON.stringify({ benchmark: 'cost-curve', results: [] }));
  await writeFile(join(dir, 'bad.csv'), 'user,item,timestamp\nu1,i1,1600000000\nu2,i2,yesterday\n');
  // Plug-ins whose factories fail: a bug (TypeError) and a user-facing error class from
  // another package, recognised by its `exitCode === 2` alone.
  await writeFile(join(dir, 'buggy-plugin.mjs'), "export const scallPlugins = { distribution: { buggy: () => { const x = undefined; return x.shape; } } };\n");
  await writeFile(
    join(dir, 'checkpoint-plugin.mjs'),
    "class CheckpointError extends Error { exitCode = 2; name = 'CheckpointError'; }\nexport const scallPlugins = { distribution: { stale: () => { throw new CheckpointError('runs/x/checkpoint.json was written by another config; remove it or pass --out'); } } };\n",
  );
  let next = 0;
  const resolvers = new Map<string, (o: Outcome) => void>();
  for (const [args, env] of INVOCATIONS) outcomes.set(key(args, env), new Promise((resolve) => resolvers.set(key(args, env), resolve)));
  const worker = async () => {
    while (next < INVOCATIONS.length) {
      const [args, env] = INVOCATIONS[next++];
      resolvers.get(key(args, env))!(await spawnScall(args, env));
    }
  };
  void Promise.all([worker(), worker(), worker()]);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('scall: user errors print one message and exit 2; internal errors keep their stack and exit 1', () => {
  it('a bad flag value', async () => {
    expectUserError(await scall(['run', '--seed', 'x']), /^scall: --seed must be an integer, got "x"$/m);
  });

  it('an unknown flag, with the closest one', async () => {
    expectUserError(await scall(['run', '--budjet', 'c=8']), /unknown option --budjet for "scall run" \(did you mean --budget\?\)/);
  });

  it('an unknown command, with the closest one', async () => {
    expectUserError(await scall(['segmnts']), /unknown command "segmnts" \(did you mean "segments"\?\)/);
  });

  it('a bad config file: an unknown key, and invalid JSON', async () => {
    expectUserError(await scall(['run', '--config', 'typo.json']), /unknown key "budjet" \(did you mean "budget"\?\)/);
    expectUserError(await scall(['run', '--config', 'broken.json']), /broken\.json is not valid JSON/);
  });

  it("a component option value the plug-in refuses, naming the component and the config key", async () => {
    const outcome = await scall(['run', '--config', 'bad-option.json']);
    expectUserError(outcome, /^scall: searcher "scall": .*maxPolicySteps \(1\) is below minPolicySteps \(10\)/m);
    expect(outcome.stderr).toMatch(/check "searcher\.options" in the config/);
  });

  it('an unknown component, with the registered ones', async () => {
    expectUserError(await scall(['run', '--searcher', 'unifrom', '--last-segment', '0']), /No searcher named "unifrom".*uniform/);
  });

  it('an unparseable budget', async () => {
    expectUserError(await scall(['run', '--budget', 'banana']), /Cannot parse budget "banana"/);
  });

  it('an impossible budget, before any training, with the minimum budget that would work', async () => {
    const out = join(dir, 'impossible');
    const outcome = await scall(['run', '--budget', 'B=1KB', '--searcher', 'uniform', '--out', 'impossible']);
    expectUserError(outcome, /budget "B=1KB" is too small for synthetic-small: segment 0 has \d+ users \+ items/);
    const minimum = /the smallest budget that fits segments 0\.\.\d+ is B=([\d.]+)KB/.exec(outcome.stderr);
    expect(minimum).not.toBeNull();
    expect(Number(minimum![1])).toBeGreaterThan(1);
    // Nothing was trained or written.
    expect(await readdir(out).catch(() => [])).toEqual([]);
  });

  it('a missing data folder and a malformed data file', async () => {
    expectUserError(await scall(['segments', '--dataset', 'ml-100k', '--data-dir', 'nowhere']), /dataset preset "ml-100k": neither .*nowhere/);
    expectUserError(await scall(['segments', '--data', 'bad.csv']), /bad\.csv:3: invalid timestamp "yesterday"/);
  });

  it('a report of a directory without runs, and an unknown benchmark grid', async () => {
    expectUserError(await scall(['report', 'no-runs-here']), /no-runs-here: no results\.json found under this directory/);
    expectUserError(await scall(['report', 'no-such-dir']), /no-such-dir: no such directory/);
    expectUserError(await scall(['report', '--cost-curve', 'no-such-curve.json']), /no-such-curve\.json: no such file/);
    expectUserError(await scall(['report', '--cost-curve', 'old-curve.json']), /old-curve\.json: format is undefined, expected "scall-cost-curve\/v1"/);
    expectUserError(await scall(['report']), /scall report needs a directory of run results \(or --cost-curve <file>\)/);
    expectUserError(await scall(['bench', '--grid', 'no-such-grid']), /Unknown grid "no-such-grid"/);
  });

  it('renders a well-formed cost-curve file (the counterpart of the errors above)', async () => {
    const outcome = await scall(['report', '--cost-curve', 'good-curve.json', '--out', 'curve-report']);
    expect(outcome.code).toBe(0);
    expect((await readdir(join(dir, 'curve-report'))).sort()).toEqual(['charts', 'cost-curve.html', 'cost-curve.md']);
  });

  it('a user-facing error class of another package, by its exitCode', async () => {
    expectUserError(await scall(['run', '--plugin', join(dir, 'checkpoint-plugin.mjs'), '--distribution', 'stale', '--last-segment', '0']), /checkpoint\.json was written by another config/);
  });

  it('--debug and SCALL_DEBUG=1 add the stack trace to a user error', async () => {
    for (const outcome of [await scall(['run', '--seed', 'x', '--debug']), await scall(['run', '--seed', 'x'], { SCALL_DEBUG: '1' })]) {
      expect(outcome.code).toBe(2);
      expect(outcome.stderr).toMatch(/--seed must be an integer/);
      expect(outcome.stderr).toMatch(STACK_LINE);
    }
  });

  it('an internal error (a bug) keeps its stack and exits 1', async () => {
    const outcome = await scall(['run', '--plugin', join(dir, 'buggy-plugin.mjs'), '--distribution', 'buggy', '--last-segment', '0']);
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toMatch(/internal error/);
    expect(outcome.stderr).toMatch(/TypeError: Cannot read properties of undefined/);
    expect(outcome.stderr).toMatch(STACK_LINE);
  });
});

describe('error classification', () => {
  it('maps user-facing classes by exitCode, name or message shape, and nothing else', () => {
    const named = (name: string, message = 'x') => Object.assign(new Error(message), { name });
    expect(isUserError(new UserError('x'))).toBe(true);
    expect(isUserError(Object.assign(new Error('x'), { exitCode: 2 }))).toBe(true);
    for (const name of ['DatasetError', 'InsufficientBudgetError', 'CheckpointError', 'ZodError']) expect(isUserError(named(name))).toBe(true);
    expect(isUserError(new SyntaxError('Cannot parse budget "x": expected ...'))).toBe(true);
    expect(isUserError(new RangeError('createSac: unknown option "lr" (known: ...)'))).toBe(true);
    expect(isUserError(new TypeError("Cannot read properties of undefined (reading 'shape')"))).toBe(false);
    expect(isUserError(new Error('Size plan uses 12 parameters, over its budget of 10 by 2'))).toBe(false);
    expect(isUserError('a string')).toBe(false);
  });

  it('formats a user error with its hint and no stack, an internal one with its stack', () => {
    const user = describeFailure(new UserError('--jobs must be a positive integer, got "x"', { hint: 'pass e.g. --jobs 2' }), false);
    expect(user).toEqual({ exitCode: 2, text: 'scall: --jobs must be a positive integer, got "x"\n  pass e.g. --jobs 2\n(run with --debug or SCALL_DEBUG=1 for the stack trace)' });
    expect(describeFailure(new UserError('x'), true).text).toMatch(STACK_LINE);
    const internal = describeFailure(new TypeError('boom'), false);
    expect(internal.exitCode).toBe(1);
    expect(internal.text).toMatch(/TypeError: boom/);
    expect(internal.text).toMatch(STACK_LINE);
  });
});
