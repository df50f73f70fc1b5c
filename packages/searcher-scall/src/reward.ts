/**
 * SCALL's raw reward ratio `f / f_ref` for a candidate's fitness `f` against the
 * baseline fitness `f_ref` (the deployed model's first-block fitness, or a uniform twin's).
 * A non-positive baseline gives `range[1]` when the candidate scored anything, else 1.
 */
export function rewardRatio(fitness: number, referenceFitness: number, range: readonly [number, number]): number {
  return referenceFitness > 0 ? fitness / referenceFitness : fitness > 0 ? range[1] : 1;
}

/** The reference rescaling of a raw ratio, `10 (r - low) / (high - low)`: what the replay buffer stores. */
export function rescaleReward(ratio: number, range: readonly [number, number]): number {
  return (10 * (ratio - range[0])) / (range[1] - range[0]);
}

/**
 * SCALL's reward for a candidate action: fitness relative to the deployed model's
 * first-block fitness, rescaled `10 (r - low) / (high - low)`.
 */
export function scallReward(fitness: number, referenceFitness: number, range: readonly [number, number]): number {
  return rescaleReward(rewardRatio(fitness, referenceFitness, range), range);
}

/** True once `history` (the policy's mean user share per step) has at least `minSteps`
 * entries and its last `window` values lie within `tolerance` of each other. */
export function policyConverged(history: readonly number[], minSteps: number, window: number, tolerance: number): boolean {
  if (history.length < Math.max(minSteps, window)) return false;
  const tail = history.slice(-window);
  return Math.max(...tail) - Math.min(...tail) < tolerance;
}
