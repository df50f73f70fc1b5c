import type { DataType, TensorInfo, TypedArray } from '@tensorflow/tfjs-core';

/** The backends whose memory {@link viewOf} and {@link allocateOutput} reach directly. */
export const DIRECT_BACKENDS = ['cpu', 'wasm'] as const;

/** The dtypes {@link allocateOutput} allocates. */
export type OutputDType = 'float32' | 'int32';

/** The wasm backend's heap access: views without copies, outputs allocated in place. */
interface WasmLike {
  typedArrayFromHeap(info: TensorInfo): TypedArray;
  makeOutput(shape: number[], dtype: DataType): TensorInfo;
}
/** The cpu backend's data store: plain typed arrays per tensor. */
interface CpuLike {
  data: { get(dataId: object): { values?: unknown } };
  makeTensorInfo(shape: number[], dtype: DataType, values: TypedArray): TensorInfo;
}

function isWasm(backend: object): boolean {
  return typeof (backend as unknown as Partial<WasmLike>).typedArrayFromHeap === 'function';
}

/**
 * Allocates a zero-filled output of `shape` on `backend` (cpu or wasm), float32 unless
 * `dtype` says `'int32'`. On wasm the heap may grow here, which detaches earlier views:
 * allocate outputs before viewing inputs.
 *
 * @example
 * // inside a kernelFunc({ inputs, backend }):
 * const output = allocateOutput(backend, [rows, width]);
 * const out = viewOf<Float32Array>(backend, output);
 * const x = viewOf<Float32Array>(backend, inputs.x);
 * // ... write into out ...
 * return output;
 */
export function allocateOutput(backend: object, shape: number[], dtype: OutputDType = 'float32'): TensorInfo {
  if (isWasm(backend)) {
    const wasm = backend as unknown as WasmLike;
    const info = wasm.makeOutput(shape, dtype);
    wasm.typedArrayFromHeap(info).fill(0);
    return info;
  }
  let size = 1;
  for (const d of shape) size *= d;
  return (backend as unknown as CpuLike).makeTensorInfo(shape, dtype, dtype === 'int32' ? new Int32Array(size) : new Float32Array(size));
}

/**
 * A view of a tensor's values in the backend's own memory: the wasm heap, or the cpu
 * backend's array. No copy: writes show in the tensor.
 *
 * @example
 * const values = viewOf<Float32Array>(tf.backend(), tensor); // tensor.dataSync() without the copy
 * @throws {Error} when the backend holds no readable values for the tensor.
 */
export function viewOf<T extends TypedArray>(backend: object, info: TensorInfo): T {
  if (isWasm(backend)) return (backend as unknown as WasmLike).typedArrayFromHeap(info) as T;
  const values = (backend as unknown as CpuLike).data.get(info.dataId).values;
  if (!values || typeof (values as TypedArray).length !== 'number') {
    throw new Error(`@scall/backend-memory: tensor of dtype ${info.dtype} has no readable values on this backend`);
  }
  return values as T;
}
