import type { RunAggregate } from './aggregate.js';
import type { ChartSpec, Scenario } from './chart-spec.js';
import { searcherColor, seedNote, slug, scenarioName } from './chart-spec.js';
import { axisName, baseOption, twoPanelGrid } from './chart-style.js';
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
  const lines = searchers.flatMap((searcher) =>
    (['recall', 'ndcg'] as const).map((metric, panel) => ({
      type: 'line',
      name: searcher,
      xAxisIndex: panel,
      yAxisIndex: panel,
      symbolSize: 8,
      color: searcherColor(aggregate, searcher),
      data: labels.map((label) => {
        const cell = scenario.cells.find((c) => c.searcher === searcher && c.budgetLabel === label);
        return cell ? Number(cell.summary[METRIC_OF[metric]].mean.toFixed(5)) : null;
      }),
    })),
  );
  const cellOf = (searcher: string, label: string) => scenario.cells.find((c) => c.searcher === searcher && c.budgetLabel === label);
  const bands = searchers
    .filter((searcher) => scenario.cells.some((c) => c.searcher === searcher && c.seeds.length > 1))
    .flatMap((searcher) =>
      (['recall', 'ndcg'] as const).flatMap((metric, panel) =>
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
  const xAxis = (gridIndex: number) => ({ type: 'category', gridIndex, data: labels, ...axisName('memory budget', 28) });
  const yAxis = (gridIndex: number, name: string) => ({ type: 'value', gridIndex, scale: true, ...axisName(name, 48) });
  return {
    id: slug('quality-vs-budget', scenario.dataset, scenario.recommender, scenario.protocol),
    kind: 'quality-vs-budget',
    title,
    width: 960,
    height: 440,
    option: {
      ...baseOption(title, subtitle),
      grid: twoPanelGrid(),
      xAxis: [xAxis(0), xAxis(1)],
      yAxis: [yAxis(0, `average Recall@${k} (fraction)`), yAxis(1, `average NDCG@${k} (0–1)`)],
      series,
    },
  };
}
