/**
 * Entity ids in frequency-rank order: most frequent first, equal frequencies by
 * ascending id (the earlier arrival first; the reference code breaks ties by descending
 * id), cold entities (frequency 0) last. Integer frequencies use a counting sort (O(n +
 * max frequency)); others a comparison sort.
 *
 * @example
 * rankByFrequency([3, 0, 5, 3]); // Uint32Array [2, 0, 3, 1]
 */
export function rankByFrequency(frequencies: ArrayLike<number>): Uint32Array {
  const n = frequencies.length;
  const order = new Uint32Array(n);
  let max = 0;
  let integral = true;
  for (let i = 0; i < n; i++) {
    const f = frequencies[i];
    if (!(f >= 0 && f < Infinity)) throw new RangeError(`rankByFrequency: frequency ${i} is ${f}; frequencies must be finite and >= 0`);
    if (f > max) max = f;
    if (integral && !Number.isInteger(f)) integral = false;
  }
  if (integral && max <= 4 * n + 1024) {
    // Counting sort, descending frequency, stable in id.
    const start = new Uint32Array(max + 2);
    for (let i = 0; i < n; i++) start[max - frequencies[i] + 1]++;
    for (let v = 1; v <= max + 1; v++) start[v] += start[v - 1];
    for (let i = 0; i < n; i++) order[start[max - frequencies[i]]++] = i;
    return order;
  }
  for (let i = 0; i < n; i++) order[i] = i;
  return order.sort((a, b) => frequencies[b] - frequencies[a] || a - b);
}

/**
 * Frequency-rank assignment, SCALL's way of giving sizes to entities: `sizes` sorted
 * largest first go to the entities in {@link rankByFrequency} order, so the most
 * frequent entity gets the largest size and cold entities (frequency 0, including users
 * and items that arrived after the policy was trained) the smallest. Returns the sizes
 * indexed by entity id.
 *
 * @example
 * assignByFrequencyRank([8, 4, 2], [0, 7, 3]); // Int32Array [2, 8, 4]
 */
export function assignByFrequencyRank(sizes: ArrayLike<number>, frequencies: ArrayLike<number>): Int32Array {
  if (sizes.length !== frequencies.length) {
    throw new RangeError(`assignByFrequencyRank: ${sizes.length} sizes for ${frequencies.length} entities`);
  }
  const order = rankByFrequency(frequencies);
  const out = new Int32Array(sizes.length);
  for (let r = 0; r < order.length; r++) out[order[r]] = sizes[r];
  return out;
}
