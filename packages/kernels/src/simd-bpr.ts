import { BPR_WASM_BASE64 } from './bpr-wasm-binary.js';
import { loadWasmKernelModule, reserveBytes } from './wasm-module.js';

type DiffExport = (x: number, users: number, pos: number, neg: number, batch: number, width: number, diff: number) => void;
type GradExport = (x: number, users: number, pos: number, neg: number, coef: number, batch: number, width: number, g: number) => void;

/** A BPR batch resident in the SIMD module's memory. */
export interface SimdBprBatch {
  /** `<x_u, x_n - x_p>` per triple (a view into module memory, valid until the next call). */
  readonly diff: Float32Array;
  /** Writes `sum_b coef[b] * d/dx <x_u, x_n - x_p>` into `g` (coefficients rounded to float32). */
  gradient(coef: ArrayLike<number>, g: Float32Array): void;
}

/**
 * Copies `x` and the batch into the BPR SIMD module and computes the score differences;
 * returns null where WebAssembly SIMD is unavailable.
 */
export function simdBprBatch(x: Float32Array, numRows: number, width: number, users: Int32Array, positives: Int32Array, negatives: Int32Array): SimdBprBatch | null {
  const m = loadWasmKernelModule(BPR_WASM_BASE64);
  if (!m) return null;
  const batch = users.length;
  const xAt = 0;
  const usersAt = 4 * numRows * width;
  const posAt = usersAt + 4 * batch;
  const negAt = posAt + 4 * batch;
  const diffAt = negAt + 4 * batch;
  const coefAt = diffAt + 4 * batch;
  const gAt = coefAt + 4 * batch;
  const buffer = reserveBytes(m, gAt + 4 * numRows * width);
  new Float32Array(buffer, xAt, numRows * width).set(x.subarray(0, numRows * width));
  new Int32Array(buffer, usersAt, batch).set(users);
  new Int32Array(buffer, posAt, batch).set(positives);
  new Int32Array(buffer, negAt, batch).set(negatives);
  (m.exports.bpr_diff as DiffExport)(xAt, usersAt, posAt, negAt, batch, width, diffAt);
  return {
    diff: new Float32Array(buffer, diffAt, batch),
    gradient(coef: ArrayLike<number>, g: Float32Array): void {
      new Float32Array(buffer, coefAt, batch).set(coef);
      const grad = new Float32Array(buffer, gAt, numRows * width);
      grad.fill(0);
      (m.exports.bpr_grad as GradExport)(xAt, usersAt, posAt, negAt, coefAt, batch, width, gAt);
      g.set(grad);
    },
  };
}
