import * as tf from '@tensorflow/tfjs';

/** Backends that receive the linear-time `UnsortedSegmentSum` kernel. */
export type SegmentSumBackend = 'cpu' | 'wasm';

/** The backends {@link registerSegmentSumKernels} patches by default. */
export const SEGMENT_SUM_BACKENDS: readonly SegmentSumBackend[] = ['cpu', 'wasm'];

const KERNEL = 'UnsortedSegmentSum';

type Values = Float32Array | Int32Array | Uint8Array;

/** The slice of a tfjs backend this kernel needs (both cpu and wasm provide it). */
interface ReadWriteBackend {
  readSync(dataId: object): unknown;
  write(values: Values, shape: number[], dtype: tf.DataType): object;
}

/** The wasm backend's heap access: views without copies, outputs allocated in place. */
interface HeapBackend {
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array | Int32Array;
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
}

function isHeapBackend(backend: unknown): backend is HeapBackend {
  const b = backend as Partial<HeapBackend>;
  return typeof b.typedArrayFromHeap === 'function' && typeof b.makeOutput === 'function';
}

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
  const innerShape = x.shape.slice(idShape.length);
  const shape = [numSegments, ...innerShape];
  if (isHeapBackend(backend)) {
    // wasm: read and write the heap directly (no 40 MB copies at LightGCN size)
    const output = backend.makeOutput(shape, x.dtype);
    const out = backend.typedArrayFromHeap(output);
    out.fill(0);
    const source = backend.typedArrayFromHeap(x);
    const heapIds = backend.typedArrayFromHeap(segmentIds);
    segmentSumValues(source, heapIds instanceof Int32Array ? heapIds : Int32Array.from(heapIds), numSegments, out);
    return output;
  }
  const io = backend as unknown as ReadWriteBackend;
  const values = io.readSync(x.dataId) as Float32Array | Int32Array;
  const rawIds = io.readSync(segmentIds.dataId) as Int32Array | Float32Array;
  const ids = rawIds instanceof Int32Array ? rawIds : Int32Array.from(rawIds);
  const inner = innerShape.reduce((a, b) => a * b, 1);
  const out = x.dtype === 'int32' ? new Int32Array(numSegments * inner) : new Float32Array(numSegments * inner);
  const source = x.dtype === 'int32' && !(values instanceof Int32Array) ? Int32Array.from(values) : values;
  segmentSumValues(source as typeof out, ids, numSegments, out);
  return { dataId: io.write(out, shape, x.dtype), shape, dtype: x.dtype };
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
