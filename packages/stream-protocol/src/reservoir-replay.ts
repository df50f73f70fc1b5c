import type { Rng } from '@scall/spec';

/**
 * Reservoir replay (SCALL §2.5): picks up to `capacity` rows uniformly (Algorithm R)
 * among rows `[0, end)` whose user is marked in `segmentUsers`, and returns them in
 * ascending row (time) order.
 */
export function sampleReplayRows(users: Int32Array, end: number, segmentUsers: Uint8Array, capacity: number, rng: Rng): Int32Array {
  if (capacity <= 0) return new Int32Array(0);
  const reservoir = new Int32Array(capacity);
  let seen = 0;
  for (let r = 0; r < end; r++) {
    if (segmentUsers[users[r]] === 0) continue;
    if (seen < capacity) {
      reservoir[seen] = r;
    } else {
      const j = rng.nextInt(seen + 1);
      if (j < capacity) reservoir[j] = r;
    }
    seen++;
  }
  return reservoir.slice(0, Math.min(seen, capacity)).sort();
}
