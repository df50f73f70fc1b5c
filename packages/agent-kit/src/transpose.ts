/**
 * The transpose of a row-major `rows x cols` matrix (a copy): the agents keep batches
 * row-major and feed the networks feature-major.
 *
 * @example
 * transpose(Float32Array.of(1, 2, 3, 4, 5, 6), 2, 3); // [1, 4, 2, 5, 3, 6]
 */
export function transpose(values: Float32Array, rows: number, cols: number): Float32Array {
  if (rows === 1 || cols === 1) return Float32Array.from(values);
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = values[r * cols + c];
  return out;
}
