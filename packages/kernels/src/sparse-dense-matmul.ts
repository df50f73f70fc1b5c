import * as tf from '@tensorflow/tfjs-core';
import type { KernelFunc, NamedAttrMap, Tensor, Tensor2D, TensorInfo } from '@tensorflow/tfjs-core';
import { allocateOutput, viewOf } from '@scall/backend-memory';
import type { CsrMatrix } from './csr-matrix.js';
import { SPARSE_DENSE_MATMUL } from './kernel-names.js';
import { registerDirectKernel, usesDirectKernels } from './kernel-registration.js';
import { simdSpmm } from './simd-spmm.js';

/** Options of {@link sparseDenseMatMul}. */
export interface SparseDenseMatMulOptions {
  /** Multiply by the transpose of the matrix instead. */
  readonly transpose?: boolean;
  /**
   * Structural widths of the dense input's rows: columns at or beyond `inputWidths[j]`
   * of row j are treated as constant zeros. They are skipped (work follows the widths)
   * and receive no gradient.
   */
  readonly inputWidths?: Int32Array;
  /** Widths of the output's rows: columns at or beyond `outputWidths[r]` are left 0. */
  readonly outputWidths?: Int32Array;
}

interface SpmmAttrs {
  matrix: CsrMatrix;
  transpose: boolean;
  inputWidths: Int32Array | null;
  outputWidths: Int32Array | null;
}

function spmmInto(attrs: SpmmAttrs, x: Float32Array, out: Float32Array, width: number): void {
  const { matrix, inputWidths: inW, outputWidths: outW } = attrs;
  const rp = matrix.rowPointers;
  const ci = matrix.columnIndices;
  const vals = matrix.values;
  const rows = matrix.numRows;
  if (!attrs.transpose || matrix.symmetric) {
    if (simdSpmm(matrix, x, out, width, inW, outW)) return;
    // Row r of the output gathers its neighbours into a small accumulator (unrolled by 4).
    const acc = new Float32Array(width);
    for (let r = 0; r < rows; r++) {
      const ow = outW === null ? width : outW[r];
      if (ow <= 0) continue;
      acc.fill(0, 0, ow);
      for (let e = rp[r], end = rp[r + 1]; e < end; e++) {
        const c = ci[e];
        const a = vals[e];
        const iw = inW === null ? width : inW[c];
        const w = iw < ow ? iw : ow;
        const ib = c * width;
        let k = 0;
        for (; k + 3 < w; k += 4) {
          acc[k] += a * x[ib + k];
          acc[k + 1] += a * x[ib + k + 1];
          acc[k + 2] += a * x[ib + k + 2];
          acc[k + 3] += a * x[ib + k + 3];
        }
        for (; k < w; k++) acc[k] += a * x[ib + k];
      }
      out.set(acc.subarray(0, ow), r * width);
    }
  } else {
    // Transpose of a non-symmetric matrix: row r of the input scatters into its columns.
    for (let r = 0; r < rows; r++) {
      const iw = inW === null ? width : inW[r];
      if (iw <= 0) continue;
      const ib = r * width;
      for (let e = rp[r], end = rp[r + 1]; e < end; e++) {
        const c = ci[e];
        const a = vals[e];
        const ow = outW === null ? width : outW[c];
        const w = iw < ow ? iw : ow;
        const ob = c * width;
        for (let k = 0; k < w; k++) out[ob + k] += a * x[ib + k];
      }
    }
  }
}

const spmmKernel: KernelFunc = ({ inputs, backend, attrs }) => {
  const a = attrs as unknown as SpmmAttrs;
  const x = inputs.x as TensorInfo;
  const width = x.shape[1];
  const outRows = a.transpose ? a.matrix.numColumns : a.matrix.numRows;
  const out = allocateOutput(backend, [outRows, width]);
  spmmInto(a, viewOf<Float32Array>(backend, x), viewOf<Float32Array>(backend, out), width);
  return out;
};

function runSpmm(x: Tensor, attrs: SpmmAttrs): Tensor2D {
  registerDirectKernel(SPARSE_DENSE_MATMUL, spmmKernel, {
    kernelName: SPARSE_DENSE_MATMUL,
    gradFunc: (dy, _saved, gradAttrs) => {
      const g = gradAttrs as unknown as SpmmAttrs;
      const back: SpmmAttrs = { matrix: g.matrix, transpose: !g.transpose, inputWidths: g.outputWidths, outputWidths: g.inputWidths };
      return { x: () => runSpmm(dy as Tensor, back) };
    },
  });
  return tf.engine().runKernel(SPARSE_DENSE_MATMUL, { x }, attrs as unknown as NamedAttrMap) as Tensor2D;
}

const edgeTensors = new WeakMap<CsrMatrix, { rows: Tensor; columns: Tensor; values: Tensor }>();

function widthMask(widths: Int32Array, width: number): Tensor {
  const mask = new Float32Array(widths.length * width);
  for (let r = 0; r < widths.length; r++) mask.fill(1, r * width, r * width + Math.min(widths[r], width));
  return tf.tensor2d(mask, [widths.length, width]);
}

/** Generic path for backends without direct kernels (tfjs-node, webgl): native gather + segment sum. */
function compositeSpmm(matrix: CsrMatrix, x: Tensor2D, attrs: SpmmAttrs): Tensor2D {
  let edges = edgeTensors.get(matrix);
  if (!edges) {
    const rowOf = new Int32Array(matrix.columnIndices.length);
    for (let r = 0; r < matrix.numRows; r++) rowOf.fill(r, matrix.rowPointers[r], matrix.rowPointers[r + 1]);
    edges = tf.tidy(() => ({
      rows: tf.keep(tf.tensor1d(rowOf, 'int32')),
      columns: tf.keep(tf.tensor1d(matrix.columnIndices, 'int32')),
      values: tf.keep(tf.reshape(tf.tensor1d(matrix.values), [-1, 1])),
    }));
    edgeTensors.set(matrix, edges);
  }
  const e = edges;
  return tf.tidy(() => {
    const input = attrs.inputWidths ? tf.mul(x, widthMask(attrs.inputWidths, x.shape[1])) : x;
    const [from, to, n] = attrs.transpose ? [e.rows, e.columns, matrix.numColumns] : [e.columns, e.rows, matrix.numRows];
    const out = tf.unsortedSegmentSum(tf.mul(tf.gather(input, from as tf.Tensor1D), e.values), to as tf.Tensor1D, n) as Tensor2D;
    return attrs.outputWidths ? tf.mul(out, widthMask(attrs.outputWidths, x.shape[1])) : out;
  });
}

/**
 * `matrix · x` (or `matrixᵀ · x`) for a CSR matrix and a dense float32 `[n, d]` tensor,
 * as one registered kernel with a registered gradient (the transposed product) on the
 * cpu and wasm backends. Work is one multiply-add per non-zero and kept column, with no
 * edge-sized tensors; other backends use native gather + segment-sum.
 *
 * @example
 * const next = sparseDenseMatMul(adjacency, layer); // one LightGCN propagation
 */
export function sparseDenseMatMul(matrix: CsrMatrix, x: Tensor2D, options: SparseDenseMatMulOptions = {}): Tensor2D {
  const transpose = options.transpose ?? false;
  const inRows = transpose ? matrix.numRows : matrix.numColumns;
  const outRows = transpose ? matrix.numColumns : matrix.numRows;
  if (x.rank !== 2 || x.shape[0] !== inRows) {
    throw new RangeError(`sparseDenseMatMul: x has shape [${x.shape}], expected [${inRows}, d] for a ${matrix.numRows} x ${matrix.numColumns} matrix${transpose ? ' (transposed)' : ''}`);
  }
  if (x.dtype !== 'float32') throw new TypeError(`sparseDenseMatMul: x must be float32 (got ${x.dtype})`);
  if (options.inputWidths && options.inputWidths.length !== inRows) {
    throw new RangeError(`sparseDenseMatMul: inputWidths has length ${options.inputWidths.length}, expected ${inRows}`);
  }
  if (options.outputWidths && options.outputWidths.length !== outRows) {
    throw new RangeError(`sparseDenseMatMul: outputWidths has length ${options.outputWidths.length}, expected ${outRows}`);
  }
  const attrs: SpmmAttrs = { matrix, transpose, inputWidths: options.inputWidths ?? null, outputWidths: options.outputWidths ?? null };
  return usesDirectKernels() ? runSpmm(x, attrs) : compositeSpmm(matrix, x, attrs);
}
