import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineCommand } from 'citty';
import { consola } from 'consola';
import { loadConfig } from '../load-config.js';
import { executeRun, userDirectory } from '../execute-run.js';
import { formatResultTable } from '../result-table.js';
import { UserError } from '../user-error.js';

/** Flags shared by `run` and `bench` that overlay the config file. */
export const runArgs = {
  config: { type: 'string', description: 'JSON config file, or a built-in one by name: quickstart, ml-100k (defaults < file < flags)' },
  dataset: { type: 'string', description: 'dataset preset: synthetic-small (default), ml-100k, amazon-magazine, ciaodvd, lastfm-2k, ...' },
  'data-dir': { type: 'string', description: 'directory holding the dataset folders (default ../shared/data or $SCALL_DATA_DIR)' },
  threshold: { type: 'string', description: 'new users+items that end a segment' },
  data: { type: 'string', description: 'your own interaction file (CSV/TSV/..., plain or gzip) instead of a preset: --data ./ratings.csv' },
  columns: { type: 'string', description: 'with --data: roles of the columns in file order (user,item,rating,timestamp) or header names (user=userId,item=movieId,timestamp=ts); default: detected' },
  delimiter: { type: 'string', description: 'with --data: field separator (",", tab, ";", "|", "::", space); default: detected' },
  header: { type: 'boolean', description: 'with --data: the first line names the columns (--no-header: it does not); default: detected' },
  'timestamp-format': { type: 'string', description: 'with --data: seconds, milliseconds, iso or date; default: detected' },
  protocol: { type: 'string', description: 'strict (default: validation selection, full catalogue), reference (the reference code exactly), legacy (v0.1) or static (CIESS: one random per-user 50/25/25 split, no stream)' },
  budget: { type: 'string', description: 'c=32 (mean size), B=10MB (bytes) or sparsity=0.9@256' },
  searcher: { type: 'string', description: 'scall (default), uniform, random, frequency, or a plug-in' },
  distribution: { type: 'string', description: 'power-law (default), pareto, truncated-normal, ... or a plug-in' },
  agent: { type: 'string', description: 'sac (default) or a plug-in' },
  recommender: { type: 'string', description: 'lightgcn (default) or mf' },
  seed: { type: 'string', description: 'seed of every random choice (default 1)' },
  out: { type: 'string', description: 'output directory (default runs/latest)' },
  'last-segment': { type: 'string', description: 'stop after this segment' },
  plugin: { type: 'string', description: 'comma-separated plug-in packages to load' },
  workers: { type: 'string', description: 'threads scoring candidate plans (execution.workers; default 1 = the main thread); results do not depend on it' },
} as const;

type RunArgs = { [K in keyof typeof runArgs]?: (typeof runArgs)[K]['type'] extends 'boolean' ? boolean : string };

/** Delimiters that are awkward to type in a shell, by name. */
const DELIMITER_WORDS: Readonly<Record<string, string>> = { tab: '\t', '\\t': '\t', comma: ',', semicolon: ';', pipe: '|', space: ' ' };

function integer(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new UserError(`--${flag} must be an integer, got "${value}"`);
  return n;
}

// configs/ sits beside src/ and dist/; this module runs from src/commands/ or from a dist/ chunk.
const BUILTIN_CONFIGS = ['../../configs/', '../configs/'].map((p) => fileURLToPath(new URL(p, import.meta.url))).find((dir) => existsSync(resolve(dir, 'quickstart.json'))) ?? '';

/** A config path relative to where the user ran the command, or a built-in config by name. */
export function resolveConfigPath(file: string | undefined): string | undefined {
  if (file === undefined) return undefined;
  const own = resolve(userDirectory(), file);
  if (existsSync(own)) return own;
  const builtin = resolve(BUILTIN_CONFIGS, `${file}.json`);
  return /^[a-z0-9-]+$/.test(file) && existsSync(builtin) ? builtin : own;
}

/** Turns CLI flags into a config overlay. */
export function flagsToConfig(args: RunArgs): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const dataset: Record<string, unknown> = {};
  if (args.dataset) dataset.name = args.dataset;
  if (args['data-dir']) dataset.dataDir = resolve(userDirectory(), args['data-dir']);
  if (args.data) Object.assign(dataset, { name: 'csv', path: args.data });
  if (args.columns) dataset.columns = args.columns;
  if (args.delimiter) dataset.delimiter = DELIMITER_WORDS[args.delimiter] ?? args.delimiter;
  if (args.header !== undefined) dataset.header = args.header;
  if (args['timestamp-format']) dataset.timestampFormat = args['timestamp-format'];
  if (!args.data && (args.columns || args.delimiter || args['timestamp-format'])) {
    throw new UserError('--columns, --delimiter and --timestamp-format describe your own file: give it with --data ./ratings.csv');
  }
  if (args.threshold) dataset.threshold = integer(args.threshold, 'threshold');
  if (Object.keys(dataset).length) out.dataset = dataset;
  if (args.budget) out.budget = args.budget;
  if (args.protocol) out.protocol = args.protocol;
  for (const key of ['searcher', 'distribution', 'agent', 'recommender'] as const) if (args[key]) out[key] = { name: args[key] };
  if (args.seed) out.seed = integer(args.seed, 'seed');
  if (args.out) out.out = args.out;
  if (args['last-segment']) out.lastSegment = integer(args['last-segment'], 'last-segment');
  if (args.workers) out.execution = { workers: integer(args.workers, 'workers') };
  if (args.plugin) out.plugins = args.plugin.split(',').map((s) => s.trim()).filter(Boolean);
  return out;
}

export const runCommand = defineCommand({
  meta: { name: 'run', description: 'Run a searcher over a stream and write results.json / events.jsonl' },
  args: {
    ...runArgs,
    resume: { type: 'boolean', description: 'continue from the checkpoint in --out', default: false },
    label: { type: 'string', description: 'prefix of progress lines (default: searcher and budget)' },
  },
  async run({ args }) {
    const config = await loadConfig(resolveConfigPath(args.config), flagsToConfig(args as RunArgs));
    const { results, outDir } = await executeRun(config, { resume: args.resume, label: args.label });
    console.log(formatResultTable(results));
    consola.success(`results: ${outDir}/results.json, events: ${outDir}/events.jsonl`);
  },
});
