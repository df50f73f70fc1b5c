import type { RunAggregate } from './aggregate.js';
import type { ChartSpec, Scenario } from './chart-spec.js';
import { QUALITY_PANELS, qualityChartSpec, qualityLines } from './chart-scaffold.js';
import { searcherColor, seedNote, scenarioName } from './chart-spec.js';
import { spreadBandSeries } from './spread-band.js';
import { MIN_TEST_USERS } from './aggregate.js';

const METRIC_OF = { recall: 'reliableRecall', ndcg: 'reliableNdcg' } as const;

/**
 * Average Recall@K (left) and NDCG@K (right) against the budget, per searcher, with 95 %
 * confidence bands over seeds. The average is over the segments with at least
 * {@link MIN_TEST_USERS} test users: segments with a handful of users (ML-100K's first
 * two have 1–5) are noise that would hide the budget's effect; the tables keep the plain
 * average over all segments 1..T.
 */
export function qualityBudgetChart(aggregate: RunAggregate, scenario: Scenario): ChartSpec {
  const labels = aggregate.budgets.map((b) => b.label).filter((label) => scenario.cells.some((c) => c.budgetLabel === label));
  const searchers = [...new Set(scenario.cells.map((c) => c.searcher))];
  const k = scenario.cells[0].k;
  const cellOf = (searcher: string, label: string) => scenario.cells.find((c) => c.searcher === searcher && c.budgetLabel === label);
  const lines = searchers.flatMap((searcher) =>
    qualityLines(searcher, searcherColor(aggregate, searcher), 8, (metric) =>
      labels.map((label) => {
        const cell = cellOf(searcher, label);
        return cell ? Number(cell.summary[METRIC_OF[metric]].mean.toFixed(5)) : null;
      }),
    ),
  );
  const bands = searchers
    .filter((searcher) => scenario.cells.some((c) => c.searcher === searcher && c.seeds.length > 1))
    .flatMap((searcher) =>
      QUALITY_PANELS.flatMap((metric, panel) =>
        spreadBandSeries(
          searcher,
          searcherColor(aggregate, searcher),
          panel,
          labels.map((label) => {
            const s = cellOf(searcher, label)?.summary[METRIC_OF[metric]];
            return s ? s.mean - s.ci95 : null;
          }),
          labels.map((label) => {
            const s = cellOf(searcher, label)?.summary[METRIC_OF[metric]];
            return s ? s.mean + s.ci95 : null;
          }),
        ),
      ),
    );
  const series = [...lines, ...bands];
  const banded = bands.length > 0 ? '; shaded: 95% CI over seeds' : '';
  const segments = Math.max(...scenario.cells.map((c) => c.summary.reliableSegments));
  const title = `Average quality vs budget, ${scenarioName(scenario)}`;
  const subtitle = `Recall@${k} / NDCG@${k} averaged over the ${segments} segments with ≥ ${MIN_TEST_USERS} test users, ${seedNote(scenario.cells)}${banded}`;
  return qualityChartSpec({
    kind: 'quality-vs-budget',
    subject: [scenario.dataset, scenario.recommender, scenario.protocol],
    title,
    subtitle,
    categories: labels,
    categoryName: 'memory budget',
    valueNames: [`average Recall@${k} (fraction)`, `average NDCG@${k} (0–1)`],
    series,
  });
}
