import { readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { writeReport } from '@scall/report';
import { FLOAT32_BYTES, type RunResults } from '@scall/spec';
import { defineCommand } from 'citty';
import { consola } from 'consola';
import Table from 'cli-table3';
import { executeRun, userDirectory } from '../execute-run.js';
import { parseConfig } from '../load-config.js';
import { UserError } from '../user-error.js';
import { resolveConfigPath } from './run.js';

const MB = 1e6;
const mb = (bytes: number) => `${(bytes / MB).toFixed(2)} MB`;

/** The side-by-side table of two runs on the same stream and budget, with the memory of a full-width table. */
export function formatComparison(scall: RunResults, uniform: RunResults, maxSize: number): string {
  const k = scall.summary.k;
  const table = new Table({
    head: ['segment', 'users + items', `Recall@${k} SCALL`, `Recall@${k} uniform`, `NDCG@${k} SCALL`, `NDCG@${k} uniform`, 'memory SCALL', 'memory uniform', `full width (${maxSize})`],
    style: { head: [], border: [] },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  const byIndex = new Map(uniform.segments.map((s) => [s.index, s]));
  for (const s of scall.segments) {
    const u = byIndex.get(s.index);
    const population = s.stats.users + s.stats.items;
    table.push([
      s.index === 0 ? '0 (warm-up)' : String(s.index),
      population,
      (s.test.metrics.recall?.[k] ?? 0).toFixed(4),
      u ? (u.test.metrics.recall?.[k] ?? 0).toFixed(4) : '-',
      (s.test.metrics.ndcg?.[k] ?? 0).toFixed(4),
      u ? (u.test.metrics.ndcg?.[k] ?? 0).toFixed(4) : '-',
      mb(s.bytes),
      u ? mb(u.bytes) : '-',
      mb(population * maxSize * FLOAT32_BYTES),
    ]);
  }
  table.push([
    { colSpan: 2, content: `mean over segments 1..${scall.summary.segments}` },
    scall.summary.recall.toFixed(4),
    uniform.summary.recall.toFixed(4),
    scall.summary.ndcg.toFixed(4),
    uniform.summary.ndcg.toFixed(4),
    '',
    '',
    '',
  ]);
  return table.toString();
}

/** One line with the point of the comparison, e.g. "SCALL: Recall@20 0.0850 vs 0.0790 for uniform sizes, both in 0.35 MB vs 2.7 MB at MAX 256". */
export function summaryLine(scall: RunResults, uniform: RunResults, maxSize: number): string {
  const last = scall.segments[scall.segments.length - 1];
  const full = (last.stats.users + last.stats.items) * maxSize * FLOAT32_BYTES;
  const lastUniform = uniform.segments[uniform.segments.length - 1];
  const k = scall.summary.k;
  const delta = scall.summary.recall - uniform.summary.recall;
  return (
    `SCALL: Recall@${k} ${scall.summary.recall.toFixed(4)} vs ${uniform.summary.recall.toFixed(4)} for uniform sizes (${delta >= 0 ? '+' : ''}${delta.toFixed(4)}), ` +
    `in ${mb(last.bytes)} (uniform: ${mb(lastUniform.bytes)}) vs ${mb(full)} for a full-width table at MAX ${maxSize} (last segment, ${budgetPercent(last.bytes, full)} of it)`
  );
}

const budgetPercent = (bytes: number, full: number) => `${((100 * bytes) / full).toFixed(1)}%`;

export const quickstartCommand = defineCommand({
  meta: { name: 'quickstart', description: 'SCALL and uniform sizes side by side on the embedded stream, with the memory used and the HTML report' },
  args: {
    config: { type: 'string', description: 'run config to compare on (default: the built-in quickstart)', default: 'quickstart' },
    out: { type: 'string', description: 'output directory (default runs/quickstart)', default: 'runs/quickstart' },
    'last-segment': { type: 'string', description: 'stop after this segment (a shorter quickstart)' },
  },
  async run({ args }) {
    const path = resolveConfigPath(args.config)!;
    const file = JSON.parse(await readFile(path, 'utf8').catch(() => { throw new UserError(`Cannot read config file ${path}`); })) as Record<string, unknown>;
    const root = resolve(userDirectory(), args.out);
    const lastSegment = args['last-segment'] === undefined ? undefined : Number(args['last-segment']);
    if (lastSegment !== undefined && !(Number.isInteger(lastSegment) && lastSegment >= 1)) throw new UserError(`--last-segment must be an integer >= 1, got "${args['last-segment']}"`);
    const common = { ...file, ...(lastSegment !== undefined ? { lastSegment } : {}) };
    const scallConfig = parseConfig({ ...common, out: join(root, 'scall') }, path);
    // The same stream, budget, recommender and training; only the sizes differ.
    const uniformConfig = parseConfig({ ...common, searcher: { name: 'uniform' }, out: join(root, 'uniform') }, `${path} (searcher: uniform)`);
    consola.start(`1/2 SCALL (${scallConfig.budget.text}, ${scallConfig.recommender.name}) on ${scallConfig.dataset.name}`);
    const scall = await executeRun(scallConfig, { label: `scall ${scallConfig.budget.text}` });
    consola.start(`2/2 uniform sizes, same budget and training`);
    const uniform = await executeRun(uniformConfig, { label: `uniform ${uniformConfig.budget.text}` });
    console.log(`\nSCALL vs uniform sizes, ${scallConfig.budget.text} on ${scallConfig.dataset.name}, backend ${scall.results.backend}:`);
    console.log(formatComparison(scall.results, uniform.results, scallConfig.maxSize));
    console.log(summaryLine(scall.results, uniform.results, scallConfig.maxSize));
    const report = await writeReport(root, join(root, 'report'));
    const shown = (path: string) => {
      const rel = relative(userDirectory(), path);
      return rel.startsWith('..') ? path : rel;
    };
    consola.success(`report: ${shown(report.html)} (open it in a browser); results: ${shown(join(root, 'scall', 'results.json'))}, ${shown(join(root, 'uniform', 'results.json'))}`);
  },
});
