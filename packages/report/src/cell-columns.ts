import type { CellAggregate } from './aggregate.js';
import { formatSeconds, formatSpread } from './format.js';
import type { QualityFigures } from './quality-figures.js';
import type { Spread } from './spread.js';

/** A column of a table with one row per cell: its header and what a cell writes in it. */
export interface CellColumn {
  readonly header: string;
  readonly value: (cell: CellAggregate) => string;
}

/** What a cell ran on: dataset, recommender, protocol. */
export const SCENARIO_COLUMNS: readonly CellColumn[] = [
  { header: 'dataset', value: (c) => c.dataset },
  { header: 'recommender', value: (c) => c.recommender },
  { header: 'protocol', value: (c) => c.protocol },
];

/** Which run of the scenario a cell is: searcher and budget. */
export const SEARCHER_COLUMNS: readonly CellColumn[] = [
  { header: 'searcher', value: (c) => c.searcher },
  { header: 'budget', value: (c) => c.budgetLabel },
];

/** How much a cell's figures rest on: segments averaged and seeds. */
export const COUNT_COLUMNS: readonly CellColumn[] = [
  { header: 'segments', value: (c) => String(c.summary.segments) },
  { header: 'seeds', value: (c) => String(c.seeds.length) },
];

/** The averaged measures every summary shows, in column order. */
const AVERAGED = [
  { measure: 'recall', header: 'avg Recall' },
  { measure: 'ndcg', header: 'avg NDCG' },
  { measure: 'weightedRecall', header: 'weighted Recall' },
  { measure: 'weightedNdcg', header: 'weighted NDCG' },
] as const;

/** `avg Recall@K`, `avg NDCG@K`, `weighted Recall@K`, `weighted NDCG@K`, each passed through `decorate`. */
export function averagedQualityHeaders(k: number, decorate: (header: string) => string = (header) => header): string[] {
  return AVERAGED.map(({ header }) => decorate(`${header}@${k}`));
}

/** The four averaged measures of {@link averagedQualityHeaders} of some figures, formatted. */
export function averagedQualityValues(figures: QualityFigures<Spread>, format: (figure: Spread) => string): string[] {
  return AVERAGED.map(({ measure }) => format(figures[measure]));
}

/**
 * The four averaged quality columns at cut-off `k`: the plain averages formatted with
 * `formatAverage`, the weighted ones as mean ± std.
 */
export function averagedQualityColumns(k: number, formatAverage: (figure: Spread) => string = formatSpread): CellColumn[] {
  return AVERAGED.map(({ measure, header }) => ({
    header: `${header}@${k}`,
    value: (c: CellAggregate) => (measure === 'recall' || measure === 'ndcg' ? formatAverage : formatSpread)(c.summary[measure]),
  }));
}

/** A cell's mean wall time over seeds, under `header`. */
export function wallTimeColumn(header: string): CellColumn {
  return { header, value: (c) => formatSeconds(c.timings.total.mean) };
}
