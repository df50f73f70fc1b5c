import type { SizeDistributionV1 } from '@scall/spec';

/**
 * `distribution` with its last `capacity` results of `expectedProportions` kept (as
 * copies, by `n` and `shape`); everything else is passed through. BET sizes one side of
 * an action with the other side's family whenever the two families differ, always at
 * that family's middle shape (see `actionToPlan`), so across a search's candidates the
 * same expected proportions are asked for again and again; remembering them keeps the
 * second allocation almost free. The results are the distribution's own, so plans do
 * not change.
 */
export function rememberExpectedProportions(distribution: SizeDistributionV1, capacity = 4): SizeDistributionV1 {
  const kept: { n: number; shape: number; proportions: Float64Array }[] = [];
  return {
    specificationVersion: distribution.specificationVersion,
    name: distribution.name,
    shapeRange: distribution.shapeRange,
    skewDirection: distribution.skewDirection,
    expectedProportions(n, shape) {
      const index = kept.findIndex((k) => k.n === n && Object.is(k.shape, shape));
      if (index >= 0) {
        const [hit] = kept.splice(index, 1);
        kept.push(hit);
        return hit.proportions.slice();
      }
      const proportions = distribution.expectedProportions(n, shape);
      kept.push({ n, shape, proportions: proportions.slice() });
      if (kept.length > capacity) kept.shift();
      return proportions;
    },
    sampleProportions: (n, shape, rng) => distribution.sampleProportions(n, shape, rng),
  };
}
