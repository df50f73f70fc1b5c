import type { RunAggregate } from './aggregate.js';
import { budgetUseCharts } from './budget-use-chart.js';
import type { ChartKind, ChartSpec } from './chart-spec.js';
import { scenariosOf } from './chart-spec.js';
import { renderEChartsSvg, svgToPng } from './chart-style.js';
import { phaseTimeChart } from './phase-time-chart.js';
import { policyActionCharts } from './policy-actions-chart.js';
import { qualityBudgetChart } from './quality-budget-chart.js';
import { segmentQualityCharts } from './segment-quality-chart.js';
import { sizeRankCharts } from './size-rank-chart.js';

/** A chart rendered to SVG (and PNG unless turned off). */
export interface RenderedChart {
  /** File-name-safe identifier, unique within a report (`charts/<id>.svg`). */
  readonly id: string;
  readonly kind: ChartKind;
  readonly title: string;
  /** Size of the SVG in CSS pixels. */
  readonly width: number;
  readonly height: number;
  readonly svg: string;
  /** The PNG (`width * pixelRatio` by `height * pixelRatio` pixels), or `undefined` when `png: false`. */
  readonly png: Uint8Array | undefined;
}

/** Options of {@link renderCharts}. */
export interface RenderChartsOptions {
  /** Render PNGs too (default true). */
  readonly png?: boolean;
  /** PNG pixels per SVG unit (default 2). */
  readonly pixelRatio?: number;
}

/** The chart specifications of an aggregate, in report order. */
export function chartSpecs(aggregate: RunAggregate): ChartSpec[] {
  return scenariosOf(aggregate).flatMap((scenario) => [
    ...segmentQualityCharts(aggregate, scenario),
    qualityBudgetChart(aggregate, scenario),
    ...sizeRankCharts(scenario),
    ...budgetUseCharts(aggregate, scenario),
    ...policyActionCharts(scenario),
    phaseTimeChart(scenario),
  ]);
}

/**
 * Renders every chart of a report with ECharts' server-side SVG renderer and resvg:
 * per-segment quality per budget, average quality vs budget, embedding size vs
 * frequency rank, bytes used vs budget, the agent's actions and time per phase (one set
 * per dataset × recommender).
 */
export function renderCharts(aggregate: RunAggregate, options: RenderChartsOptions = {}): RenderedChart[] {
  return chartSpecs(aggregate).map((spec) => renderChartSpec(spec, options));
}

/** Renders one chart spec to SVG (and PNG unless `png: false`). */
export function renderChartSpec(spec: ChartSpec, options: RenderChartsOptions = {}): RenderedChart {
  // ECharts numbers its SVG ids per process (zr3-c0); name them after the chart so the
  // files are reproducible and ids stay unique when charts share one HTML page.
  const svg = renderEChartsSvg(spec.option, spec.width, spec.height).replace(/\bzr\d+-/g, `${spec.id}-`);
  return {
    id: spec.id,
    kind: spec.kind,
    title: spec.title,
    width: spec.width,
    height: spec.height,
    svg,
    png: (options.png ?? true) ? svgToPng(svg, options.pixelRatio) : undefined,
  };
}

/** Options of {@link renderOverview}. */
export interface OverviewOptions extends RenderChartsOptions {
  /** Charts per row (default 2). */
  readonly columns?: number;
  /** The most charts tiled (default 8: one of each kind first, then the rest in order). */
  readonly limit?: number;
  /** Searcher whose per-searcher charts (sizes by rank) are picked first (default `"scall"`). */
  readonly prefer?: string;
}

/**
 * Tiles several rendered charts into one SVG (and PNG): an overview picture of a report.
 * Takes one chart of each kind first (the preferred searcher's where a kind has one per
 * searcher), then fills up to `limit` in report order.
 */
export function renderOverview(charts: readonly RenderedChart[], options: OverviewOptions = {}): RenderedChart {
  const columns = options.columns ?? 2;
  const limit = options.limit ?? 8;
  if (charts.length === 0) throw new RangeError('Cannot render an overview of no charts');
  const suffix = `--${options.prefer ?? 'scall'}`;
  const preferred = [...charts].sort((a, b) => Number(b.id.endsWith(suffix)) - Number(a.id.endsWith(suffix)));
  const firstOfKind = charts.filter((c) => preferred.find((d) => d.kind === c.kind) === c);
  const rest = charts.filter((c) => !firstOfKind.includes(c));
  const chosen = [...firstOfKind, ...rest].slice(0, limit);
  const cellWidth = Math.max(...chosen.map((c) => c.width));
  const cellHeight = Math.max(...chosen.map((c) => c.height));
  const rows = Math.ceil(chosen.length / columns);
  const width = cellWidth * Math.min(columns, chosen.length);
  const height = cellHeight * rows;
  const tiles = chosen.map((chart, i) => {
    const x = (i % columns) * cellWidth;
    const y = Math.floor(i / columns) * cellHeight;
    return `<g transform="translate(${x},${y})">${chart.svg.replace(/^\s*<\?xml[^>]*>\s*/, '')}</g>`;
  });
  const svg =
    `<svg width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" version="1.1">` +
    `<rect width="${width}" height="${height}" fill="#ffffff"/>${tiles.join('')}</svg>`;
  const png = options.png ?? true;
  return {
    id: 'overview',
    kind: 'overview',
    title: `Overview: ${chosen.length} of ${charts.length} charts`,
    width,
    height,
    svg,
    png: png ? svgToPng(svg, options.pixelRatio ?? 1) : undefined,
  };
}
