import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { aggregateRuns } from './aggregate.js';
import { renderReport } from './html-report.js';
import type { ReportOptions } from './html-report.js';
import { renderMarkdownSummary } from './markdown-summary.js';
import { renderCharts, renderOverview } from './render-charts.js';
import type { RenderChartsOptions, RenderedChart } from './render-charts.js';
import { collectRuns } from './run-directory.js';

/** The files {@link writeReport} wrote (absolute paths). */
export interface WrittenReport {
  readonly html: string;
  readonly markdown: string;
  /** `charts/<id>.svg` and `charts/<id>.png` of every chart, plus the overview. */
  readonly svg: readonly string[];
  readonly png: readonly string[];
  /** Every file written, in writing order. */
  readonly files: readonly string[];
}

/** Options of {@link writeReport}. */
export interface WriteReportOptions extends RenderChartsOptions, ReportOptions {
  /** Also write `charts/overview.svg/png`, several charts tiled in one picture (default true). */
  readonly overview?: boolean;
}

/**
 * Collects every run under `rootDir`, aggregates them and writes `report.html`,
 * `summary.md`, `charts/*.svg` and `charts/*.png` into `outDir`.
 *
 * @returns the paths written.
 * @throws when no `results.json` is found under `rootDir`, or a run file is malformed.
 */
export async function writeReport(rootDir: string, outDir: string, options: WriteReportOptions = {}): Promise<WrittenReport> {
  const root = resolve(rootDir);
  const out = resolve(outDir);
  const runs = await collectRuns(root);
  if (runs.length === 0) throw new Error(`${root}: no results.json found under this directory (run the benchmark first)`);
  const aggregate = aggregateRuns(runs);
  const charts = renderCharts(aggregate, options);
  const all = options.overview === false || charts.length === 0 ? charts : [...charts, renderOverview(charts, options)];
  const { svg, png, files } = await writeChartFiles(all, join(out, 'charts'));
  const html = join(out, 'report.html');
  await writeFile(html, renderReport(aggregate, charts, { rootDir: root, ...options }));
  const markdown = join(out, 'summary.md');
  await writeFile(markdown, renderMarkdownSummary(aggregate, options));
  return { html, markdown, svg, png, files: [...files, html, markdown] };
}

/** Writes `<dir>/<id>.svg` (and `.png` where rendered) for every chart; returns the paths, by kind and in writing order. */
export async function writeChartFiles(charts: readonly RenderedChart[], dir: string): Promise<{ svg: string[]; png: string[]; files: string[] }> {
  await mkdir(dir, { recursive: true });
  const svg: string[] = [];
  const png: string[] = [];
  const files: string[] = [];
  for (const chart of charts) {
    const svgPath = join(dir, `${chart.id}.svg`);
    await writeFile(svgPath, chart.svg);
    svg.push(svgPath);
    files.push(svgPath);
    if (chart.png) {
      const pngPath = join(dir, `${chart.id}.png`);
      await writeFile(pngPath, chart.png);
      png.push(pngPath);
      files.push(pngPath);
    }
  }
  return { svg, png, files };
}
