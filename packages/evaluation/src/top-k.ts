/** Options of {@link topK}. */
export interface TopKOptions {
  /**
   * Positions to leave out (non-zero = excluded), e.g. items the user already interacted
   * with. Same length as the scores.
   */
  readonly exclude?: Uint8Array;
  /** Reused output buffer of length >= k; a fresh one is allocated when absent. */
  readonly out?: Int32Array;
}

/** `true` when position `a` ranks before position `b`: higher score, ties to the lower index, NaN as -Infinity. */
function before(scores: ArrayLike<number>, a: number, b: number): boolean {
  let sa = scores[a];
  let sb = scores[b];
  if (sa !== sa) sa = -Infinity;
  if (sb !== sb) sb = -Infinity;
  return sa > sb || (sa === sb && a < b);
}

/**
 * Positions of the `k` highest scores, best first, by partial selection (a bounded heap:
 * O(n log k), no full sort). Tie rule: equal scores rank by ascending position, so the
 * result is deterministic; `NaN` ranks as `-Infinity`. Excluded positions never appear.
 * Returns fewer than `k` positions when fewer are eligible.
 *
 * @example
 * topK(Float32Array.from([0.1, 0.9, 0.5, 0.9]), 2); // Int32Array [1, 3]
 */
export function topK(scores: ArrayLike<number>, k: number, options: TopKOptions = {}): Int32Array {
  if (!(Number.isInteger(k) && k >= 0)) throw new RangeError(`topK: k must be a non-negative integer, got ${k}`);
  const { exclude } = options;
  const n = scores.length;
  if (exclude && exclude.length < n) {
    throw new RangeError(`topK: exclude has length ${exclude.length}, shorter than the ${n} scores`);
  }
  // Heap with the worst kept position at the root.
  const heap = options.out && options.out.length >= k ? options.out : new Int32Array(k);
  let size = 0;
  if (k > 0) {
    for (let i = 0; i < n; i++) {
      if (exclude && exclude[i] !== 0) continue;
      if (size < k) {
        let c = size++;
        heap[c] = i;
        while (c > 0) {
          const p = (c - 1) >> 1;
          if (!before(scores, heap[p], heap[c])) break;
          const t = heap[p];
          heap[p] = heap[c];
          heap[c] = t;
          c = p;
        }
      } else if (before(scores, i, heap[0])) {
        heap[0] = i;
        siftDown(scores, heap, size);
      }
    }
  }
  // Pop the worst repeatedly, filling from the back: best first.
  const count = size;
  const result = new Int32Array(count);
  while (size > 0) {
    result[size - 1] = heap[0];
    heap[0] = heap[--size];
    siftDown(scores, heap, size);
  }
  return result;
}

function siftDown(scores: ArrayLike<number>, heap: Int32Array, size: number): void {
  let p = 0;
  for (;;) {
    const l = 2 * p + 1;
    if (l >= size) return;
    const r = l + 1;
    // the child that ranks later (worse) moves up
    const w = r < size && before(scores, heap[l], heap[r]) ? r : l;
    if (!before(scores, heap[p], heap[w])) return;
    const t = heap[p];
    heap[p] = heap[w];
    heap[w] = t;
    p = w;
  }
}
