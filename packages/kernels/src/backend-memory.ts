import type { DataType, TensorInfo, TypedArray } from '@tensorflow/tfjs-core';

/** The backends whose memory the kernels read and write directly. */
export const DIRECT_BACKENDS = ['cpu', 'wasm'] as const;

interface WasmLike {
  typedArrayFromHeap(info: TensorInfo): TypedArray;
  makeOutput(shape: number[], dtype: DataType): TensorInfo;
}
interface CpuLike {
  data: { get(dataId: object): { values?: unknown } };
  makeTensorInfo(shape: number[], dtype: DataType, values: TypedArray): TensorInfo;
}

function isWasm(backend: object): boolean {
  return typeof (backend as unknown as Partial<WasmLike>).typedArrayFromHeap === 'function';
}

/**
 * Allocates a zero-filled float32 output on `backend`. On wasm the heap may grow here,
 * which detaches earlier views: allocate outputs before viewing inputs.
 */
export function allocateOutput(backend: object, shape: number[]): TensorInfo {
  if (isWasm(backend)) {
    const wasm = backend as unknown as WasmLike;
    const info = wasm.makeOutput(shape, 'float32');
    (wasm.typedArrayFromHeap(info) as Float32Array).fill(0);
    return info;
  }
  let size = 1;
  for (const d of shape) size *= d;
  return (backend as unknown as CpuLike).makeTensorInfo(shape, 'float32', new Float32Array(size));
}

/** A view of a tensor's values in the backend's own memory (no copy on cpu and wasm). */
export function viewOf<T extends TypedArray>(backend: object, info: TensorInfo): T {
  if (isWasm(backend)) return (backend as unknown as WasmLike).typedArrayFromHeap(info) as T;
  const values = (backend as unknown as CpuLike).data.get(info.dataId).values;
  if (!values || typeof (values as TypedArray).length !== 'number') {
    throw new Error(`@scall/kernels: tensor of dtype ${info.dtype} has no readable values on this backend`);
  }
  return values as T;
}
