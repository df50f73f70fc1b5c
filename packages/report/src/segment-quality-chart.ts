import type { RunAggregate } from './aggregate.js';
import type { ChartSpec, Scenario } from './chart-spec.js';
import { searcherColor, seedNote, segmentLabel, slug, scenarioName } from './chart-spec.js';
import { axisName, baseOption, twoPanelGrid } from './chart-style.js';
import { spreadBandSeries } from './spread-band.js';

/**
 * Per-segment Recall@K (left) and NDCG@K (right) per searcher, one chart per budget of a
 * scenario.
 */
export function segmentQualityCharts(aggregate: RunAggregate, scenario: Scenario): ChartSpec[] {
  const labels = [...new Set(scenario.cells.map((c) => c.budgetLabel))];
  return labels.map((label) => {
    const cells = scenario.cells.filter((c) => c.budgetLabel === label);
    const k = cells[0].k;
    const indices = [...new Set(cells.flatMap((c) => c.segments.map((s) => s.index)))].sort((a, b) => a - b);
    const categories = indices.map(segmentLabel);
    const lines = cells.flatMap((cell) =>
      (['recall', 'ndcg'] as const).map((metric, panel) => ({
        type: 'line',
        name: cell.searcher,
        xAxisIndex: panel,
        yAxisIndex: panel,
        symbolSize: 7,
        color: searcherColor(aggregate, cell.searcher),
        data: indices.map((i) => {
          const segment = cell.segments.find((s) => s.index === i);
          return segment ? Number(segment[metric].mean.toFixed(5)) : null;
        }),
      })),
    );
    const bands = cells
      .filter((cell) => cell.seeds.length > 1)
      .flatMap((cell) =>
        (['recall', 'ndcg'] as const).flatMap((metric, panel) => {
          const at = (i: number) => cell.segments.find((s) => s.index === i)?.[metric];
          return spreadBandSeries(
            cell.searcher,
            searcherColor(aggregate, cell.searcher),
            panel,
            indices.map((i) => at(i)?.min ?? null),
            indices.map((i) => at(i)?.max ?? null),
          );
        }),
      );
    const series = [...lines, ...bands];
    const banded = bands.length > 0 ? '; shaded: min–max over seeds' : '';
    const title = `Quality per segment, ${scenarioName(scenario)}, budget ${label}`;
    const subtitle = `Recall@${k} and NDCG@${k} on each segment's test part (${seedNote(cells)}); segment 0 is the warm-up${banded}`;
    const xAxis = (gridIndex: number) => ({ type: 'category', gridIndex, data: categories, boundaryGap: false, ...axisName('stream segment t', 28) });
    const yAxis = (gridIndex: number, name: string) => ({ type: 'value', gridIndex, scale: true, ...axisName(name, 48) });
    return {
      id: slug('segment-quality', scenario.dataset, scenario.recommender, scenario.protocol, label),
      kind: 'segment-quality' as const,
      title,
      width: 960,
      height: 440,
      option: {
        ...baseOption(title, subtitle),
        grid: twoPanelGrid(),
        xAxis: [xAxis(0), xAxis(1)],
        yAxis: [yAxis(0, `Recall@${k} (fraction of test items)`), yAxis(1, `NDCG@${k} (0–1)`)],
        series,
      },
    };
  });
}
