import type { RunAggregate } from './aggregate.js';
import type { ChartSpec, Scenario } from './chart-spec.js';
import { chartSpec } from './chart-scaffold.js';
import { searcherColor, seedNote, segmentLabel, scenarioName } from './chart-spec.js';
import { axisName } from './chart-style.js';

/** The unit a byte axis reads best in. */
export function byteUnit(maxBytes: number): { readonly name: string; readonly divisor: number } {
  if (maxBytes >= 1e9) return { name: 'GB', divisor: 1e9 };
  if (maxBytes >= 1e6) return { name: 'MB', divisor: 1e6 };
  if (maxBytes >= 1e3) return { name: 'kB', divisor: 1e3 };
  return { name: 'bytes', divisor: 1 };
}

/**
 * Embedding bytes stored per segment per searcher (bars, labelled with the share of the
 * budget) against the budget (dashed line), one chart per budget of a scenario.
 */
export function budgetUseCharts(aggregate: RunAggregate, scenario: Scenario): ChartSpec[] {
  const labels = [...new Set(scenario.cells.map((c) => c.budgetLabel))];
  return labels.map((label) => {
    const cells = scenario.cells.filter((c) => c.budgetLabel === label);
    const indices = [...new Set(cells.flatMap((c) => c.segments.map((s) => s.index)))].sort((a, b) => a - b);
    const max = Math.max(...cells.flatMap((c) => c.segments.flatMap((s) => [s.bytes.max, s.budgetBytes.max])));
    const unit = byteUnit(max);
    const scaled = (bytes: number) => Number((bytes / unit.divisor).toPrecision(6));
    const bars = cells.map((cell) => ({
      type: 'bar',
      name: cell.searcher,
      color: searcherColor(aggregate, cell.searcher),
      barMaxWidth: 36,
      data: indices.map((i) => {
        const s = cell.segments.find((x) => x.index === i);
        if (!s) return null;
        const share = (100 * s.bytes.mean) / s.budgetBytes.mean;
        return { value: scaled(s.bytes.mean), label: { show: true, position: 'insideTop', distance: 8, rotate: 90, align: 'right', verticalAlign: 'middle', color: '#ffffff', fontSize: 11, formatter: `${share.toFixed(1)}%` } };
      }),
    }));
    const budget = indices.map((i) => {
      const values = cells.flatMap((c) => c.segments.filter((s) => s.index === i).map((s) => s.budgetBytes.mean));
      return values.length > 0 ? scaled(Math.max(...values)) : null;
    });
    const title = `Embedding memory vs budget, ${scenarioName(scenario)}, budget ${label}`;
    const subtitle = `Bytes stored by the deployed embeddings per segment (${seedNote(cells)}); bar labels: share of the budget`;
    return chartSpec({
      kind: 'budget-use',
      subject: [scenario.dataset, scenario.recommender, scenario.protocol, label],
      title,
      subtitle,
      grid: { left: 80, right: 30, top: 80, bottom: 90 },
      xAxis: { type: 'category', data: indices.map(segmentLabel), ...axisName('stream segment t', 28) },
      yAxis: { type: 'value', ...axisName(`embedding memory (${unit.name})`, 55) },
      series: [
        ...bars,
        {
          type: 'line',
          name: `budget (${label})`,
          color: '#222222',
          symbol: 'rect',
          symbolSize: 6,
          lineStyle: { type: 'dashed', width: 2 },
          data: budget,
        },
      ],
    });
  });
}
