import type { RunAggregate } from './aggregate.js';
import type { ChartSpec, Scenario } from './chart-spec.js';
import { QUALITY_PANELS, qualityChartSpec, qualityLines } from './chart-scaffold.js';
import { searcherColor, seedNote, segmentLabel, scenarioName } from './chart-spec.js';
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
      qualityLines(cell.searcher, searcherColor(aggregate, cell.searcher), 7, (metric) =>
        indices.map((i) => {
          const segment = cell.segments.find((s) => s.index === i);
          return segment ? Number(segment[metric].mean.toFixed(5)) : null;
        }),
      ),
    );
    const bands = cells
      .filter((cell) => cell.seeds.length > 1)
      .flatMap((cell) =>
        QUALITY_PANELS.flatMap((metric, panel) => {
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
    return qualityChartSpec({
      kind: 'segment-quality',
      subject: [scenario.dataset, scenario.recommender, scenario.protocol, label],
      title,
      subtitle,
      categories,
      categoryName: 'stream segment t',
      boundaryGap: false,
      valueNames: [`Recall@${k} (fraction of test items)`, `NDCG@${k} (0–1)`],
      series,
    });
  });
}
