/**
 * Two stacked, invisible-line series that shade the band between `low` and `high` (e.g.
 * a confidence interval, or the min and max over seeds) in a searcher's colour. They carry the searcher's name, so
 * the legend shows one entry and toggles line and band together.
 */
export function spreadBandSeries(
  name: string,
  color: string,
  panel: number,
  low: readonly (number | null)[],
  high: readonly (number | null)[],
): Record<string, unknown>[] {
  const stack = `band-${name}-${panel}`;
  const common = {
    type: 'line',
    name,
    xAxisIndex: panel,
    yAxisIndex: panel,
    stack,
    color,
    symbol: 'none',
    silent: true,
    lineStyle: { opacity: 0 },
    z: 1,
  };
  return [
    { ...common, data: low },
    {
      ...common,
      areaStyle: { color, opacity: 0.15 },
      data: high.map((h, i) => (h === null || low[i] === null ? null : Number((h - (low[i] as number)).toPrecision(8)))),
    },
  ];
}
