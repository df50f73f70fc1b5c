import { DatasetError } from './dataset-error.js';
import type { Timeline } from './timeline.js';

/**
 * How the stream is cut into segments D_0..D_T:
 * - `new-entities` (the paper's rule): a segment ends where the number of users + items
 *   first seen in it exceeds `threshold` — after the crossing row (`boundary: 'after'`) or
 *   before it (`'before'`, the reference code, whose count still includes the crossing
 *   row's entities and restarts after it); the remainder is the last segment;
 * - `rows`: every `rows` rows;
 * - `time`: windows of `seconds` from the first timestamp (empty windows are skipped).
 */
export type SegmenterOptions =
  | { readonly kind: 'new-entities'; readonly threshold: number }
  | { readonly kind: 'rows'; readonly rows: number }
  | { readonly kind: 'time'; readonly seconds: number };

/**
 * Returns segment boundaries: segment `t` holds rows `[bounds[t], bounds[t + 1])`.
 *
 * @throws {DatasetError} for an invalid option or a cut that yields fewer than 2 segments.
 */
export function cutSegments(timeline: Timeline, segmenter: SegmenterOptions, boundary: 'after' | 'before' = 'after'): Int32Array {
  const n = timeline.length;
  const bounds: number[] = [0];
  switch (segmenter.kind) {
    case 'new-entities': {
      const { threshold } = segmenter;
      positive('segmenter.threshold', threshold);
      let users = 0;
      let items = 0;
      let count = 0;
      for (let r = 0; r < n; r++) {
        if (timeline.users[r] === users) {
          users++;
          count++;
        }
        if (timeline.items[r] === items) {
          items++;
          count++;
        }
        if (count > threshold) {
          if (boundary === 'after') {
            if (r + 1 < n) bounds.push(r + 1);
            count = 0;
          } else if (r > bounds[bounds.length - 1]) {
            // The reference code: the crossing row opens the next segment, but its new
            // entities were counted for the segment it closes (the count restarts after it).
            bounds.push(r);
            count = 0;
          }
        }
      }
      break;
    }
    case 'rows': {
      positive('segmenter.rows', segmenter.rows);
      for (let r = segmenter.rows; r < n; r += segmenter.rows) bounds.push(r);
      break;
    }
    case 'time': {
      const { seconds } = segmenter;
      if (!(Number.isFinite(seconds) && seconds > 0)) throw new DatasetError(`option "segmenter.seconds" must be a positive number, got ${seconds}`);
      const t0 = timeline.timestamps[0];
      let window = 0;
      for (let r = 0; r < n; r++) {
        const w = Math.floor((timeline.timestamps[r] - t0) / seconds);
        if (w > window) {
          bounds.push(r);
          window = w;
        }
      }
      break;
    }
    default:
      throw new DatasetError(`option "segmenter.kind" must be "new-entities", "rows" or "time", got ${JSON.stringify((segmenter as { kind: unknown }).kind)}`);
  }
  bounds.push(n);
  if (bounds.length < 3) {
    throw new DatasetError(`segmenter ${JSON.stringify(segmenter)} yields a single segment on ${n} rows; lower it so that the stream has at least 2 segments`);
  }
  return Int32Array.from(bounds);
}

function positive(name: string, value: number): void {
  if (!(Number.isInteger(value) && value > 0)) throw new DatasetError(`option "${name}" must be a positive integer, got ${value}`);
}
