import type { EChartsCoreOption } from 'echarts/core';
import type { CellAggregate, RunAggregate } from './aggregate.js';
import { PALETTE } from './chart-style.js';

/** The kinds of chart a report holds. */
export type ChartKind = 'segment-quality' | 'quality-vs-budget' | 'size-by-rank' | 'budget-use' | 'policy-actions' | 'phase-time' | 'cost-curve' | 'overview';

/** A chart before rendering: an ECharts option and its size. */
export interface ChartSpec {
  /** File-name-safe identifier, unique within a report. */
  readonly id: string;
  readonly kind: ChartKind;
  readonly title: string;
  readonly width: number;
  readonly height: number;
  readonly option: EChartsCoreOption;
}

/** The cells of one dataset × recommender × protocol: the runs that can be compared. */
export interface Scenario {
  readonly dataset: string;
  readonly recommender: string;
  readonly protocol: string;
  readonly cells: readonly CellAggregate[];
}

/** `ml-100k / lightgcn, strict protocol`: a scenario's name in titles. */
export function scenarioName(scenario: Scenario): string {
  return `${scenario.dataset} / ${scenario.recommender}, ${scenario.protocol} protocol`;
}

/** Groups cells by dataset, recommender and protocol, keeping the aggregate's order. */
export function scenariosOf(aggregate: RunAggregate): Scenario[] {
  const out: Scenario[] = [];
  for (const cell of aggregate.cells) {
    let scenario = out.find((s) => s.dataset === cell.dataset && s.recommender === cell.recommender && s.protocol === cell.protocol);
    if (!scenario) {
      scenario = { dataset: cell.dataset, recommender: cell.recommender, protocol: cell.protocol, cells: [] };
      out.push(scenario);
    }
    (scenario.cells as CellAggregate[]).push(cell);
  }
  return out;
}

/** Turns labels such as `c=32` or `B=2.5MB` into file-name-safe pieces. */
export function slug(...parts: string[]): string {
  return parts
    .map((p) =>
      p
        .replace(/[^A-Za-z0-9.]+/g, '-')
        .replace(/^-+|-+$/g, '')
        .toLowerCase(),
    )
    .join('--');
}

/** The colour of a searcher, stable across every chart of a report. */
export function searcherColor(aggregate: RunAggregate, searcher: string): string {
  const i = aggregate.searchers.indexOf(searcher);
  return PALETTE[(i < 0 ? 0 : i) % PALETTE.length];
}

/** "mean over 2 seeds" / "1 seed" for subtitles. */
export function seedNote(cells: readonly CellAggregate[]): string {
  const counts = [...new Set(cells.map((c) => c.seeds.length))].sort((a, b) => a - b);
  const text = counts.length === 1 ? String(counts[0]) : `${counts[0]}–${counts[counts.length - 1]}`;
  return counts.length === 1 && counts[0] === 1 ? '1 seed' : `mean over ${text} seeds`;
}

/** The x-axis label of a segment: segment 0 is the warm-up. */
export function segmentLabel(index: number): string {
  return index === 0 ? '0 (warm-up)' : String(index);
}
