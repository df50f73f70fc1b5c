/**
 * Start offsets of a packed ragged buffer: `offsets[e]` is where entity e's values
 * start and `offsets[sizes.length]` is the total. Throws a `RangeError` naming the
 * first negative or non-integer size.
 *
 * @example
 * raggedOffsets(Int32Array.of(2, 3)); // Float64Array [0, 2, 5]
 */
export function raggedOffsets(sizes: Int32Array): Float64Array {
  const offsets = new Float64Array(sizes.length + 1);
  for (let e = 0; e < sizes.length; e++) {
    const s = sizes[e];
    if (!(s >= 0)) throw new RangeError(`Entity ${e} has size ${s}; sizes must be non-negative integers`);
    offsets[e + 1] = offsets[e] + s;
  }
  return offsets;
}
