import type { ChartSpec } from './chart-spec.js';
import { chartSpec } from './chart-scaffold.js';
import { PALETTE, axisName } from './chart-style.js';
import type { CostCurve, CostCurveSegment } from './cost-curve.js';
import { costCurveRunName, segmentSeconds } from './cost-curve.js';

/** What one cost-curve chart plots per segment: its size (x) and seconds (y). */
interface CostAxis {
  readonly id: string;
  readonly title: string;
  readonly subtitle: string;
  readonly xName: string;
  readonly yName: string;
  readonly point: (s: CostCurveSegment) => [number, number];
}

const AXES: readonly CostAxis[] = [
  {
    id: 'training-per-block',
    title: 'Training seconds per block vs interactions in the training graph',
    subtitle: 'One point per segment, log–log; dashed: slope 1 (cost linear in the graph) through the largest segment.\nThe graph is cumulative, so a stream of equal segments costs about the sum of its graph sizes.',
    xName: 'interactions in the training graph (cumulative rows)',
    yName: 'training seconds per block',
    point: (s) => [s.graphRows, s.blocks > 0 ? s.seconds.training / s.blocks : 0],
  },
  {
    id: 'evaluation',
    title: 'Test evaluation seconds vs scores computed (evaluated users × candidate items)',
    subtitle: 'Full-catalogue ranking, one point per segment, log–log; dashed: slope 1 (cost linear in the scores) through the largest segment',
    xName: 'evaluated users × candidate items',
    yName: 'evaluation seconds',
    point: (s) => [s.evaluatedUsers * s.candidateItems, s.seconds.evaluation],
  },
  {
    id: 'segment',
    title: 'Seconds per segment (all phases) vs interactions in the training graph',
    subtitle: 'Policy + training + evaluation, one point per segment, log–log; dashed: slope 1 through the largest segment',
    xName: 'interactions in the training graph (cumulative rows)',
    yName: 'seconds per segment',
    point: (s) => [s.graphRows, segmentSeconds(s)],
  },
];

/** A slope-1 line (y ∝ x) through the point of largest x, across the points' x range: where linear growth would have started. */
function linearReference(points: readonly [number, number][]): [number, number][] {
  if (points.length === 0) return [];
  const [xMax, yAtMax] = points.reduce((best, p) => (p[0] > best[0] ? p : best));
  const xMin = Math.min(...points.map(([x]) => x));
  return [xMin, xMax].map((x) => [x, Number(((yAtMax * x) / xMax).toPrecision(6))]);
}

/** Log-axis tick labels: plain numbers from 0.001 to 100,000, powers of ten (1e6) beyond. */
export function logTickLabel(value: number): string {
  if (!(value > 0)) return String(value);
  const power = Math.round(Math.log10(value));
  if (Math.abs(value / 10 ** power - 1) > 1e-6) return Number(value.toPrecision(3)).toLocaleString('en-US');
  return power >= -3 && power <= 5 ? Number((10 ** power).toPrecision(1)).toLocaleString('en-US', { maximumFractionDigits: 3 }) : `1e${power}`;
}

function costChart(curve: CostCurve, axis: CostAxis): ChartSpec {
  // One thread count for every run: say it once in the subtitle, not in every legend entry.
  const threads = new Set(curve.results.map((run) => run.threads));
  const runs = curve.results.map((run, r) => ({
    name: `${threads.size === 1 ? `${run.preset} / ${run.searcher}` : costCurveRunName(run)}${run.timedOut ? ' (stopped)' : ''}`,
    color: PALETTE[r % PALETTE.length],
    // Log axes cannot show zero: segments without a measurable time are left out.
    data: run.segments.map(axis.point).filter(([x, y]) => x > 0 && y > 0),
  }));
  const all = runs.flatMap((r) => r.data);
  const spec = chartSpec({
    kind: 'cost-curve',
    subject: [axis.id],
    title: axis.title,
    subtitle: `${axis.subtitle}\n${threads.size === 1 ? `Recommender on ${[...threads][0]} thread(s). ` : ''}(stopped): the run hit the benchmark's time limit; its finished segments are shown.`,
    grid: { left: 80, right: 50, top: 120, bottom: 130 },
    xAxis: { type: 'log', logBase: 10, axisLabel: { formatter: logTickLabel }, ...axisName(axis.xName, 30) },
    yAxis: { type: 'log', logBase: 10, axisLabel: { formatter: logTickLabel }, ...axisName(axis.yName, 55) },
    series: [
      ...runs.map((r) => ({ type: 'line', name: r.name, color: r.color, symbolSize: 7, data: r.data })),
      { type: 'line', name: 'slope 1 (linear)', color: '#888', symbol: 'none', lineStyle: { type: 'dashed', width: 1.5 }, data: linearReference(all) },
    ],
  });
  // Long run names: ECharts measures legend text narrower than DejaVu Sans renders it, so space the entries out.
  const legend = (spec.option as { legend: Record<string, unknown> }).legend;
  return { ...spec, option: { ...spec.option, legend: { ...legend, itemGap: 40 } } };
}

/**
 * The cost-curve charts of a benchmark file: training seconds per block against the
 * training graph's interactions, evaluation seconds against the scores a full-catalogue
 * pass computes, and whole-segment seconds against graph interactions; each log–log
 * with a slope-1 (linear) reference line and one series per run.
 */
export function costCurveCharts(curve: CostCurve): ChartSpec[] {
  return AXES.map((axis) => costChart(curve, axis));
}
