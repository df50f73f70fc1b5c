import { fileURLToPath } from 'node:url';
import type { PolicyStepEvent } from '@scall/spec';
import { describe, expect, it } from 'vitest';
import { aggregateRuns, collectRuns, forecastAccuracy, renderMarkdownSummary } from '../src/index.js';

const fixtures = fileURLToPath(new URL('./fixtures/runs', import.meta.url));

const step = (segment: number, i: number, fitness: number, forecast?: number): PolicyStepEvent => ({
  type: 'policy-step',
  segment,
  step: i,
  action: [0.5],
  reward: 0,
  fitness,
  parameters: 10,
  budgetParameters: 10,
  seconds: 1,
  ...(forecast === undefined ? {} : { forecast }),
});

describe('forecast rank correlation', () => {
  it('ranks forecasts against fitness per seed and segment, only for searchers that forecast', async () => {
    const runs = await collectRuns(fixtures);
    // Give SCALL's c=16 seed-1 run forecasts: segment 1 ranks perfectly, segment 2 backwards,
    // segment 3 has too few forecasts, and steps without a forecast are ignored.
    const withForecasts = runs.map((run) =>
      run.results.searcher === 'scall' && run.results.seed === 1 && JSON.stringify(run.results.budget).includes('16')
        ? {
            ...run,
            policySteps: [
              step(1, 0, 0.1),
              step(1, 1, 0.2, 1),
              step(1, 2, 0.3, 2),
              step(1, 3, 0.5, 3),
              step(2, 0, 0.1, 3),
              step(2, 1, 0.2, 2),
              step(2, 2, 0.4, 1),
              step(2, 3, 0.3, 2.5),
              step(3, 0, 0.1, 1),
              step(3, 1, 0.2, 2),
            ],
          }
        : run,
    );
    const rows = forecastAccuracy(aggregateRuns(withForecasts));
    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect([row.searcher, row.budgetLabel, row.probes]).toEqual(['scall', 'c=16', 9]);
    expect(row.spearman.n).toBe(2);
    expect(row.spearman.max).toBeCloseTo(1, 12);
    expect(row.spearman.min).toBeCloseTo(-0.8, 12); // ranks (4, 2, 1, 3) against (1, 2, 4, 3)
    expect(renderMarkdownSummary(aggregateRuns(withForecasts))).toMatch(/Forecast rank correlation[\s\S]*\| scall \| 2 \| 0\.100 \[/);
    // Without forecasts there is no row and no section.
    expect(forecastAccuracy(aggregateRuns(runs))).toEqual([]);
    expect(renderMarkdownSummary(aggregateRuns(runs))).not.toMatch(/Forecast rank correlation/);
  });
});
