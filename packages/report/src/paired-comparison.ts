import type { CellAggregate, RunAggregate } from './aggregate.js';
import type { QualityFigures, QualityMeasure } from './quality-figures.js';
import { spreadOf, type Spread } from './spread.js';

/** The searcher every other one is compared with. */
export const BASELINE_SEARCHER = 'uniform';

/**
 * One searcher against the baseline in one (dataset, recommender, protocol, budget), paired
 * by seed. Its {@link QualityFigures} are the differences searcher − baseline of the
 * segment-averaged metrics, summarised over the paired seeds: mean, and the 95 % confidence
 * interval's half-width (`ci95`, Student t with n − 1 degrees of freedom; 0 with one pair).
 */
export interface PairedComparison extends QualityFigures<Spread> {
  readonly dataset: string;
  readonly recommender: string;
  readonly protocol: string;
  readonly budgetLabel: string;
  /** The compared searcher's label and the baseline's. */
  readonly searcher: string;
  readonly baseline: string;
  /** Seeds both cells ran, ascending: the pairs. */
  readonly seeds: readonly number[];
}

/** Whether a paired difference's 95 % CI excludes zero (needs at least two pairs). */
export function excludesZero(difference: Spread): boolean {
  return difference.n >= 2 && (difference.mean - difference.ci95 > 0 || difference.mean + difference.ci95 < 0);
}

function paired(cell: CellAggregate, base: CellAggregate): PairedComparison | undefined {
  const seeds = cell.perSeed.map((s) => s.seed).filter((seed) => base.perSeed.some((b) => b.seed === seed));
  if (seeds.length === 0) return undefined;
  const diff = (metric: QualityMeasure) =>
    spreadOf(
      seeds.map((seed) => cell.perSeed.find((s) => s.seed === seed)![metric] - base.perSeed.find((s) => s.seed === seed)![metric]),
      `${cell.key} − ${base.key} ${metric}`,
    );
  return {
    dataset: cell.dataset,
    recommender: cell.recommender,
    protocol: cell.protocol,
    budgetLabel: cell.budgetLabel,
    searcher: cell.searcher,
    baseline: base.searcher,
    seeds,
    recall: diff('recall'),
    ndcg: diff('ndcg'),
    weightedRecall: diff('weightedRecall'),
    weightedNdcg: diff('weightedNdcg'),
    reliableRecall: diff('reliableRecall'),
    reliableNdcg: diff('reliableNdcg'),
  };
}

/**
 * Every searcher against uniform sizes on the same seeds — the same stream, samplers and
 * initial draws, since a run's randomness derives from its seed — for each dataset,
 * recommender, protocol and budget that has a `uniform` cell. Recommenders match by the
 * configured name ({@link CellAggregate.baseRecommender}), so a sparse searcher's
 * `sparse-lightgcn` cell pairs with uniform sizes on `lightgcn`. Only seeds present in
 * both cells are paired. Cells without a baseline are left out.
 */
export function pairedComparisons(aggregate: RunAggregate, baseline = BASELINE_SEARCHER): PairedComparison[] {
  const out: PairedComparison[] = [];
  for (const cell of aggregate.cells) {
    if (cell.searcher === baseline) continue;
    const base = aggregate.cells.find(
      (c) => c.searcher === baseline && c.dataset === cell.dataset && c.baseRecommender === cell.baseRecommender && c.protocol === cell.protocol && c.budgetLabel === cell.budgetLabel,
    );
    if (!base) continue;
    const comparison = paired(cell, base);
    if (comparison) out.push(comparison);
  }
  return out;
}

/**
 * {@link pairedComparisons} against each of `baselines` in turn (e.g. `['uniform',
 * 'fixed-action']`: a lift over uniform sizes, then whether it survives a control).
 * A searcher that is itself an earlier baseline is not compared with a later one (that row
 * would negate one already listed). Without `baselines`, the comparisons against uniform
 * sizes (none when no run has them).
 *
 * @throws RangeError naming the baseline when a given one is not a searcher of the aggregate.
 */
export function pairedComparisonsAgainst(aggregate: RunAggregate, baselines?: readonly string[]): PairedComparison[] {
  if (baselines === undefined) return pairedComparisons(aggregate);
  for (const baseline of baselines) {
    if (!aggregate.searchers.includes(baseline)) {
      throw new RangeError(`Unknown searcher "${baseline}" as a baseline: the runs hold ${aggregate.searchers.map((x) => `"${x}"`).join(', ')}`);
    }
  }
  // A baseline already compared against is not compared again with a later one (its row would be the negation of one above).
  return baselines.flatMap((baseline, i) => pairedComparisons(aggregate, baseline).filter((row) => !baselines.slice(0, i).includes(row.searcher)));
}

/** `"uniform", then "fixed-action"`: the baselines as the report's notes name them (uniform sizes when none are given). */
export function baselinesPhrase(baselines: readonly string[] = [BASELINE_SEARCHER], joiner = ', then '): string {
  return baselines.map((b) => `"${b}"`).join(joiner);
}
