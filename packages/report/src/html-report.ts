import { relative } from 'node:path';
import { MIN_TEST_USERS, type CellAggregate, type RunAggregate } from './aggregate.js';
import { averagedQualityColumns, averagedQualityHeaders, averagedQualityValues, COUNT_COLUMNS, SCENARIO_COLUMNS, SEARCHER_COLUMNS, wallTimeColumn, type CellColumn } from './cell-columns.js';
import { formatBytes, formatCi, formatDifference, formatSeconds, formatSpread } from './format.js';
import { BASELINE_SEARCHER, baselinesPhrase, pairedComparisonsAgainst } from './paired-comparison.js';
import { forecastAccuracy, MIN_FORECASTS } from './forecast-accuracy.js';
import { escapeHtml, inlineSvg, STYLE, table } from './html-parts.js';
import type { RenderedChart } from './render-charts.js';

/** Options of {@link renderReport}. */
export interface ReportOptions {
  /** Page title (default "SCALL benchmark report"). */
  readonly title?: string;
  /** When given, run directories are shown relative to it. */
  readonly rootDir?: string;
  /** A line saying when or how the report was made (nothing by default, so reports are reproducible). */
  readonly generatedNote?: string;
  /**
   * Searchers every other one is compared with, in turn (default `['uniform']`); e.g.
   * `['uniform', 'fixed-action']` also tells whether a lift survives a control.
   */
  readonly baselines?: readonly string[];
}

function summaryTable(aggregate: RunAggregate): string {
  const k = aggregate.cells[0]?.k ?? 20;
  const columns: CellColumn[] = [
    ...SCENARIO_COLUMNS,
    ...SEARCHER_COLUMNS,
    ...averagedQualityColumns(k),
    wallTimeColumn('wall time (total)'),
    { header: 'policy', value: (c) => formatSeconds(c.timings.policy.mean) },
    { header: 'training', value: (c) => formatSeconds(c.timings.training.mean) },
    { header: 'evaluation', value: (c) => formatSeconds(c.timings.evaluation.mean) },
    { header: 'peak RSS', value: (c) => formatBytes(c.peakRssBytes.max) },
    ...COUNT_COLUMNS,
  ];
  return table(
    columns.map((column) => column.header),
    aggregate.cells.map((c) => columns.map((column) => column.value(c))),
    5,
  );
}

/** Every searcher against each baseline on the same seeds: mean paired difference and its 95 % CI. */
function pairedTable(aggregate: RunAggregate, baselines: readonly string[] | undefined): string {
  const k = aggregate.cells[0]?.k ?? 20;
  const rows = pairedComparisonsAgainst(aggregate, baselines);
  if (rows.length === 0) return `<p class="note">No cell has a ${baselinesPhrase(baselines, ' or ')} baseline on the same dataset, protocol and budget, so there are no paired comparisons.</p>`;
  return table(
    [
      'dataset',
      'recommender',
      'protocol',
      'budget',
      'searcher',
      'pairs',
      ...averagedQualityHeaders(k, (header) => `Δ ${header}`),
      `Δ Recall@${k} (≥${MIN_TEST_USERS} users)`,
      `Δ NDCG@${k} (≥${MIN_TEST_USERS} users)`,
    ],
    rows.map((r) => [
      r.dataset,
      r.recommender,
      r.protocol,
      r.budgetLabel,
      `${r.searcher} − ${r.baseline}`,
      String(r.seeds.length),
      ...averagedQualityValues(r, formatDifference),
      formatDifference(r.reliableRecall),
      formatDifference(r.reliableNdcg),
    ]),
    5,
  );
}

/** Forecast rank correlations of predictor-driven searchers (BET), one row per cell; empty when no cell forecasts. */
function forecastTable(aggregate: RunAggregate): string {
  const rows = forecastAccuracy(aggregate);
  if (rows.length === 0) return '';
  return `<h2 id="forecast">Forecast rank correlation</h2>
<p class="note">Spearman correlation of the searcher's forecast fitness (made before the probe) against the probed fitness, per seed and segment with at least ${MIN_FORECASTS} forecasts; mean [95% CI] over those, and their range. Near 0: the forecasts do not rank the probes.</p>
${table(
    ['dataset', 'protocol', 'budget', 'searcher', 'segment-seeds', 'probes', 'Spearman', 'range'],
    rows.map((r) => [r.dataset, r.protocol, r.budgetLabel, r.searcher, String(r.spearman.n), String(r.probes), formatCi(r.spearman, 3), `${r.spearman.min.toFixed(2)} … ${r.spearman.max.toFixed(2)}`]),
    4,
  )}`;
}

/** Quality against budget with 95 % CIs, one row per cell (the budget curve as numbers). */
function budgetCurveTable(aggregate: RunAggregate): string {
  const k = aggregate.cells[0]?.k ?? 20;
  return table(
    [
      'dataset',
      'protocol',
      'searcher',
      'budget',
      'seeds',
      ...averagedQualityHeaders(k, (header) => `${header} [95% CI]`),
      `Recall@${k}, segments ≥${MIN_TEST_USERS} users`,
      `NDCG@${k}, segments ≥${MIN_TEST_USERS} users`,
    ],
    aggregate.cells.map((c) => [
      c.dataset,
      c.protocol,
      c.searcher,
      c.budgetLabel,
      String(c.seeds.length),
      ...averagedQualityValues(c.summary, formatCi),
      `${formatCi(c.summary.reliableRecall)} (${c.summary.reliableSegments} seg.)`,
      formatCi(c.summary.reliableNdcg),
    ]),
    4,
  );
}

function segmentTable(c: CellAggregate): string {
  return table(
    [
      'segment',
      'test users',
      `Recall@${c.k}`,
      `NDCG@${c.k}`,
      'bytes used',
      'budget',
      'used / budget',
      'mean user size',
      'mean item size',
      'policy',
      'training',
      'evaluation',
    ],
    c.segments.map((s) => [
      s.index === 0 ? '0 (warm-up)' : String(s.index),
      `${Math.round(s.testUsers.mean)}${s.testUsers.mean < MIN_TEST_USERS ? ' (few: noise)' : ''}`,
      formatSpread(s.recall),
      formatSpread(s.ndcg),
      formatBytes(s.bytes.mean),
      formatBytes(s.budgetBytes.mean),
      `${((100 * s.bytes.mean) / s.budgetBytes.mean).toFixed(2)}%`,
      s.meanUserSize.mean.toFixed(2),
      s.meanItemSize.mean.toFixed(2),
      formatSeconds(s.timings.policy.mean),
      formatSeconds(s.timings.training.mean),
      formatSeconds(s.timings.evaluation.mean),
    ]),
    1,
  );
}

function provenanceTable(aggregate: RunAggregate, rootDir: string | undefined): string {
  return table(
    ['cell', 'seeds', 'backend', 'checkpoint selection', 'config hashes', 'versions', 'run directories'],
    aggregate.cells.map((c) => [
      `${c.searcher} ${c.budgetLabel} (${c.dataset} / ${c.recommender}, ${c.protocol})`,
      c.seeds.join(', '),
      c.backends.join(', '),
      c.selections.join(', '),
      c.configHashes.join(', '),
      Object.entries(c.versions)
        .map(([pkg, v]) => `${pkg}@${v.join('|')}`)
        .join(', '),
      c.runDirs.map((d) => (rootDir ? relative(rootDir, d) || '.' : d)).join(', '),
    ]),
    99,
  );
}

/**
 * One self-contained HTML page: the summary table, every chart inlined as SVG, the
 * per-segment table of each cell and the provenance of the runs (seeds, backend,
 * versions, config hashes). No scripts, fonts or styles are fetched from anywhere.
 */
export function renderReport(aggregate: RunAggregate, charts: readonly RenderedChart[], options: ReportOptions = {}): string {
  const title = options.title ?? 'SCALL benchmark report';
  const baselines = options.baselines ?? [BASELINE_SEARCHER];
  const k = aggregate.cells[0]?.k ?? 20;
  const selections = [...new Set(aggregate.cells.flatMap((c) => c.selections))];
  const notes = [
    `${aggregate.runs} runs in ${aggregate.cells.length} cells; datasets: ${aggregate.datasets.join(', ')}; recommenders: ${aggregate.recommenders.join(', ')}; searchers: ${aggregate.searchers.join(', ')}; budgets: ${aggregate.budgets.map((b) => b.label).join(', ')}.`,
    `Quality is Recall@${k} / NDCG@${k} averaged over segments 1..T (segment 0 is the warm-up; a static split's one segment is its result), mean ± sample standard deviation over seeds. "avg" is the plain mean over segments (each segment counts once, as in the paper); "weighted" weights each segment by its test users.`,
    `Paired comparisons: each searcher minus ${baselinesPhrase(options.baselines)} on the same seeds (same stream, samplers and initial draws), mean difference over seeds with its 95 % confidence interval (Student t, n − 1 degrees of freedom); * marks an interval that excludes zero. Segments with fewer than ${MIN_TEST_USERS} test users are flagged in the per-segment tables: their figures are noise.`,
    `Protocols: ${aggregate.protocols.join(', ')} ("strict": checkpoints selected on a validation slice, full catalogue ranked; "reference": the reference code's evaluation, checkpoints selected on the test part itself; "v0.1": results written before protocols were recorded).`,
    `Checkpoint selection: ${selections.join(', ')}${selections.includes('test') ? ' ("test" selects the checkpoint on the test part itself, as the reference code does; the figures are optimistic)' : ''}.`,
  ];
  const warnings = aggregate.truncatedEventLogs.map((path) => `Event log ${path} ended in a cut-off line, which was skipped.`);
  const figures = charts
    .filter((c) => c.kind !== 'overview')
    .map(
      (c) =>
        `<figure id="${escapeHtml(c.id)}">\n${inlineSvg(c)}\n<figcaption>${escapeHtml(c.title)} (<code>charts/${escapeHtml(c.id)}.svg</code>)</figcaption>\n</figure>`,
    );
  const cells = aggregate.cells.map(
    (c) => `<h3>${escapeHtml(`${c.searcher}, ${c.budgetLabel}, ${c.dataset} / ${c.recommender}, ${c.protocol} protocol`)} <span class="note">(seeds ${escapeHtml(c.seeds.join(', '))})</span></h3>\n${segmentTable(c)}`,
  );
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
${options.generatedNote ? `<p class="note">${escapeHtml(options.generatedNote)}</p>\n` : ''}${notes.map((n) => `<p class="note">${escapeHtml(n)}</p>`).join('\n')}
${warnings.map((w) => `<p class="warn">${escapeHtml(w)}</p>`).join('\n')}
<nav><ul>
<li><a href="#summary">Summary</a></li>
<li><a href="#paired">Paired differences vs ${escapeHtml(baselines.join(", "))}</a></li>
<li><a href="#budget-curve">Quality vs budget (95% CI)</a></li>
${figures.length > 0 ? '<li><a href="#charts">Charts</a></li>\n' : ''}<li><a href="#segments">Per-segment results</a></li>
<li><a href="#provenance">Provenance</a></li>
</ul></nav>
<h2 id="summary">Summary</h2>
${summaryTable(aggregate)}
<h2 id="paired">Paired differences vs ${escapeHtml(baselines.join(", "))}</h2>
${pairedTable(aggregate, options.baselines)}
<h2 id="budget-curve">Quality vs budget (95% CI)</h2>
${budgetCurveTable(aggregate)}
${forecastTable(aggregate)}
${figures.length > 0 ? `<h2 id="charts">Charts</h2>\n${figures.join('\n')}` : ''}
<h2 id="segments">Per-segment results</h2>
${cells.join('\n')}
<h2 id="provenance">Provenance</h2>
${provenanceTable(aggregate, options.rootDir)}
</body>
</html>
`;
}
