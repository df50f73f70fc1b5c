import { allocateOutput, viewOf } from '@scall/backend-memory';
import * as tf from '@tensorflow/tfjs';

/** Backends that receive the linear-time `UnsortedSegmentSum` kernel. */
export type SegmentSumBackend = 'cpu' | 'wasm';

/** The backends {@link registerSegmentSumKernels} patches by default. */
export const SEGMENT_SUM_BACKENDS: readonly SegmentSumBackend[] = ['cpu', 'wasm'];

const KERNEL = 'UnsortedSegmentSum';

/**
 * Sums the rows of `x` (a `rows x inner` row-major array) into `numSegments` rows by
 * `segmentIds`, in one pass over the input: O(rows x inner). Rows whose id lies outside
 * `[0, numSegments)` are dropped, as tfjs's stock kernels do.
 */
export function segmentSumValues<T extends Float32Array | Int32Array>(
  x: T,
  segmentIds: Int32Array,
  numSegments: number,
  out: T,
): T {
  const rows = segmentIds.length;
  const inner = rows === 0 ? 0 : x.length / rows;
  for (let r = 0; r < rows; r++) {
    const s = segmentIds[r];
    if (s < 0 || s >= numSegments) continue;
    const from = r * inner;
    const to = s * inner;
    for (let j = 0; j < inner; j++) out[to + j] += x[from + j];
  }
  return out;
}

const kernelFunc: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, segmentIds } = inputs as { x: tf.TensorInfo; segmentIds: tf.TensorInfo };
  const numSegments = (attrs as { numSegments: number }).numSegments;
  if (!(Number.isInteger(numSegments) && numSegments >= 0)) {
    throw new RangeError(`UnsortedSegmentSum: numSegments must be a non-negative integer, got ${numSegments}`);
  }
  const idShape = segmentIds.shape;
  for (let d = 0; d < idShape.length; d++) {
    if (x.shape[d] !== idShape[d]) {
      throw new RangeError(
        `UnsortedSegmentSum: segmentIds shape [${idShape.join(', ')}] must be a prefix of x shape [${x.shape.join(', ')}]`,
      );
    }
  }
  if (x.dtype !== 'float32' && x.dtype !== 'int32') {
    throw new TypeError(`UnsortedSegmentSum: x must be float32 or int32, got ${x.dtype}`);
  }
  const shape = [numSegments, ...x.shape.slice(idShape.length)];
  // Read and write the backend's own memory (the wasm heap, cpu's arrays): no 40 MB copies
  // at LightGCN size. The output first: allocating on wasm may grow the heap.
  const output = allocateOutput(backend, shape, x.dtype);
  const out = viewOf<Float32Array | Int32Array>(backend, output);
  const source = viewOf<Float32Array | Int32Array>(backend, x);
  const rawIds = viewOf<Int32Array | Float32Array>(backend, segmentIds);
  segmentSumValues(source, rawIds instanceof Int32Array ? rawIds : Int32Array.from(rawIds), numSegments, out);
  return output;
};

/**
 * Registers a linear-time `UnsortedSegmentSum` kernel for the cpu and wasm backends
 * (replacing cpu's O(segments x rows) one, adding the one wasm lacks: tfjs#8082). That
 * kernel is the gradient of `tf.gather`, so embedding training needs it. Idempotent;
 * {@link initTf} calls it after selecting a backend.
 *
 * @example
 * registerSegmentSumKernels();
 * tf.unsortedSegmentSum(tf.tensor1d([1, 2, 3]), tf.tensor1d([0, 1, 0], 'int32'), 2); // [4, 2]
 */
export function registerSegmentSumKernels(backends: readonly SegmentSumBackend[] = SEGMENT_SUM_BACKENDS): void {
  for (const backendName of backends) {
    if (!SEGMENT_SUM_BACKENDS.includes(backendName)) {
      throw new RangeError(`registerSegmentSumKernels: unsupported backend "${backendName}" (expected one of ${SEGMENT_SUM_BACKENDS.join(', ')})`);
    }
    const existing = tf.getKernel(KERNEL, backendName);
    if (existing?.kernelFunc === kernelFunc) continue;
    if (existing) tf.unregisterKernel(KERNEL, backendName);
    tf.registerKernel({ kernelName: KERNEL, backendName, kernelFunc });
  }
}

/** Whether the linear-time kernel of this package is the one registered for `backend`. */
export function hasSegmentSumKernel(backend: SegmentSumBackend): boolean {
  return tf.getKernel(KERNEL, backend)?.kernelFunc === kernelFunc;
}
