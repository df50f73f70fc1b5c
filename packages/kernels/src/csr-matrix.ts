/**
 * A sparse matrix in compressed sparse row (CSR) form: the non-zeros of row `r` are
 * `values[rowPointers[r] .. rowPointers[r + 1])` at columns `columnIndices[...]`.
 * Kept in plain typed arrays (never as edge-sized tensors) and handed to the kernels.
 */
export interface CsrMatrix {
  readonly numRows: number;
  readonly numColumns: number;
  /** Length `numRows + 1`, non-decreasing, starting at 0 and ending at the number of non-zeros. */
  readonly rowPointers: Int32Array;
  readonly columnIndices: Int32Array;
  readonly values: Float32Array;
  /** True when the matrix equals its transpose; the gradient then reuses the row-wise loop. */
  readonly symmetric: boolean;
}

/**
 * Checks and wraps CSR arrays. Throws a `RangeError` naming the first offending row,
 * entry or column.
 *
 * @example
 * const m = createCsrMatrix({ numRows: 2, numColumns: 2, rowPointers: Int32Array.of(0, 1, 2),
 *   columnIndices: Int32Array.of(1, 0), values: Float32Array.of(0.5, 0.5), symmetric: true });
 */
export function createCsrMatrix(matrix: CsrMatrix): CsrMatrix {
  const { numRows, numColumns, rowPointers, columnIndices, values } = matrix;
  if (!(Number.isInteger(numRows) && numRows >= 0) || !(Number.isInteger(numColumns) && numColumns >= 0)) {
    throw new RangeError(`CSR matrix: numRows and numColumns must be non-negative integers (got ${numRows} x ${numColumns})`);
  }
  if (rowPointers.length !== numRows + 1) {
    throw new RangeError(`CSR matrix: rowPointers has length ${rowPointers.length}, expected numRows + 1 = ${numRows + 1}`);
  }
  if (rowPointers[0] !== 0) throw new RangeError(`CSR matrix: rowPointers[0] must be 0 (got ${rowPointers[0]})`);
  const nnz = rowPointers[numRows];
  if (columnIndices.length !== nnz || values.length !== nnz) {
    throw new RangeError(
      `CSR matrix: rowPointers ends at ${nnz} but columnIndices has ${columnIndices.length} and values ${values.length} entries`,
    );
  }
  for (let r = 0; r < numRows; r++) {
    if (rowPointers[r + 1] < rowPointers[r]) {
      throw new RangeError(`CSR matrix: rowPointers decreases at row ${r} (${rowPointers[r]} -> ${rowPointers[r + 1]})`);
    }
  }
  for (let e = 0; e < nnz; e++) {
    const c = columnIndices[e];
    if (!(c >= 0 && c < numColumns)) throw new RangeError(`CSR matrix: entry ${e} has column ${c}, outside [0, ${numColumns})`);
  }
  if (matrix.symmetric && numRows !== numColumns) {
    throw new RangeError(`CSR matrix: marked symmetric but is ${numRows} x ${numColumns}`);
  }
  return { numRows, numColumns, rowPointers, columnIndices, values, symmetric: matrix.symmetric };
}
