import type { RunAggregate } from './aggregate.js';
import type { ChartSpec, Scenario } from './chart-spec.js';
import { searcherColor, seedNote, slug } from './chart-spec.js';
import { axisName, baseOption, twoPanelGrid } from './chart-style.js';
import { spreadBandSeries } from './spread-band.js';

/** Average Recall@K (left) and NDCG@K (right) over segments 1..T against the budget, per searcher. */
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
        return cell ? Number(cell.summary[metric].mean.toFixed(5)) : null;
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
          labels.map((label) => cellOf(searcher, label)?.summary[metric].min ?? null),
          labels.map((label) => cellOf(searcher, label)?.summary[metric].max ?? null),
        ),
      ),
    );
  const series = [...lines, ...bands];
  const banded = bands.length > 0 ? '; shaded: min–max over seeds' : '';
  const segments = Math.max(...scenario.cells.map((c) => c.summary.segments));
  const title = `Average quality vs budget, ${scenario.dataset} / ${scenario.recommender}`;
  const subtitle = `Mean of Recall@${k} and NDCG@${k} over segments 1..${segments} (${seedNote(scenario.cells)}); c = mean embedding size, B = bytes${banded}`;
  const xAxis = (gridIndex: number) => ({ type: 'category', gridIndex, data: labels, ...axisName('memory budget', 28) });
  const yAxis = (gridIndex: number, name: string) => ({ type: 'value', gridIndex, scale: true, ...axisName(name, 48) });
  return {
    id: slug('quality-vs-budget', scenario.dataset, scenario.recommender),
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
