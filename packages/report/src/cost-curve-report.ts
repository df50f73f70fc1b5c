import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { costCurveCharts } from './cost-curve-chart.js';
import type { CostCurve, CostCurveRun, CostCurveSegment, GrowthExponent } from './cost-curve.js';
import { costCurveRunName, parseCostCurve, runGrowth, segmentSeconds } from './cost-curve.js';
import { formatBytes, formatSeconds } from './format.js';
import { escapeHtml, inlineSvg, STYLE, table } from './html-parts.js';
import { renderChartSpec } from './render-charts.js';
import type { RenderChartsOptions, RenderedChart } from './render-charts.js';
import { writeChartFiles } from './write-report.js';

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
const count = (n: number) => n.toLocaleString('en-US');
const seconds = (s: number) => (s < 10 ? s.toFixed(2) : s.toFixed(1));
const exponent = (g: GrowthExponent) => (g.exponent === undefined ? '–' : g.exponent.toFixed(2));

function status(run: CostCurveRun): string {
  if (run.timedOut) return `stopped at the time limit after ${run.segments.length} segments`;
  return run.exitStatus === 0 ? 'complete' : `exit ${run.exitStatus ?? 'killed'}`;
}

/** The largest bytes / budget ratio over the segments that recorded a budget (NaN when none did). */
function maxOverBudget(run: CostCurveRun): number {
  const ratios = run.segments.filter((s) => s.budgetBytes > 0).map((s) => s.embeddingBytes / s.budgetBytes);
  return ratios.length > 0 ? Math.max(...ratios) : Number.NaN;
}

const RUN_HEADER = [
  'run',
  'status',
  'segments',
  'stream rows',
  'graph rows (last)',
  'entities (last)',
  'policy s',
  'training s',
  'evaluation s',
  's / segment',
  'peak RSS',
  'max bytes / budget',
  'exp. training/block vs graph',
  'exp. evaluation vs users×items',
  'exp. segment vs graph',
  'load before → after',
];

function runRow(run: CostCurveRun): string[] {
  const last = run.segments.at(-1);
  const phase = (k: keyof CostCurveSegment['seconds']) => sum(run.segments.map((s) => s.seconds[k]));
  const total = sum(run.segments.map(segmentSeconds));
  const growth = runGrowth(run);
  return [
    costCurveRunName(run),
    status(run),
    String(run.segments.length),
    count(sum(run.segments.map((s) => s.rows))),
    last ? count(last.graphRows) : '–',
    last ? count(last.users + last.items) : '–',
    formatSeconds(phase('policy')),
    formatSeconds(phase('training')),
    formatSeconds(phase('evaluation')),
    formatSeconds(total / Math.max(1, run.segments.length)),
    run.peakRssMB === undefined ? '–' : formatBytes(run.peakRssMB * 1024 * 1024),
    Number.isFinite(maxOverBudget(run)) ? maxOverBudget(run).toFixed(4) : '–',
    exponent(growth.trainingPerBlock),
    exponent(growth.evaluation),
    exponent(growth.segment),
    `${run.loadavgBefore[0]?.toFixed(2) ?? '?'} → ${run.loadavgAfter[0]?.toFixed(2) ?? '?'}`,
  ];
}

const SEGMENT_HEADER = ['segment', 'rows', 'graph rows', 'users', 'items', 'blocks', 'policy s', 'training s', 'training s / block', 'evaluation s', 'users × items scored', 'bytes / budget'];

function segmentRow(s: CostCurveSegment): string[] {
  return [
    String(s.index),
    count(s.rows),
    count(s.graphRows),
    count(s.users),
    count(s.items),
    String(s.blocks),
    seconds(s.seconds.policy),
    seconds(s.seconds.training),
    s.blocks > 0 ? seconds(s.seconds.training / s.blocks) : '–',
    seconds(s.seconds.evaluation),
    count(s.evaluatedUsers * s.candidateItems),
    s.budgetBytes > 0 ? (s.embeddingBytes / s.budgetBytes).toFixed(4) : '–',
  ];
}

const READING = [
  'Growth exponents are least-squares slopes of log seconds on log size over a run’s segments (1 = linear, 2 = quadratic; – with fewer than three segments).',
  'Training cost per block follows the training graph, which is cumulative (every row before the segment’s validation slice), so a stream of equal segments costs about the sum of its graph sizes: quadratic in stream length at a fixed segment size, linear per segment in the interactions it trains on.',
  'Evaluation ranks the full catalogue: its cost follows evaluated users × candidate items, which grows faster than interactions when both users and items keep arriving.',
];

function markdownTable(header: readonly string[], rows: readonly string[][]): string {
  const cell = (t: string) => t.replace(/\|/g, '\\|');
  return [`| ${header.map(cell).join(' | ')} |`, `| ${header.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n');
}

/**
 * The cost curve as Markdown: one summary row per run (rows, entities, segments, seconds
 * by phase, peak RSS, embedding bytes against the budget, growth exponents, load), then
 * every run's per-segment table.
 */
export function renderCostCurveMarkdown(curve: CostCurve): string {
  const parts = [
    `# Cost curve`,
    '',
    `${curve.benchmark}. Command: \`${curve.command}\`; ${curve.cpus} CPUs, Node ${curve.node}. ${curve.note}.`,
    '',
    markdownTable(RUN_HEADER, curve.results.map(runRow)),
    '',
    ...READING.map((line) => `- ${line}`),
  ];
  for (const run of curve.results) parts.push('', `## ${costCurveRunName(run)}`, '', markdownTable(SEGMENT_HEADER, run.segments.map(segmentRow)));
  return `${parts.join('\n')}\n`;
}

/** The cost curve as one self-contained HTML page: the run table, the charts (inlined SVG) and the per-segment tables. */
export function renderCostCurveHtml(curve: CostCurve, charts: readonly RenderedChart[]): string {
  const figures = charts.map((c) => `<figure id="${escapeHtml(c.id)}">\n${inlineSvg(c)}\n<figcaption>${escapeHtml(c.title)} (<code>charts/${escapeHtml(c.id)}.svg</code>)</figcaption>\n</figure>`);
  const segments = curve.results.map((run) => `<h3>${escapeHtml(costCurveRunName(run))}</h3>\n${table(SEGMENT_HEADER, run.segments.map(segmentRow), 1)}`);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Cost curve</title>
<style>${STYLE}</style>
</head>
<body>
<h1>Cost curve</h1>
<p class="note">${escapeHtml(`${curve.benchmark}. ${curve.cpus} CPUs, Node ${curve.node}. ${curve.note}.`)}</p>
<p class="note">Command: <code>${escapeHtml(curve.command)}</code></p>
<h2 id="runs">Runs</h2>
${table(RUN_HEADER, curve.results.map(runRow), 2)}
${READING.map((line) => `<p class="note">${escapeHtml(line)}</p>`).join('\n')}
<h2 id="charts">Charts</h2>
${figures.join('\n')}
<h2 id="segments">Per-segment costs</h2>
${segments.join('\n')}
</body>
</html>
`;
}

/** The files {@link writeCostCurveReport} wrote (absolute paths). */
export interface WrittenCostCurveReport {
  readonly html: string;
  readonly markdown: string;
  readonly svg: readonly string[];
  readonly png: readonly string[];
}

/**
 * Reads a cost-curve benchmark file and writes `cost-curve.html`, `cost-curve.md` and
 * `charts/cost-curve--*.svg|png` into `outDir`.
 *
 * @throws when the file is missing or malformed (the error names the file and field).
 */
export async function writeCostCurveReport(file: string, outDir: string, options: RenderChartsOptions = {}): Promise<WrittenCostCurveReport> {
  const path = resolve(file);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`${path}: cannot read the cost-curve file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  const curve = parseCostCurve(text, path);
  const out = resolve(outDir);
  const charts = costCurveCharts(curve).map((spec) => renderChartSpec(spec, options));
  const { svg, png } = await writeChartFiles(charts, join(out, 'charts'));
  const html = join(out, 'cost-curve.html');
  await writeFile(html, renderCostCurveHtml(curve, charts));
  const markdown = join(out, 'cost-curve.md');
  await writeFile(markdown, renderCostCurveMarkdown(curve));
  return { html, markdown, svg, png };
}
