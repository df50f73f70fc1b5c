import { sampleRankCorrelation } from 'simple-statistics';
import type { RunAggregate } from './aggregate.js';
import { spreadOf, type Spread } from './spread.js';

/** Forecasts needed in one segment of one run before its rank correlation is counted. */
export const MIN_FORECASTS = 3;

/** How well one cell's searcher ranked its own probes before running them (policy steps with a `forecast`). */
export interface ForecastAccuracy {
  readonly key: string;
  readonly dataset: string;
  readonly protocol: string;
  readonly budgetLabel: string;
  readonly searcher: string;
  /** Spearman correlation of forecast and fitness, one value per (seed, segment) with at least {@link MIN_FORECASTS} forecasts. */
  readonly spearman: Spread;
  /** Forecast probes behind it, over every seed and segment. */
  readonly probes: number;
}

/**
 * Per cell, the Spearman rank correlation of the searcher's forecasts against the
 * probed fitness, computed per (seed, segment) and summarised over them (mean, 95 % CI).
 * Cells whose policy steps carry no `forecast` (every searcher but a predictor-driven one
 * such as BET) are left out; so are segments whose forecasts or fitness are all equal.
 */
export function forecastAccuracy(aggregate: RunAggregate): ForecastAccuracy[] {
  const rows: ForecastAccuracy[] = [];
  for (const cell of aggregate.cells) {
    const values: number[] = [];
    let probes = 0;
    for (const { steps } of cell.policySteps) {
      const bySegment = new Map<number, { forecast: number[]; fitness: number[] }>();
      for (const step of steps) {
        if (typeof step.forecast !== 'number' || !Number.isFinite(step.forecast) || !Number.isFinite(step.fitness)) continue;
        const entry = bySegment.get(step.segment) ?? { forecast: [], fitness: [] };
        entry.forecast.push(step.forecast);
        entry.fitness.push(step.fitness);
        bySegment.set(step.segment, entry);
      }
      for (const { forecast, fitness } of bySegment.values()) {
        probes += forecast.length;
        if (forecast.length < MIN_FORECASTS) continue;
        const rho = sampleRankCorrelation(forecast, fitness);
        if (Number.isFinite(rho)) values.push(rho);
      }
    }
    if (values.length === 0) continue;
    rows.push({
      key: cell.key,
      dataset: cell.dataset,
      protocol: cell.protocol,
      budgetLabel: cell.budgetLabel,
      searcher: cell.searcher,
      spearman: spreadOf(values, `${cell.key} forecast rank correlations`),
      probes,
    });
  }
  return rows;
}
