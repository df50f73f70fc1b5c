import type { CsrMatrix } from './csr-matrix.js';
import { SPMM_WASM_BASE64 } from './spmm-wasm-binary.js';
import { loadWasmKernelModule, reserveBytes } from './wasm-module.js';

type SpmmExport = (rp: number, ci: number, vals: number, inW: number, outW: number, x: number, out: number, rows: number, stride: number) => void;

/**
 * `out = matrix · x` (row-gather form) with the SIMD WebAssembly module: copies the CSR
 * arrays in once per matrix, `x` and the widths per call, and the result back. Returns
 * false (doing nothing) where WebAssembly SIMD is unavailable.
 */
export function simdSpmm(
  matrix: CsrMatrix,
  x: Float32Array,
  out: Float32Array,
  width: number,
  inputWidths: Int32Array | null,
  outputWidths: Int32Array | null,
): boolean {
  const m = loadWasmKernelModule(SPMM_WASM_BASE64);
  if (!m) return false;
  const rows = matrix.numRows;
  const cols = matrix.numColumns;
  const nnz = matrix.rowPointers[rows];
  const stride = Math.ceil(width / 16) * 16; // the module works on blocks of 16 columns
  const ciAt = 4 * (rows + 1);
  const valsAt = ciAt + 4 * nnz;
  const inWAt = valsAt + 4 * nnz;
  const outWAt = inWAt + 4 * cols;
  const xAt = outWAt + 4 * rows;
  const outAt = xAt + 4 * cols * stride;
  const buffer = reserveBytes(m, outAt + 4 * rows * stride);
  if (m.resident !== matrix) {
    new Int32Array(buffer, 0, rows + 1).set(matrix.rowPointers);
    new Int32Array(buffer, ciAt, nnz).set(matrix.columnIndices);
    new Float32Array(buffer, valsAt, nnz).set(matrix.values);
    m.resident = matrix;
  }
  const inW = new Int32Array(buffer, inWAt, cols);
  if (inputWidths) inW.set(inputWidths);
  else inW.fill(width);
  const outW = new Int32Array(buffer, outWAt, rows);
  if (outputWidths) outW.set(outputWidths);
  else outW.fill(width);
  const xs = new Float32Array(buffer, xAt, cols * stride);
  if (stride === width) xs.set(x.subarray(0, cols * width));
  else for (let r = 0; r < cols; r++) xs.set(x.subarray(r * width, r * width + width), r * stride);
  const result = new Float32Array(buffer, outAt, rows * stride);
  result.fill(0);
  (m.exports.spmm as SpmmExport)(0, ciAt, valsAt, inWAt, outWAt, xAt, outAt, rows, stride);
  if (stride === width) out.set(result);
  else for (let r = 0; r < rows; r++) out.set(result.subarray(r * stride, r * stride + width), r * width);
  return true;
}
