// The cost curve of a real run: uniform sizes at c=16 (mean size 16) with LightGCN, the
// strict protocol and the run defaults (200-step blocks, patience 3, at most 30 blocks),
// over the synthetic presets, each run through the real CLI (`scall run`, one child
// process per preset). Records rows, entities, segments, seconds per segment by phase
// (policy, training, evaluation, from results.json), the CLI's wall time, peak RSS, and
// embedding bytes against the budget, in bench-results/cost-curve.json, and renders it as
// bench-results/cost-curve/cost-curve.html (+ .md and log-log charts, @scall/report).
//
// Run: pnpm --filter @scall/reference bench:cost-curve [-- flags]
// (e.g. -- --presets synthetic-small,synthetic-medium,synthetic-10m --scall-presets synthetic-medium --threads 2)
//   --presets synthetic-small,synthetic-medium   which presets (default: synthetic-small)
//   --scall-presets synthetic-medium   also run SCALL (reference settings) on these presets,
//                         after the uniform rows, at a reduced policy budget:
//   --max-policy-steps N  SCALL's policy steps per segment for those rows (its minimum and
//                         cap; default 3)
//   --threads T           the recommender's threads (fused step on T threads; default 1)
//   --last-segment N      run segments 0..N only (a prefix of each stream)
//   --max-rows R          scale each synthetic source down to R rows (users, items and the
//                         segment threshold scaled by the same factor)
//   --block-steps S, --max-blocks B, --patience P   training overrides (defaults: the run's)
//   --timeout-minutes M   stop a preset's run after M minutes (its partial segments kept)
//   --keep                keep the run folders (configs, results.json, events.jsonl)
//   --rebuild FILE        run nothing: re-read the kept run folders a cost-curve.json names
//                         (its results[].config.out), rewrite the JSON in today's format and
//                         render the report (e.g. after the report or the fields changed)
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DATASET_PRESETS, datasetPreset } from '@scall/datasets';
import type { DatasetPresetName } from '@scall/datasets';
import { COST_CURVE_FORMAT, writeCostCurveReport } from '@scall/report';
import type { RunResults, SegmentStats } from '@scall/spec';
import { writeBenchResult } from './bench-output.js';

// `pnpm bench:cost-curve -- --presets ...` hands the script a leading `--`: drop it.
const argv = process.argv.slice(2);
const { values: flags } = parseArgs({
  args: argv[0] === '--' ? argv.slice(1) : argv,
  options: {
    presets: { type: 'string', default: 'synthetic-small' },
    'scall-presets': { type: 'string', default: '' },
    'max-policy-steps': { type: 'string', default: '3' },
    threads: { type: 'string', default: '1' },
    'last-segment': { type: 'string' },
    'max-rows': { type: 'string' },
    'block-steps': { type: 'string' },
    'max-blocks': { type: 'string' },
    patience: { type: 'string' },
    'timeout-minutes': { type: 'string' },
    budget: { type: 'string', default: 'c=16' },
    keep: { type: 'boolean', default: false },
    rebuild: { type: 'string' },
  },
});
const positive = (name: string, text: string | undefined) => {
  if (text === undefined) return undefined;
  const v = Number(text);
  if (!(Number.isInteger(v) && v >= 0)) throw new RangeError(`cost-curve: --${name} must be a non-negative integer (got ${text})`);
  return v;
};
const presets = flags.presets.split(',').map((s) => s.trim()).filter(Boolean) as DatasetPresetName[];
const scallPresets = flags['scall-presets'].split(',').map((s) => s.trim()).filter(Boolean) as DatasetPresetName[];
for (const p of [...presets, ...scallPresets]) {
  if (!DATASET_PRESETS.includes(p) || !p.startsWith('synthetic')) throw new RangeError(`cost-curve: --presets takes synthetic presets (got ${p}; known: ${DATASET_PRESETS.filter((x) => x.startsWith('synthetic')).join(', ')})`);
}
const lastSegment = positive('last-segment', flags['last-segment']);
const maxPolicySteps = positive('max-policy-steps', flags['max-policy-steps'])!;
const threads = positive('threads', flags.threads)!;
if (threads < 1) throw new RangeError(`cost-curve: --threads must be at least 1 (got ${flags.threads})`);
const maxRows = positive('max-rows', flags['max-rows']);
const training = Object.fromEntries(
  [
    ['blockSteps', positive('block-steps', flags['block-steps'])],
    ['maxBlocks', positive('max-blocks', flags['max-blocks'])],
    ['patience', positive('patience', flags.patience)],
  ].filter(([, v]) => v !== undefined),
);
const timeoutMs = flags['timeout-minutes'] === undefined ? undefined : Number(flags['timeout-minutes']) * 60_000;

const appDir = fileURLToPath(new URL('../', import.meta.url));
const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;
const MB = 1024 * 1024;

/** The dataset config of a preset, scaled down to `maxRows` rows when asked. */
function datasetConfig(name: DatasetPresetName): { config: Record<string, unknown>; rows: number; users: number; items: number } {
  const preset = datasetPreset(name);
  const source = preset.source as { format: 'synthetic'; users: number; items: number; rows: number; topics: number; seed: number };
  const threshold = (preset.segmenter as { threshold: number }).threshold;
  if (maxRows === undefined || maxRows >= source.rows) return { config: { name }, rows: source.rows, users: source.users, items: source.items };
  const f = maxRows / source.rows;
  const scaled = { ...source, rows: maxRows, users: Math.max(10, Math.round(source.users * f)), items: Math.max(10, Math.round(source.items * f)) };
  return { config: { name, threshold: Math.max(10, Math.round(threshold * f)), options: { source: scaled } }, rows: scaled.rows, users: scaled.users, items: scaled.items };
}

/** Runs the CLI on a config; resolves with its exit status, wall seconds and whether it timed out. */
function runCli(configPath: string, logPath: string): Promise<{ status: number | null; seconds: number; timedOut: boolean }> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...process.execArgv, join(appDir, 'src/cli.ts'), 'run', '--config', configPath], { cwd: appDir, stdio: ['ignore', 'pipe', 'pipe'] });
    const log: string[] = [];
    child.stdout.on('data', (d: Buffer) => log.push(d.toString()));
    child.stderr.on('data', (d: Buffer) => log.push(d.toString()));
    let timedOut = false;
    const timer = timeoutMs === undefined ? undefined : setTimeout(() => ((timedOut = true), child.kill('SIGTERM')), timeoutMs);
    child.on('close', (status) => {
      if (timer) clearTimeout(timer);
      writeFileSync(logPath, log.join(''));
      resolve({ status, seconds: (performance.now() - t0) / 1000, timedOut });
    });
  });
}

/**
 * Interactions in a segment's training graph. Runs written before `stats.graphRows` existed
 * get it from the cumulative own rows before the segment plus its own training rows less
 * the validation slice (its known rows: off by the slice's rows of unseen entities, if any).
 */
function graphRowsOf(stats: SegmentStats, rowsBefore: number): number {
  return stats.graphRows ?? rowsBefore + (stats.ownTrainRows ?? stats.trainRows - stats.replayedRows) - stats.validationRows;
}

/** What one segment's row records, from either source (results.json or events.jsonl). */
interface SegmentSource {
  readonly stats: SegmentStats;
  readonly graphRows: number;
  readonly blocks: number;
  readonly seconds: { policy: number; training: number; evaluation: number };
  readonly test: { users: number; candidateItems: number | undefined; recallAt20: number } | undefined;
  readonly bytes: number;
  readonly budgetBytes: number;
}

/** A segment's row of the cost-curve file. */
function segmentRow(index: number, x: SegmentSource) {
  return {
    index,
    rows: x.stats.rows,
    graphRows: x.graphRows,
    trainRows: x.stats.trainRows,
    testRows: x.stats.testRows,
    users: x.stats.users,
    items: x.stats.items,
    blocks: x.blocks,
    seconds: { policy: round(x.seconds.policy, 3), training: round(x.seconds.training, 3), evaluation: round(x.seconds.evaluation, 3) },
    evaluatedUsers: x.test?.users ?? 0,
    candidateItems: x.test?.candidateItems ?? 0,
    embeddingBytes: x.bytes,
    budgetBytes: x.budgetBytes,
    bytesOverBudget: x.budgetBytes > 0 ? round(x.bytes / x.budgetBytes, 4) : Number.NaN,
    recallAt20: round(x.test?.recallAt20 ?? Number.NaN, 5),
  };
}

/** The per-segment costs of a finished run, from its results.json. */
function segmentsOfResults(r: RunResults) {
  let rowsBefore = 0;
  return r.segments.map((s) => {
    const graphRows = graphRowsOf(s.stats, rowsBefore);
    rowsBefore += s.stats.rows;
    const test = { users: s.test.users, candidateItems: s.test.candidateItems, recallAt20: s.test.metrics.recall[20] ?? Number.NaN };
    return segmentRow(s.index, { stats: s.stats, graphRows, blocks: s.blocks, seconds: s.timings, test, bytes: s.bytes, budgetBytes: s.budgetBytes });
  });
}

/**
 * The segments a run finished, from events.jsonl (a run stopped early writes no
 * results.json): training = its blocks' seconds, evaluation = the test evaluation's, and
 * policy = the rest of the segment's wall clock (the plan and the bookkeeping around it).
 */
function segmentsOfEvents(outDir: string) {
  const events = join(outDir, 'events.jsonl');
  if (!existsSync(events)) return [];
  type Event = {
    type: string;
    segment: number;
    seconds?: number;
    stats?: SegmentStats;
    bytes?: number;
    budgetBytes?: number;
    result?: { users: number; candidateItems: number; metrics: { recall: Record<string, number> } };
  };
  const open = new Map<number, { stats?: SegmentStats; blocks: number; training: number; evaluation?: Event; plan?: Event }>();
  const done = [];
  let rowsBefore = 0;
  for (const line of readFileSync(events, 'utf8').split('\n')) {
    if (!line) continue;
    const e = JSON.parse(line) as Event;
    const at = open.get(e.segment) ?? { blocks: 0, training: 0 };
    open.set(e.segment, at);
    if (e.type === 'segment-started') at.stats = e.stats;
    if (e.type === 'training-block') {
      at.blocks += 1;
      at.training += e.seconds ?? 0;
    }
    if (e.type === 'plan-applied') at.plan = e;
    if (e.type === 'evaluation') at.evaluation = e;
    if (e.type === 'segment-finished' && at.stats) {
      const evaluation = at.evaluation?.seconds ?? 0;
      const graphRows = graphRowsOf(at.stats, rowsBefore);
      rowsBefore += at.stats.rows;
      const result = at.evaluation?.result;
      done.push(
        segmentRow(e.segment, {
          stats: at.stats,
          graphRows,
          blocks: at.blocks,
          seconds: { policy: Math.max(0, (e.seconds ?? 0) - at.training - evaluation), training: at.training, evaluation },
          test: result && { users: result.users, candidateItems: result.candidateItems, recallAt20: result.metrics.recall['20'] ?? Number.NaN },
          bytes: at.plan?.bytes ?? 0,
          budgetBytes: at.plan?.budgetBytes ?? 0,
        }),
      );
    }
  }
  return done;
}

/** What a run folder holds, as fields of its row: the full results when it finished, its finished segments when it was stopped. */
function measuredFields(outDir: string, status: number | null, timedOut: boolean): Record<string, unknown> {
  const resultsPath = join(outDir, 'results.json');
  if (!existsSync(resultsPath)) {
    const segments = segmentsOfEvents(outDir);
    return {
      segmentsRun: segments.length,
      segments,
      note: `no results.json (exit ${status}${timedOut ? ', stopped at the timeout' : ''}); segments from events.jsonl; see the log in the run folder (--keep)`,
    };
  }
  const r = JSON.parse(readFileSync(resultsPath, 'utf8')) as RunResults;
  const segments = segmentsOfResults(r);
  const last = r.segments.at(-1);
  return {
    backend: r.backend,
    segmentsRun: r.segments.length,
    entitiesAtLastSegment: last ? last.stats.users + last.stats.items : 0,
    streamRowsRun: r.segments.reduce((t, s) => t + s.stats.rows, 0),
    timings: Object.fromEntries(Object.entries(r.timings).map(([k, v]) => [k, round(v, 2)])),
    secondsPerSegment: round(r.timings.total / Math.max(1, r.segments.length), 2),
    trainingSecondsPerBlock: round(r.timings.training / Math.max(1, r.segments.reduce((t, s) => t + s.blocks, 0)), 3),
    peakRssMB: round(r.peakRssBytes / MB),
    maxEmbeddingBytesOverBudget: Math.max(...segments.map((s) => s.bytesOverBudget)),
    segments,
  };
}

const BENCHMARK = 'cost-curve: uniform sizes (and SCALL at a reduced policy budget where asked), LightGCN, strict protocol, through `scall run`';
const NOTE =
  'seconds by phase come from results.json (wall clock inside the run; for a run stopped at the time limit, from events.jsonl, with policy = the rest of each segment); cliWallSeconds adds process start and stream loading; peakRssMB is the run process maximum (getrusage); graphRows = interactions in the cumulative training graph; machine shared, loadavg recorded';

/** Writes bench-results/cost-curve.json and renders its report beside it (bench-results/cost-curve/). */
async function writeAll(command: string, rows: readonly Record<string, unknown>[]): Promise<void> {
  const path = writeBenchResult('cost-curve.json', { format: COST_CURVE_FORMAT, benchmark: BENCHMARK, command, note: NOTE, results: rows });
  const report = await writeCostCurveReport(path, join(dirname(path), 'cost-curve'));
  console.log(`wrote ${report.html} and ${report.markdown}`);
}

if (flags.rebuild !== undefined) {
  type OldRow = Record<string, unknown> & { config: { out: string }; exitStatus: number | null; timedOut: boolean };
  const old = JSON.parse(readFileSync(flags.rebuild, 'utf8')) as { command: string; results: OldRow[] };
  const rebuilt = old.results.map((row) => {
    if (!existsSync(row.config.out)) {
      throw new Error(`cost-curve --rebuild: the run folder ${row.config.out} of ${String(row.preset)} / ${String(row.searcher)} is gone (run folders are kept only with --keep)`);
    }
    const { segmentsFinished: _superseded, ...kept } = row;
    return { ...kept, ...measuredFields(row.config.out, row.exitStatus, row.timedOut) };
  });
  await writeAll(old.command, rebuilt);
  process.exit(0);
}

const work = mkdtempSync(join(tmpdir(), 'scall-cost-curve-'));
const results = [];
const jobs = [...presets.map((preset) => ({ preset, searcher: 'uniform' as const })), ...scallPresets.map((preset) => ({ preset, searcher: 'scall' as const }))];
for (const { preset: name, searcher } of jobs) {
  const dataset = datasetConfig(name);
  const outDir = join(work, `${name}-${searcher}`);
  const config = {
    dataset: dataset.config,
    budget: flags.budget,
    searcher: searcher === 'uniform' ? { name: 'uniform' } : { name: 'scall', options: { maxPolicySteps, minPolicySteps: maxPolicySteps } },
    recommender: { name: 'lightgcn', ...(threads > 1 ? { options: { threads } } : {}) },
    training,
    ...(lastSegment === undefined ? {} : { lastSegment }),
    seed: 1,
    out: outDir,
  };
  const configPath = join(work, `${name}-${searcher}.json`);
  writeFileSync(configPath, JSON.stringify(config, null, 2));
  const before = loadavg();
  console.log(`cost-curve: ${name}, ${searcher} (${dataset.rows} rows, ${dataset.users} users, ${dataset.items} items) ...`);
  const run = await runCli(configPath, join(work, `${name}-${searcher}.log`));
  const row: Record<string, unknown> = {
    preset: name,
    searcher,
    threads,
    config,
    sourceRows: dataset.rows,
    sourceUsers: dataset.users,
    sourceItems: dataset.items,
    exitStatus: run.status,
    timedOut: run.timedOut,
    cliWallSeconds: round(run.seconds),
    loadavgBefore: before.map((x) => round(x)),
    loadavgAfter: loadavg().map((x) => round(x)),
  };
  Object.assign(row, measuredFields(outDir, run.status, run.timedOut));
  console.log(JSON.stringify({ ...row, segments: undefined, config: undefined }));
  results.push(row);
}

await writeAll(`pnpm --filter @scall/reference bench:cost-curve -- ${process.argv.slice(2).join(' ')}`.trim(), results);
if (flags.keep) console.log(`run folders kept in ${work}`);
else rmSync(work, { recursive: true, force: true });
