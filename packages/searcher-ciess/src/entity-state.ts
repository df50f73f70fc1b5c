/** Width of CIESS's per-entity state: frequency, size, quality. */
export const ENTITY_STATE_SIZE = 3;

/**
 * CIESS's per-entity states, row-major `n x 3`, every value in [-1, 1]:
 * - frequency `2 f / max f - 1` (max over the entities of the same kind; -1 when all are 0);
 * - size `2 (s - MIN) / (MAX - MIN) - 1` (0 when MIN = MAX);
 * - quality ratio `r` in [0, cap] as `2 r / cap - 1`; an entity without a ratio (`NaN`)
 *   gets the value of ratio 1 (as good as the reference).
 */
export function entityStates(
  frequencies: ArrayLike<number>,
  sizes: ArrayLike<number>,
  ratios: ArrayLike<number>,
  minSize: number,
  maxSize: number,
  ratioCap: number,
): Float32Array {
  const n = frequencies.length;
  let maxFrequency = 0;
  for (let e = 0; e < n; e++) maxFrequency = Math.max(maxFrequency, frequencies[e]);
  const out = new Float32Array(n * ENTITY_STATE_SIZE);
  const span = maxSize - minSize;
  for (let e = 0; e < n; e++) {
    const ratio = Number.isNaN(ratios[e]) ? 1 : Math.min(ratioCap, Math.max(0, ratios[e]));
    out[3 * e] = maxFrequency > 0 ? (2 * frequencies[e]) / maxFrequency - 1 : -1;
    out[3 * e + 1] = span > 0 ? (2 * (sizes[e] - minSize)) / span - 1 : 0;
    out[3 * e + 2] = (2 * ratio) / ratioCap - 1;
  }
  return out;
}
