import type { RunConfig, RunConfigInput } from './config-schema.js';
import { mergeConfig, parseConfig } from './load-config.js';

/** A declared benchmark grid: every combination is one run (a cell x seed). */
export interface BenchGrid {
  readonly description: string;
  readonly datasets: readonly { readonly name: string; readonly threshold?: number }[];
  readonly searchers: readonly string[];
  readonly budgets: readonly string[];
  readonly seeds: readonly number[];
  /** Settings shared by every run of the grid (recommender, training, searcher options, ...). */
  readonly base: RunConfigInput;
}

const SEARCHERS = ['scall', 'uniform', 'random', 'frequency'] as const;

/** The grids `scall bench --grid <name>` knows. */
export const BENCH_GRIDS: Record<string, BenchGrid> = {
  quick: {
    description: 'CI-sized: synthetic-small, first 3 segments, MF, 2 budgets, 1 seed, short policy updates',
    datasets: [{ name: 'synthetic-small' }],
    searchers: SEARCHERS,
    budgets: ['c=8', 'c=16'],
    seeds: [1],
    base: {
      recommender: { name: 'mf', options: { batchSize: 2048 } },
      training: { blockSteps: 50, patience: 2, maxBlocks: 4 },
      searcher: { name: 'scall', options: { minPolicySteps: 3, maxPolicySteps: 3, rewardSteps: 50, groups: 32 } },
      maxSize: 64,
      lastSegment: 2,
    },
  },
  'ml-100k': {
    description: 'ML-100K, threshold 300, LightGCN, c in {16, 32}, SCALL vs uniform / random / frequency, 1 seed',
    datasets: [{ name: 'ml-100k', threshold: 300 }],
    searchers: SEARCHERS,
    budgets: ['c=16', 'c=32'],
    seeds: [1],
    base: { recommender: { name: 'lightgcn' }, searcher: { name: 'scall', options: { maxPolicySteps: 15 } } },
  },
  paper: {
    description: 'The full grid: ML-100K and synthetic-small, c in {8, 16, 32} and B=0.05MB, 3 seeds',
    datasets: [{ name: 'ml-100k', threshold: 300 }, { name: 'synthetic-small' }],
    searchers: SEARCHERS,
    budgets: ['c=8', 'c=16', 'c=32', 'B=0.05MB'],
    seeds: [1, 2, 3],
    base: { recommender: { name: 'lightgcn' }, searcher: { name: 'scall', options: { maxPolicySteps: 15 } } },
  },
};

/** One run of a grid. */
export interface BenchCell {
  readonly dataset: { readonly name: string; readonly threshold?: number };
  readonly searcher: string;
  readonly budget: string;
  readonly seed: number;
  /** Relative output directory of the run under the grid's root. */
  readonly dir: string;
}

/** Expands a grid into its runs, in a stable order. */
export function expandGrid(grid: BenchGrid): BenchCell[] {
  const cells: BenchCell[] = [];
  for (const dataset of grid.datasets)
    for (const budget of grid.budgets)
      for (const searcher of grid.searchers)
        for (const seed of grid.seeds)
          cells.push({ dataset, searcher, budget, seed, dir: [dataset.name, budget.replace(/[^A-Za-z0-9.=-]/g, '_'), searcher, `seed-${seed}`].join('/') });
  return cells;
}

/**
 * The validated run configuration of one cell: the grid's base settings, the cell's
 * dataset, budget and seed, and its searcher. The base `searcher` entry (with its
 * options) applies to SCALL cells only; other searchers get their defaults.
 */
export function cellConfig(gridName: string, grid: BenchGrid, cell: BenchCell, out: string, dataDir?: string): RunConfig {
  const { searcher: baseSearcher, ...base } = grid.base as Record<string, unknown>;
  const searcher = cell.searcher === 'scall' ? (baseSearcher ?? { name: 'scall' }) : { name: cell.searcher };
  const dataset = { name: cell.dataset.name, ...(cell.dataset.threshold ? { threshold: cell.dataset.threshold } : {}), ...(dataDir ? { dataDir } : {}) };
  return parseConfig({ ...mergeConfig(base, { dataset, budget: cell.budget, seed: cell.seed, out }), searcher }, `grid "${gridName}" cell ${cell.dir}`);
}
