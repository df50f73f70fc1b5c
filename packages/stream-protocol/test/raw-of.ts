import { createRng } from '@scall/rng';
import type { RawInteractions } from '../src/index.js';

/** In-memory raw interactions, one row per (user, item, time) in file order (ids used as keys). */
export function rawOf(rows: readonly (readonly [number, number, number])[]): RawInteractions {
  const users = rows.map((r) => r[0]);
  const items = rows.map((r) => r[1]);
  return {
    source: 'memory',
    users: Int32Array.from(users),
    items: Int32Array.from(items),
    timestamps: Float64Array.from(rows.map((r) => r[2])),
    length: rows.length,
    numUsers: Math.max(0, ...users) + 1,
    numItems: Math.max(0, ...items) + 1,
    userKey: String,
    itemKey: String,
    badRows: { count: 0, examples: [] },
  };
}

/**
 * A seeded stream where users and items keep arriving: row k picks among the first
 * `pool(k)` users and items with a skew towards early (popular) ones, with timestamp ties
 * and repeated pairs, so a new-entities segmenter cuts it into several segments.
 */
export function arrivingStream(seed: number, rows = 3000): RawInteractions {
  const rng = createRng(seed);
  const out: [number, number, number][] = [];
  for (let k = 0; k < rows; k++) {
    const pool = 20 + Math.floor(k / 8);
    const pick = () => Math.floor(pool * rng.next() ** 2);
    out.push([pick(), pick(), Math.floor(k / 3)]);
  }
  return rawOf(out);
}
