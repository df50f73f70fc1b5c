import { formatBudget } from '@scall/plugin-utils';
import type { Budget, PolicyStepEvent, SegmentResult, SizeByRank } from '@scall/spec';
import { compareBudgets } from './budget-order.js';
import type { QualityFigures } from './quality-figures.js';
import type { LoadedRun } from './run-directory.js';
import { spreadOf } from './spread.js';
import type { Spread } from './spread.js';

/** Wall-clock seconds per phase, each summarised over seeds. */
export interface PhaseTimes {
  readonly policy: Spread;
  readonly training: Spread;
  readonly evaluation: Spread;
}

/** One segment of a cell, summarised over the seeds that reached it. */
export interface SegmentAggregate {
  readonly index: number;
  /** Test users of the segment (the same for every seed of one stream). */
  readonly testUsers: Spread;
  /** Recall@K and NDCG@K of the selected checkpoint on the test part, K = the cell's `k`. */
  readonly recall: Spread;
  readonly ndcg: Spread;
  /** Bytes stored by the deployed embeddings and the bytes the budget allows. */
  readonly bytes: Spread;
  readonly budgetBytes: Spread;
  /** Parameters used and allowed. */
  readonly parameters: Spread;
  readonly budgetParameters: Spread;
  readonly meanUserSize: Spread;
  readonly meanItemSize: Spread;
  readonly timings: PhaseTimes;
}

/** Embedding size against frequency rank at one segment of one run. */
export interface SegmentSizes {
  readonly index: number;
  readonly users: SizeByRank;
  readonly items: SizeByRank;
}

/** The agent's actions of one run (one seed) of a cell. */
export interface SeedPolicySteps {
  readonly seed: number;
  readonly steps: readonly PolicyStepEvent[];
}

/**
 * The runs of one grid cell — dataset × searcher × budget × recommender — summarised
 * over their seeds.
 */
export interface CellAggregate {
  /** `dataset|recommender|protocol|budget label|searcher`, unique per cell. */
  readonly key: string;
  readonly dataset: string;
  readonly recommender: string;
  /**
   * The recommender the runs were configured with (`config.recommender.name`, else
   * `recommender`): `lightgcn` for a SparseRec or MagPrune run that trained its paired
   * `sparse-lightgcn`. Paired comparisons match cells on it, so sparse searchers pair with
   * uniform sizes on the same LightGCN.
   */
  readonly baseRecommender: string;
  /** The evaluation protocol of the runs (`strict`, `reference`, ...; `v0.1` for results that predate protocols). */
  readonly protocol: string;
  /** The searcher's label in this report: the run's `config.label`, else its registry name. */
  readonly searcher: string;
  /** The searcher's registry name (`scall`, `uniform`, ...). */
  readonly searcherName: string;
  readonly budget: Budget;
  /** The budget as {@link formatBudget} writes it, e.g. `c=32` or `B=10MB`. */
  readonly budgetLabel: string;
  /** The cut-off K of Recall@K / NDCG@K (20 in the paper). */
  readonly k: number;
  /** Seeds, ascending, and the run directories in the same order. */
  readonly seeds: readonly number[];
  readonly runDirs: readonly string[];
  /** Averages over segments 1..T: plain, weighted by test users, and over the segments with at least {@link MIN_TEST_USERS} test users. */
  readonly summary: QualityFigures<Spread> & {
    /** Segments averaged (largest over seeds). */
    readonly segments: number;
    /** Segments with at least {@link MIN_TEST_USERS} test users (largest over seeds). */
    readonly reliableSegments: number;
  };
  /** The per-seed averages behind `summary`, by ascending seed (what paired comparisons pair). */
  readonly perSeed: readonly SeedSummary[];
  readonly segments: readonly SegmentAggregate[];
  /** Whole-run wall-clock seconds: total and per phase. */
  readonly timings: PhaseTimes & { readonly total: Spread };
  readonly peakRssBytes: Spread;
  /** Distinct values over the seeds (normally one each). */
  readonly backends: readonly string[];
  readonly selections: readonly string[];
  readonly configHashes: readonly string[];
  /** Package -> distinct versions over the seeds. */
  readonly versions: { readonly [pkg: string]: readonly string[] };
  /** Embedding sizes by frequency rank, per segment, of the run with the lowest seed. */
  readonly sizes: { readonly seed: number; readonly segments: readonly SegmentSizes[] };
  /** Policy steps per seed (empty when the searcher emitted none). */
  readonly policySteps: readonly SeedPolicySteps[];
  /** The action behind each deployed plan (`segments[].action` of the results), per seed and segment; empty for searchers without actions. */
  readonly deployedActions: readonly { readonly seed: number; readonly segment: number; readonly action: readonly number[] }[];
}

/** One seed's averages over segments 1..T (see {@link CellAggregate.summary}). */
export interface SeedSummary extends QualityFigures<number> {
  readonly seed: number;
}

/** Segments with fewer test users than this are noise: flagged, and left out of the "reliable" averages. */
export const MIN_TEST_USERS = 10;

/**
 * Plain averages over the reported segments with at least {@link MIN_TEST_USERS} test
 * users. The reported segments are those of the run's own summary: 1..T of a stream
 * (segment 0 is its warm-up), the one segment of a single-segment run (the static split).
 */
function reliableAverages(run: LoadedRun, k: number): { recall: number; ndcg: number; segments: number } {
  const single = run.results.segments.length === 1 && run.results.segments[0].index === 0;
  const kept = run.results.segments.filter((s) => (single || s.index >= 1) && s.test.users >= MIN_TEST_USERS);
  if (kept.length === 0) return { recall: 0, ndcg: 0, segments: 0 };
  const avg = (metric: string) => kept.reduce((sum, s) => sum + metricAt(s, metric, k, run.resultsPath), 0) / kept.length;
  return { recall: avg('recall'), ndcg: avg('ndcg'), segments: kept.length };
}

/** A set of runs grouped into cells, ready for tables and charts. */
export interface RunAggregate {
  /** Cells ordered by dataset, recommender, budget (small to large), searcher. */
  readonly cells: readonly CellAggregate[];
  readonly datasets: readonly string[];
  readonly recommenders: readonly string[];
  readonly protocols: readonly string[];
  readonly searchers: readonly string[];
  /** Budgets present, small to large, with their labels. */
  readonly budgets: readonly { readonly label: string; readonly budget: Budget }[];
  /** Number of runs aggregated. */
  readonly runs: number;
  /** Runs whose event log ended in a cut-off line. */
  readonly truncatedEventLogs: readonly string[];
}

function metricAt(segment: SegmentResult, metric: string, k: number, file: string): number {
  const value = segment.test.metrics[metric]?.[k];
  if (typeof value !== 'number') {
    throw new Error(`${file}: segments[${segment.index}].test.metrics.${metric}[${k}] is missing (the summary uses K=${k})`);
  }
  return value;
}

function distinct(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}

/** The recommender a run was configured with: `config.recommender.name`, else the one it reports. */
export function baseRecommenderOf(run: LoadedRun): string {
  const name = (run.results.config as { recommender?: { name?: unknown } }).recommender?.name;
  return typeof name === 'string' && name.length > 0 ? name : run.results.recommender;
}

/** The protocol a run was measured under (`v0.1` for results written before protocols existed). */
export function protocolOf(run: LoadedRun): string {
  const protocol = (run.results.config as { protocol?: unknown }).protocol;
  return typeof protocol === 'string' ? protocol : 'v0.1';
}

/** The searcher's label of a run: `config.label`, else the registry name. */
export function searcherLabelOf(run: LoadedRun): string {
  const label = (run.results.config as { label?: unknown }).label;
  return typeof label === 'string' && label.length > 0 ? label : run.results.searcher;
}

function cellKey(run: LoadedRun): string {
  const r = run.results;
  return `${r.dataset}|${r.recommender}|${protocolOf(run)}|${formatBudget(r.budget)}|${searcherLabelOf(run)}`;
}

function aggregateSegments(runs: readonly LoadedRun[], k: number): SegmentAggregate[] {
  const byIndex = new Map<number, { run: LoadedRun; segment: SegmentResult }[]>();
  for (const run of runs) {
    for (const segment of run.results.segments) {
      const list = byIndex.get(segment.index) ?? [];
      list.push({ run, segment });
      byIndex.set(segment.index, list);
    }
  }
  return [...byIndex.keys()]
    .sort((a, b) => a - b)
    .map((index) => {
      const list = byIndex.get(index)!;
      const of = (what: string, pick: (s: SegmentResult) => number) =>
        spreadOf(
          list.map(({ segment }) => pick(segment)),
          `segment ${index} ${what}`,
        );
      return {
        index,
        testUsers: of('test users', (s) => s.stats.testUsers),
        recall: spreadOf(
          list.map(({ run, segment }) => metricAt(segment, 'recall', k, run.resultsPath)),
          `segment ${index} recall`,
        ),
        ndcg: spreadOf(
          list.map(({ run, segment }) => metricAt(segment, 'ndcg', k, run.resultsPath)),
          `segment ${index} ndcg`,
        ),
        bytes: of('bytes', (s) => s.bytes),
        budgetBytes: of('budget bytes', (s) => s.budgetBytes),
        parameters: of('parameters', (s) => s.parameters),
        budgetParameters: of('budget parameters', (s) => s.budgetParameters),
        meanUserSize: of('mean user size', (s) => s.meanUserSize),
        meanItemSize: of('mean item size', (s) => s.meanItemSize),
        timings: {
          policy: of('policy seconds', (s) => s.timings.policy),
          training: of('training seconds', (s) => s.timings.training),
          evaluation: of('evaluation seconds', (s) => s.timings.evaluation),
        },
      };
    });
}

function aggregateCell(key: string, cellRuns: LoadedRun[]): CellAggregate {
  const runs = [...cellRuns].sort((a, b) => a.results.seed - b.results.seed);
  for (let i = 1; i < runs.length; i++) {
    if (runs[i].results.seed === runs[i - 1].results.seed) {
      throw new Error(
        `Cell ${key} has seed ${runs[i].results.seed} twice: ${runs[i - 1].resultsPath} and ${runs[i].resultsPath} (report one grid at a time, or remove the duplicate)`,
      );
    }
  }
  const first = runs[0].results;
  const k = first.summary.k;
  for (const run of runs) {
    if (run.results.summary.k !== k) {
      throw new Error(`Cell ${key}: ${run.resultsPath} reports K=${run.results.summary.k} but ${runs[0].resultsPath} reports K=${k}`);
    }
  }
  const of = (what: string, pick: (r: LoadedRun['results']) => number) =>
    spreadOf(
      runs.map((run) => pick(run.results)),
      `${key} ${what}`,
    );
  const reliable = runs.map((run) => reliableAverages(run, k));
  const versions: Record<string, string[]> = {};
  for (const pkg of distinct(runs.flatMap((run) => Object.keys(run.results.versions)))) {
    versions[pkg] = distinct(runs.flatMap((run) => (run.results.versions[pkg] === undefined ? [] : [run.results.versions[pkg]])));
  }
  return {
    key,
    dataset: first.dataset,
    recommender: first.recommender,
    baseRecommender: baseRecommenderOf(runs[0]),
    protocol: protocolOf(runs[0]),
    searcher: searcherLabelOf(runs[0]),
    searcherName: first.searcher,
    budget: first.budget,
    budgetLabel: formatBudget(first.budget),
    k,
    seeds: runs.map((run) => run.results.seed),
    runDirs: runs.map((run) => run.dir),
    summary: {
      recall: of('recall', (r) => r.summary.recall),
      ndcg: of('ndcg', (r) => r.summary.ndcg),
      weightedRecall: of('weighted recall', (r) => r.summary.weightedRecall),
      weightedNdcg: of('weighted ndcg', (r) => r.summary.weightedNdcg),
      reliableRecall: spreadOf(reliable.map((r) => r.recall), `${key} reliable recall`),
      reliableNdcg: spreadOf(reliable.map((r) => r.ndcg), `${key} reliable ndcg`),
      segments: Math.max(...runs.map((run) => run.results.summary.segments)),
      reliableSegments: Math.max(...reliable.map((r) => r.segments)),
    },
    perSeed: runs.map((run, i) => ({
      seed: run.results.seed,
      recall: run.results.summary.recall,
      ndcg: run.results.summary.ndcg,
      weightedRecall: run.results.summary.weightedRecall,
      weightedNdcg: run.results.summary.weightedNdcg,
      reliableRecall: reliable[i].recall,
      reliableNdcg: reliable[i].ndcg,
    })),
    segments: aggregateSegments(runs, k),
    timings: {
      total: of('total seconds', (r) => r.timings.total),
      policy: of('policy seconds', (r) => r.timings.policy),
      training: of('training seconds', (r) => r.timings.training),
      evaluation: of('evaluation seconds', (r) => r.timings.evaluation),
    },
    peakRssBytes: of('peak RSS', (r) => r.peakRssBytes),
    backends: distinct(runs.map((run) => run.results.backend)),
    selections: distinct(runs.map((run) => run.results.selection)),
    configHashes: distinct(runs.map((run) => run.results.configHash)),
    versions,
    sizes: {
      seed: first.seed,
      segments: first.segments.map((s) => ({ index: s.index, users: s.sizeByRank.users, items: s.sizeByRank.items })),
    },
    policySteps: runs.filter((run) => run.policySteps.length > 0).map((run) => ({ seed: run.results.seed, steps: run.policySteps })),
    deployedActions: runs.flatMap((run) => run.results.segments.flatMap((s) => (s.action ? [{ seed: run.results.seed, segment: s.index, action: [...s.action] }] : []))),
  };
}

/**
 * Groups runs into cells (dataset × searcher × budget label × recommender) and
 * summarises each over its seeds: per-segment and average Recall@K / NDCG@K (plain and
 * test-user-weighted), budget used vs allowed, time per phase, peak memory, backend,
 * versions and config hashes.
 *
 * @throws when a cell holds the same seed twice or its runs disagree on K.
 */
export function aggregateRuns(runs: readonly LoadedRun[]): RunAggregate {
  const groups = new Map<string, LoadedRun[]>();
  for (const run of runs) {
    const key = cellKey(run);
    const list = groups.get(key) ?? [];
    list.push(run);
    groups.set(key, list);
  }
  const cells = [...groups.entries()].map(([key, list]) => aggregateCell(key, list));
  cells.sort(
    (a, b) =>
      a.dataset.localeCompare(b.dataset) ||
      a.recommender.localeCompare(b.recommender) ||
      a.protocol.localeCompare(b.protocol) ||
      compareBudgets(a.budget, b.budget) ||
      a.searcher.localeCompare(b.searcher),
  );
  const budgets: { label: string; budget: Budget }[] = [];
  for (const cell of [...cells].sort((a, b) => compareBudgets(a.budget, b.budget))) {
    if (!budgets.some((b) => b.label === cell.budgetLabel)) budgets.push({ label: cell.budgetLabel, budget: cell.budget });
  }
  return {
    cells,
    datasets: distinct(cells.map((c) => c.dataset)),
    recommenders: distinct(cells.map((c) => c.recommender)),
    protocols: distinct(cells.map((c) => c.protocol)),
    searchers: distinct(cells.map((c) => c.searcher)),
    budgets,
    runs: runs.length,
    truncatedEventLogs: runs.filter((run) => run.eventsTruncated).map((run) => run.eventsPath!),
  };
}
