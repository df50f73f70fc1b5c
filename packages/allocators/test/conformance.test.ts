import { logNormal } from '@scall/distribution-log-normal';
import { pareto } from '@scall/distribution-pareto';
import { powerLaw } from '@scall/distribution-power-law';
import { truncatedExponential } from '@scall/distribution-truncated-exponential';
import { truncatedNormal } from '@scall/distribution-truncated-normal';
import { uniform } from '@scall/distribution-uniform';
import { describeBudgetAllocator } from '@scall/testkit';
import { createFrequencyHeuristicAllocator, createRandomAllocator, createScallAllocator, createUniformAllocator } from '../src/index.js';

// 10,000 cases per property for the default distribution and the baselines; the
// quadrature-based families cost more per small population, so they run 2,000.
for (const [distribution, numRuns] of [
  [powerLaw, 10_000],
  [pareto, 10_000],
  [uniform, 10_000],
  [truncatedNormal, 2_000],
  [logNormal, 2_000],
  [truncatedExponential, 2_000],
] as const) {
  describeBudgetAllocator(`scall + ${distribution.name}`, () => createScallAllocator({ distribution }), { shapeRange: distribution.shapeRange, numRuns });
}
describeBudgetAllocator('scall + power law, sampled proportions', () => createScallAllocator({ distribution: powerLaw, proportions: 'sampled' }), {
  shapeRange: powerLaw.shapeRange,
  numRuns: 2_000,
  largeRuns: 1,
});
describeBudgetAllocator('uniform', () => createUniformAllocator());
describeBudgetAllocator('random', () => createRandomAllocator(), { frequencyMonotone: false });
describeBudgetAllocator('frequency heuristic', () => createFrequencyHeuristicAllocator({ beta: 0.5 }));
