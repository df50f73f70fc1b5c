import type { ChartKind, ChartSpec } from './chart-spec.js';
import { slug } from './chart-spec.js';
import { axisName, baseOption, twoPanelGrid } from './chart-style.js';

/** Height of every chart of a report, in CSS pixels. */
const CHART_HEIGHT = 440;

/** What makes one chart: its kind and subject, titles, layout (grid, axes) and series. */
export interface ChartLayout {
  readonly kind: Exclude<ChartKind, 'overview'>;
  /** What the chart shows (scenario, budget, searcher ...): the id is the kind and these, slugged. */
  readonly subject: readonly string[];
  readonly title: string;
  readonly subtitle: string;
  /** Default 960. */
  readonly width?: number;
  readonly grid: unknown;
  readonly xAxis: unknown;
  readonly yAxis: unknown;
  readonly series: readonly unknown[];
}

/**
 * A chart's spec on the report's common scaffolding: the id from kind and subject, the
 * shared size, and the base option (title, legend, font, background) under the layout.
 */
export function chartSpec(layout: ChartLayout): ChartSpec {
  return {
    id: slug(layout.kind, ...layout.subject),
    kind: layout.kind,
    title: layout.title,
    width: layout.width ?? 960,
    height: CHART_HEIGHT,
    option: {
      ...baseOption(layout.title, layout.subtitle),
      grid: layout.grid,
      xAxis: layout.xAxis,
      yAxis: layout.yAxis,
      series: layout.series,
    },
  };
}

/** The metrics of a two-panel quality chart: Recall@K on the left panel, NDCG@K on the right. */
export const QUALITY_PANELS = ['recall', 'ndcg'] as const;

/** One line per panel of a two-panel quality chart for one searcher: `valuesOf(metric)` are its points. */
export function qualityLines(
  searcher: string,
  color: string,
  symbolSize: number,
  valuesOf: (metric: (typeof QUALITY_PANELS)[number]) => readonly (number | null)[],
): Record<string, unknown>[] {
  return QUALITY_PANELS.map((metric, panel) => ({
    type: 'line',
    name: searcher,
    xAxisIndex: panel,
    yAxisIndex: panel,
    symbolSize,
    color,
    data: valuesOf(metric),
  }));
}

/** What differs between the two-panel quality charts: the category axis and the two value-axis names. */
export interface QualityChartLayout extends Omit<ChartLayout, 'grid' | 'xAxis' | 'yAxis' | 'width'> {
  readonly categories: readonly string[];
  readonly categoryName: string;
  /** ECharts' `boundaryGap` of the category axis (left out when undefined). */
  readonly boundaryGap?: boolean;
  /** Names of the Recall (left) and NDCG (right) value axes. */
  readonly valueNames: readonly [string, string];
}

/** A Recall@K (left) / NDCG@K (right) chart over shared categories (segments, budgets). */
export function qualityChartSpec(layout: QualityChartLayout): ChartSpec {
  const { categories, categoryName, boundaryGap, valueNames, ...rest } = layout;
  const xAxis = (gridIndex: number) => ({ type: 'category', gridIndex, data: categories, ...(boundaryGap === undefined ? {} : { boundaryGap }), ...axisName(categoryName, 28) });
  const yAxis = (gridIndex: number) => ({ type: 'value', gridIndex, scale: true, ...axisName(valueNames[gridIndex], 48) });
  return chartSpec({ ...rest, grid: twoPanelGrid(), xAxis: [xAxis(0), xAxis(1)], yAxis: [yAxis(0), yAxis(1)] });
}
