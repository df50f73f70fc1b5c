import { Resvg } from '@resvg/resvg-js';
import { BarChart, LineChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TitleComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import type { EChartsCoreOption } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([LineChart, BarChart, ScatterChart, GridComponent, LegendComponent, MarkLineComponent, TitleComponent, SVGRenderer]);

/** Fonts tried in order, by browsers and by resvg; DejaVu Sans ships with most Linux systems. */
export const FONT_FAMILY = "'DejaVu Sans', 'Helvetica Neue', Arial, sans-serif";

/** Colours assigned to searchers (by position in the sorted list) and to phases. */
export const PALETTE = ['#4363d8', '#e6194b', '#3cb44b', '#f58231', '#911eb4', '#42d4f4', '#f032e6', '#9a6324', '#808000', '#000075'];

/** Options every chart shares: no animation, white background, one font, a centred title. */
export function baseOption(title: string, subtitle: string): EChartsCoreOption {
  return {
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: FONT_FAMILY },
    title: {
      text: title,
      subtext: subtitle,
      left: 'center',
      top: 8,
      textStyle: { fontSize: 16, fontWeight: 'bold', color: '#222' },
      subtextStyle: { fontSize: 12, color: '#555' },
    },
    legend: { bottom: 8, left: 'center', textStyle: { fontSize: 12 }, itemGap: 18 },
  };
}

/** An axis title placed in the middle of the axis. */
export function axisName(name: string, gap: number): Record<string, unknown> {
  return { name, nameLocation: 'middle', nameGap: gap, nameTextStyle: { fontSize: 12, color: '#333' } };
}

/** Renders an ECharts option to an SVG string in Node (server-side rendering, no DOM). */
export function renderEChartsSvg(option: EChartsCoreOption, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(option);
    return chart.renderToSVGString();
  } finally {
    // Without dispose the chart keeps a timer alive and Node does not exit.
    chart.dispose();
  }
}

/**
 * Rasterises an SVG string to a PNG with resvg, using the system fonts.
 *
 * @param pixelRatio - output pixels per SVG unit (2 gives sharp images on slides).
 */
export function svgToPng(svg: string, pixelRatio = 2): Uint8Array {
  if (!(pixelRatio > 0)) throw new RangeError(`pixelRatio must be > 0 (got ${pixelRatio})`);
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: pixelRatio },
    background: '#ffffff',
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
  });
  return new Uint8Array(resvg.render().asPng());
}

/** The grids of a two-panel chart: left panel (Recall / users) and right panel (NDCG / items). */
export function twoPanelGrid(left = 80): Record<string, unknown>[] {
  return [
    { left, right: '53%', top: 80, bottom: 90 },
    { left: '55%', right: 30, top: 80, bottom: 90 },
  ];
}
