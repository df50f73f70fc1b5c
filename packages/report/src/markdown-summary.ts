import type { RunAggregate } from './aggregate.js';
import { averagedQualityColumns, COUNT_COLUMNS, SCENARIO_COLUMNS, SEARCHER_COLUMNS, wallTimeColumn, type CellColumn } from './cell-columns.js';
import { formatCi, formatDifference, formatSpread } from './format.js';
import { baselinesPhrase, pairedComparisonsAgainst } from './paired-comparison.js';
import { forecastAccuracy, MIN_FORECASTS } from './forecast-accuracy.js';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/**
 * A Markdown table of every cell for papers and READMEs: searcher, budget, average
 * Recall@K and NDCG@K (mean and 95 % CI over seeds), their test-user-weighted versions,
 * wall time, segments averaged and seeds; then every searcher's paired difference
 * against uniform sizes (or against each of `options.baselines`). Dataset, recommender
 * and protocol columns appear when the aggregate holds more than one of them.
 */
export function renderMarkdownSummary(aggregate: RunAggregate, options: { readonly baselines?: readonly string[] } = {}): string {
  const k = aggregate.cells[0]?.k ?? 20;
  const scenarioColumns = aggregate.datasets.length > 1 || aggregate.recommenders.length > 1 || aggregate.protocols.length > 1;
  const columns: CellColumn[] = [
    ...(scenarioColumns ? SCENARIO_COLUMNS : []),
    ...SEARCHER_COLUMNS,
    ...averagedQualityColumns(k, (figure) => (figure.n > 1 ? formatCi(figure) : formatSpread(figure))),
    wallTimeColumn('wall time'),
    ...COUNT_COLUMNS,
  ];
  const header = columns.map((column) => column.header);
  const align = header.map((_, i) => (i < (scenarioColumns ? 5 : 2) ? '---' : '---:'));
  const rows = aggregate.cells.map((c) => columns.map((column) => column.value(c)));
  const line = (cells: string[]) => `| ${cells.map(cell).join(' | ')} |`;
  const scope = scenarioColumns ? '' : ` on ${aggregate.datasets[0] ?? '?'} with ${aggregate.recommenders[0] ?? '?'}, ${aggregate.protocols[0] ?? '?'} protocol`;
  const paired = pairedComparisonsAgainst(aggregate, options.baselines);
  const pairedHeader = ['dataset', 'protocol', 'budget', 'searcher', 'pairs', `Δ avg Recall@${k}`, `Δ avg NDCG@${k}`];
  const forecasts = forecastAccuracy(aggregate);
  const forecastHeader = ['dataset', 'protocol', 'budget', 'searcher', 'segment-seeds', 'Spearman', 'range'];
  const pairedRows = paired.map((r) => [r.dataset, r.protocol, r.budgetLabel, `${r.searcher} − ${r.baseline}`, String(r.seeds.length), formatDifference(r.recall), formatDifference(r.ndcg)]);
  return [
    `Average over segments 1..T (the one segment of a static split)${scope}; avg Recall/NDCG: mean [95% CI] over seeds (mean alone for one seed); weighted = weighted by test users per segment (mean ± sample std); wall time = mean total seconds per run.`,
    '',
    line(header),
    line(align),
    ...rows.map(line),
    '',
    ...(paired.length
      ? [
          `Paired differences against ${baselinesPhrase(options.baselines)} on the same seeds: mean [95% CI, Student t]; * = the interval excludes zero.`,
          '',
          line(pairedHeader),
          line(pairedHeader.map((_, i) => (i < 4 ? '---' : '---:'))),
          ...pairedRows.map(line),
          '',
        ]
      : []),
    ...(forecasts.length
      ? [
          `Forecast rank correlation: Spearman of the searcher's forecast fitness against the probed fitness, per seed and segment with at least ${MIN_FORECASTS} forecasts; mean [95% CI] over them.`,
          '',
          line(forecastHeader),
          line(forecastHeader.map((_, i) => (i < 4 ? '---' : '---:'))),
          ...forecasts.map((r) => line([r.dataset, r.protocol, r.budgetLabel, r.searcher, String(r.spearman.n), formatCi(r.spearman, 3), `${r.spearman.min.toFixed(2)} … ${r.spearman.max.toFixed(2)}`])),
          '',
        ]
      : []),
  ].join('\n');
}
