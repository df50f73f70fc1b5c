import type { Rng } from '@scall/spec';

/**
 * CIESS's random walk over candidate sizes: nodes are the sizes MIN..MAX, each linked to
 * the sizes within `radius` of it; from `start` (rounded and clipped), take `steps`
 * steps, each to a neighbour drawn with probability proportional to 1 / distance. Returns
 * the `steps + 1` visited sizes, `start` first (a size may repeat).
 *
 * @example
 * randomWalk(64, 5, 5, 1, 128, createRng(1)) // e.g. Int32Array [64, 63, 66, 65, 61, 62]
 */
export function randomWalk(start: number, steps: number, radius: number, minSize: number, maxSize: number, rng: Rng): Int32Array {
  const out = new Int32Array(steps + 1);
  let node = Math.min(maxSize, Math.max(minSize, Math.round(start)));
  out[0] = node;
  for (let s = 1; s <= steps; s++) {
    let weight = 0;
    for (let d = 1; d <= radius; d++) {
      if (node - d >= minSize) weight += 1 / d;
      if (node + d <= maxSize) weight += 1 / d;
    }
    if (weight > 0) {
      let u = rng.next() * weight;
      let next = node;
      for (let d = 1; d <= radius && next === node; d++) {
        for (const candidate of [node - d, node + d]) {
          if (candidate < minSize || candidate > maxSize) continue;
          u -= 1 / d;
          if (u < 0) {
            next = candidate;
            break;
          }
        }
      }
      // Rounding can leave u just above 0 after the last neighbour: take the farthest one.
      if (next === node) next = node + radius <= maxSize ? Math.min(maxSize, node + radius) : Math.max(minSize, node - radius);
      node = next;
    }
    out[s] = node;
  }
  return out;
}
