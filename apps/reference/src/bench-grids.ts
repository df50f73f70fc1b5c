import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { PROTOCOL_NAMES, type RunConfig, type RunConfigInput } from './config-schema.js';
import { mergeConfig, parseConfig } from './load-config.js';
import { closest, parseBudget } from '@scall/plugin-utils';

/** A searcher of a grid: a registry name, or a labelled variant whose `config` is merged over the grid's base. */
export type GridSearcher = string | { readonly label: string; readonly config: RunConfigInput };

/** A declared benchmark grid: every combination is one run (a cell x seed). */
export interface BenchGrid {
  readonly description: string;
  readonly datasets: readonly { readonly name: string; readonly threshold?: number }[];
  readonly searchers: readonly GridSearcher[];
  readonly budgets: readonly string[];
  readonly seeds: readonly number[];
  /** Protocols every cell runs under (default: the base config's, else `strict`). */
  readonly protocols?: readonly (typeof PROTOCOL_NAMES)[number][];
  /** Settings shared by every run of the grid (recommender, training, searcher options, ...). */
  readonly base: RunConfigInput;
}

/** The JSON schema of a grid file (`scall bench --grid ./grid.json`). Unknown keys are errors. */
export const benchGridSchema = z.strictObject({
  description: z.string().default(''),
  datasets: z.array(z.strictObject({ name: z.string().min(1), threshold: z.number().int().positive().optional() })).min(1),
  searchers: z.array(z.union([z.string().min(1), z.strictObject({ label: z.string().regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, ".", "_" or "-"'), config: z.record(z.string(), z.unknown()) })])).min(1),
  /** Budget texts (`c=32`, `B=0.05MB`, ...), checked here; a cell's label and directory keep the text as written. */
  budgets: z
    .array(
      z.string().superRefine((text, ctx) => {
        try {
          parseBudget(text);
        } catch (error) {
          ctx.addIssue({ code: 'custom', message: (error as Error).message });
        }
      }),
    )
    .min(1),
  seeds: z.array(z.number().int()).min(1),
  protocols: z.array(z.enum(PROTOCOL_NAMES)).min(1).optional(),
  base: z.record(z.string(), z.unknown()).default({}),
});

// grids/ sits beside src/ and dist/; this module runs from src/ or from a dist/ chunk.
const GRIDS_DIR = ['../grids/', './grids/', '../../grids/'].map((p) => fileURLToPath(new URL(p, import.meta.url))).find((dir) => existsSync(resolve(dir, 'quick.json'))) ?? '';

/** Names of the grids shipped in `apps/reference/grids/`. */
export function builtinGridNames(): string[] {
  return GRIDS_DIR ? readdirSync(GRIDS_DIR).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort() : [];
}

/** Parses a grid object, naming the source in every error. */
export function parseGrid(input: unknown, source: string): BenchGrid {
  const result = benchGridSchema.safeParse(input);
  if (!result.success) {
    const known = Object.keys(benchGridSchema.shape);
    const lines = result.error.issues.map((issue) => {
      const where = issue.path.length ? issue.path.join('.') : '(top level)';
      if (issue.code === 'unrecognized_keys' && issue.path.length === 0) {
        return issue.keys.map((key) => `unknown key "${key}"${closest(key, known) ? ` (did you mean "${closest(key, known)}"?)` : ''}; known keys: ${known.join(', ')}`).join('\n  ');
      }
      return `${where}: ${issue.message}`;
    });
    throw new Error(`Invalid benchmark grid in ${source}:\n  ${lines.join('\n  ')}`);
  }
  const labels = result.data.searchers.map(searcherLabel);
  const twice = labels.find((label, i) => labels.indexOf(label) !== i);
  if (twice) throw new Error(`Invalid benchmark grid in ${source}: searcher label "${twice}" appears twice`);
  return result.data as BenchGrid;
}

/**
 * Loads a grid: a path to a JSON file (relative to `cwd`), or the name of a grid shipped
 * in `apps/reference/grids/` (`quick`, `budget-curve`, ...).
 */
export function loadGrid(nameOrPath: string, cwd: string): { name: string; grid: BenchGrid; file: string } {
  const own = resolve(cwd, nameOrPath);
  const builtin = GRIDS_DIR ? resolve(GRIDS_DIR, `${nameOrPath}.json`) : '';
  const file = existsSync(own) && !/^[a-z0-9-]+$/.test(nameOrPath) ? own : /^[a-z0-9-]+$/.test(nameOrPath) && builtin && existsSync(builtin) ? builtin : existsSync(own) ? own : '';
  if (!file) throw new Error(`Unknown grid "${nameOrPath}": no such file, and no built-in grid of that name (built-in: ${builtinGridNames().join(', ')})`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`Grid file ${file} is not valid JSON: ${(error as Error).message}`);
  }
  const name = file === builtin ? nameOrPath : nameOrPath.replace(/^.*[\\/]/, '').replace(/\.json$/, '');
  return { name, grid: parseGrid(parsed, file), file };
}

/** The label of a grid searcher (its directory name and its name in the report). */
export function searcherLabel(searcher: GridSearcher): string {
  return typeof searcher === 'string' ? searcher : searcher.label;
}

/** One run of a grid. */
export interface BenchCell {
  readonly dataset: { readonly name: string; readonly threshold?: number };
  readonly protocol: (typeof PROTOCOL_NAMES)[number];
  /** The searcher's label (registry name for plain entries). */
  readonly searcher: string;
  readonly budget: string;
  readonly seed: number;
  /** Relative output directory of the run under the grid's root. */
  readonly dir: string;
}

function gridProtocols(grid: BenchGrid): readonly (typeof PROTOCOL_NAMES)[number][] {
  const base = (grid.base as { protocol?: (typeof PROTOCOL_NAMES)[number] }).protocol;
  return grid.protocols ?? [base ?? 'strict'];
}

/** Expands a grid into its runs, in a stable order. */
export function expandGrid(grid: BenchGrid): BenchCell[] {
  const cells: BenchCell[] = [];
  const protocols = gridProtocols(grid);
  const multi = protocols.length > 1 || grid.protocols !== undefined;
  for (const dataset of grid.datasets)
    for (const protocol of protocols)
      for (const budget of grid.budgets)
        for (const entry of grid.searchers)
          for (const seed of grid.seeds) {
            const searcher = searcherLabel(entry);
            const parts = [dataset.name, ...(multi ? [protocol] : []), budget.replace(/[^A-Za-z0-9.=-]/g, '_'), searcher, `seed-${seed}`];
            cells.push({ dataset, protocol, searcher, budget, seed, dir: parts.join('/') });
          }
  return cells;
}

/**
 * The validated run configuration of one cell: the grid's base settings, the cell's
 * dataset, protocol, budget and seed, and its searcher. A plain searcher name gets the
 * base `searcher` entry (with its options) when the names match, else its defaults; a
 * labelled variant's `config` is merged over the base. The label is recorded as `label`.
 */
export function cellConfig(gridName: string, grid: BenchGrid, cell: BenchCell, out: string, dataDir?: string): RunConfig {
  const { searcher: baseSearcher, ...base } = grid.base as Record<string, unknown>;
  const entry = grid.searchers.find((s) => searcherLabel(s) === cell.searcher);
  if (entry === undefined) throw new Error(`grid "${gridName}" has no searcher "${cell.searcher}"`);
  let withSearcher: Record<string, unknown>;
  if (typeof entry === 'string') {
    const searcher = (baseSearcher as { name?: string } | undefined)?.name === entry ? baseSearcher : { name: entry };
    withSearcher = { ...base, searcher };
  } else {
    withSearcher = mergeConfig({ ...base, ...(baseSearcher ? { searcher: baseSearcher } : {}) }, entry.config as Record<string, unknown>);
  }
  const dataset = { name: cell.dataset.name, ...(cell.dataset.threshold ? { threshold: cell.dataset.threshold } : {}), ...(dataDir ? { dataDir } : {}) };
  return parseConfig(
    mergeConfig(withSearcher, { dataset, protocol: cell.protocol, budget: cell.budget, seed: cell.seed, out, label: cell.searcher }),
    `grid "${gridName}" cell ${cell.dir}`,
  );
}
