import type { SizeByRank } from '@scall/spec';

/**
 * Sizes against frequency rank (rank 0 = most frequent; ties by id), down-sampled to
 * at most `points` log-spaced ranks so plots stay small.
 */
export function sizeByRank(sizes: Int32Array, frequencies: ArrayLike<number>, points = 200): SizeByRank {
  const n = sizes.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => frequencies[b] - frequencies[a] || a - b);
  const ranks = new Set<number>();
  if (n > 0) {
    ranks.add(0);
    ranks.add(n - 1);
    for (let i = 0; i < points; i++) ranks.add(Math.min(n - 1, Math.round(Math.expm1((Math.log1p(n - 1) * i) / (points - 1)))));
  }
  const rank = [...ranks].sort((a, b) => a - b);
  return { rank, size: rank.map((r) => sizes[order[r]]), frequency: rank.map((r) => frequencies[order[r]]) };
}
