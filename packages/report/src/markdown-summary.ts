import type { RunAggregate } from './aggregate.js';
import { formatSeconds, formatSpread } from './format.js';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/**
 * A Markdown table of every cell for papers and READMEs: searcher, budget, average
 * Recall@K and NDCG@K (mean ± sample std over seeds), their test-user-weighted
 * versions, wall time, segments averaged and seeds. Dataset and recommender columns
 * appear when the aggregate holds more than one of them.
 */
export function renderMarkdownSummary(aggregate: RunAggregate): string {
  const k = aggregate.cells[0]?.k ?? 20;
  const scenarioColumns = aggregate.datasets.length > 1 || aggregate.recommenders.length > 1;
  const header = [
    ...(scenarioColumns ? ['dataset', 'recommender'] : []),
    'searcher',
    'budget',
    `avg Recall@${k}`,
    `avg NDCG@${k}`,
    `weighted Recall@${k}`,
    `weighted NDCG@${k}`,
    'wall time',
    'segments',
    'seeds',
  ];
  const align = header.map((_, i) => (i < (scenarioColumns ? 4 : 2) ? '---' : '---:'));
  const rows = aggregate.cells.map((c) => [
    ...(scenarioColumns ? [c.dataset, c.recommender] : []),
    c.searcher,
    c.budgetLabel,
    formatSpread(c.summary.recall),
    formatSpread(c.summary.ndcg),
    formatSpread(c.summary.weightedRecall),
    formatSpread(c.summary.weightedNdcg),
    formatSeconds(c.timings.total.mean),
    String(c.summary.segments),
    String(c.seeds.length),
  ]);
  const line = (cells: string[]) => `| ${cells.map(cell).join(' | ')} |`;
  const scope = scenarioColumns ? '' : ` on ${aggregate.datasets[0] ?? '?'} with ${aggregate.recommenders[0] ?? '?'}`;
  return [
    `Average over segments 1..T${scope}; mean ± sample standard deviation over seeds; weighted = weighted by test users per segment; wall time = mean total seconds per run.`,
    '',
    line(header),
    line(align),
    ...rows.map(line),
    '',
  ].join('\n');
}
