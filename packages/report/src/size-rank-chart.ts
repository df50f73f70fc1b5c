import type { CellAggregate, SegmentSizes } from './aggregate.js';
import type { ChartSpec, Scenario } from './chart-spec.js';
import { chartSpec } from './chart-scaffold.js';
import { PALETTE, axisName, twoPanelGrid } from './chart-style.js';

/** Up to `count` segments spread over the reported ones (1..T): first, middle(s), last. */
export function pickSegments(segments: readonly SegmentSizes[], count = 3): SegmentSizes[] {
  const reported = segments.filter((s) => s.index > 0);
  const pool = reported.length > 0 ? reported : [...segments];
  if (pool.length <= count) return pool;
  const picked = new Set<number>();
  for (let i = 0; i < count; i++) picked.add(Math.round((i * (pool.length - 1)) / (count - 1)));
  return [...picked].sort((a, b) => a - b).map((i) => pool[i]);
}

function sizeChart(cell: CellAggregate): ChartSpec {
  const picked = pickSegments(cell.sizes.segments);
  const series = picked.flatMap((segment, s) =>
    (['users', 'items'] as const).map((kind, panel) => ({
      type: 'line',
      name: `segment t = ${segment.index}`,
      xAxisIndex: panel,
      yAxisIndex: panel,
      showSymbol: false,
      lineStyle: { width: 2 },
      color: PALETTE[(s + 4) % PALETTE.length],
      // Rank 0 is the most frequent entity; a log axis needs rank + 1.
      data: segment[kind].rank.map((rank, i) => [rank + 1, segment[kind].size[i]]),
    })),
  );
  const title = `Embedding size vs frequency rank, ${cell.searcher}, ${cell.budgetLabel}, ${cell.dataset} / ${cell.recommender}, ${cell.protocol} protocol`;
  const subtitle = `Users (left) and items (right) of the deployed plan at several segments; seed ${cell.sizes.seed}`;
  const xAxis = (gridIndex: number, who: string) => ({
    type: 'log',
    logBase: 10,
    min: 1,
    max: 'dataMax',
    gridIndex,
    minorTick: { show: true },
    ...axisName(`${who} frequency rank (1 = most frequent, log scale)`, 28),
  });
  const yAxis = (gridIndex: number, who: string) => ({ type: 'value', gridIndex, min: 0, ...axisName(`${who} embedding size (dimensions)`, 44) });
  return chartSpec({
    kind: 'size-by-rank',
    subject: [cell.dataset, cell.recommender, cell.protocol, cell.budgetLabel, cell.searcher],
    title,
    subtitle,
    grid: twoPanelGrid(70),
    xAxis: [xAxis(0, 'user'), xAxis(1, 'item')],
    yAxis: [yAxis(0, 'user'), yAxis(1, 'item')],
    series,
  });
}

/** Embedding size against frequency rank, users and items, one chart per cell with sizes. */
export function sizeRankCharts(scenario: Scenario): ChartSpec[] {
  return scenario.cells.filter((cell) => cell.sizes.segments.some((s) => s.users.rank.length + s.items.rank.length > 0)).map(sizeChart);
}
