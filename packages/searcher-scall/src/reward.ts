/**
 * SCALL's reward for a candidate action: fitness relative to the deployed model's
 * first-block fitness, rescaled `10 (r - low) / (high - low)`.
 */
export function scallReward(fitness: number, referenceFitness: number, range: readonly [number, number]): number {
  const ratio = referenceFitness > 0 ? fitness / referenceFitness : fitness > 0 ? range[1] : 1;
  return (10 * (ratio - range[0])) / (range[1] - range[0]);
}

/** True once `history` (the policy's mean user share per step) has at least `minSteps`
 * entries and its last `window` values lie within `tolerance` of each other. */
export function policyConverged(history: readonly number[], minSteps: number, window: number, tolerance: number): boolean {
  if (history.length < Math.max(minSteps, window)) return false;
  const tail = history.slice(-window);
  return Math.max(...tail) - Math.min(...tail) < tolerance;
}
