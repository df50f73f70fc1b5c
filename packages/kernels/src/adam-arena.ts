import { ADAM_WASM_BASE64 } from './adam-wasm-binary.js';
import type { AdamStepSettings } from './propagation-step.js';
import { adamRangeSettings } from './propagation-threads.js';
import type { KernelMemory, WebAssemblyApi } from './wasm-module.js';
import { decodeBase64, wasmKernelsEnabled } from './wasm-module.js';

/**
 * A model's parameters, gradient and Adam moments as four float32 arrays in a WebAssembly
 * memory of their own, so the Adam update runs there in SIMD (see {@link createAdamArena}).
 * The arrays are ordinary `Float32Array`s for every other reader and writer.
 */
export interface AdamArena {
  readonly parameters: Float32Array;
  readonly gradient: Float32Array;
  readonly firstMoment: Float32Array;
  readonly secondMoment: Float32Array;
  /**
   * One Adam update (PyTorch's, as `adamUpdate` of `@scall/plugin-utils`: bias-corrected
   * moments, epsilon after the square root) of `values` in place, when the four arrays are
   * this arena's own, in that order; returns false, changing nothing, for any other arrays
   * (the caller then applies its own Adam). Every entry gets `adamUpdate`'s float64
   * expressions in the same order, two entries per SIMD lane pair, so the result equals it
   * bit for bit.
   */
  adamUpdate(values: Float32Array, gradient: Float32Array, firstMoment: Float32Array, secondMoment: Float32Array, step: AdamStepSettings): boolean;
}

type AdamExport = (p: number, g: number, m: number, v: number, from: number, to: number, beta1: number, beta2: number, stepSize: number, sqrtBc2: number, epsilon: number) => void;

/** The most float32 values of each array an arena holds: four arrays within one 4 GiB wasm32 memory. */
const MAX_LENGTH = Math.floor((65536 * 65536 - 64) / 16);

let compiled: { api: WebAssemblyApi; module: object } | null | undefined;

/** The Adam module, compiled once, with the API that compiled it; null where WebAssembly SIMD is unavailable. */
function adamModule(): { api: WebAssemblyApi; module: object } | null {
  if (compiled !== undefined) return compiled;
  compiled = null;
  try {
    const api = (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly;
    const bytes = decodeBase64(ADAM_WASM_BASE64);
    if (api && api.validate(bytes)) compiled = { api, module: new api.Module(bytes) };
  } catch {
    compiled = null;
  }
  return compiled;
}

class WasmAdamArena implements AdamArena {
  readonly parameters: Float32Array;
  readonly gradient: Float32Array;
  readonly firstMoment: Float32Array;
  readonly secondMoment: Float32Array;

  constructor(private readonly update: AdamExport, memory: KernelMemory, length: number) {
    const buffer = memory.buffer;
    [this.parameters, this.gradient, this.firstMoment, this.secondMoment] = [0, 1, 2, 3].map((k) => new Float32Array(buffer, arrayOffset(k, length), length));
  }

  adamUpdate(values: Float32Array, gradient: Float32Array, firstMoment: Float32Array, secondMoment: Float32Array, step: AdamStepSettings): boolean {
    if (values !== this.parameters || gradient !== this.gradient || firstMoment !== this.firstMoment || secondMoment !== this.secondMoment) return false;
    const a = adamRangeSettings(step);
    this.update(values.byteOffset, gradient.byteOffset, firstMoment.byteOffset, secondMoment.byteOffset, 0, values.length, a.beta1, a.beta2, a.stepSize, a.sqrtBc2, a.epsilon);
    return true;
  }
}

/** Byte offset of array k (parameters, gradient, first, second moment) of an arena of `length` values: 16-byte aligned. */
function arrayOffset(k: number, length: number): number {
  return k * Math.ceil((4 * length) / 16) * 16;
}

/**
 * Four zero-filled float32 arrays of `length` values — parameters, gradient, first and
 * second Adam moment — in one WebAssembly memory of their own, with an Adam update that
 * runs on them there in SIMD (about 0.3x the time of the JavaScript loop, the same bits).
 * Allocate a model's arrays from it and pass {@link AdamArena.adamUpdate} as the Adam
 * executor (e.g. `RaggedAdam.applyWith`). Returns null where WebAssembly SIMD is
 * unavailable, the SIMD kernels are switched off, or `length` is beyond what a wasm32
 * memory holds: then allocate plain arrays and apply the JavaScript Adam. The memory is
 * freed with the arena (no dispose); it is never grown, so the arrays never detach.
 *
 * @example
 * const arena = createAdamArena(parameters.length);
 * const p = arena?.parameters ?? new Float32Array(n);
 * // ... after each gradient: arena?.adamUpdate(p, g, m, v, { learningRate, beta1, beta2, epsilon, step }) || adamUpdate(p, g, m, v, ...)
 */
export function createAdamArena(length: number): AdamArena | null {
  if (!(Number.isInteger(length) && length >= 0)) throw new RangeError(`createAdamArena: length must be a non-negative integer (got ${String(length)})`);
  if (!wasmKernelsEnabled() || length > MAX_LENGTH) return null;
  const compiledModule = adamModule();
  if (!compiledModule) return null;
  try {
    const instance = new compiledModule.api.Instance(compiledModule.module, {});
    const memory = instance.exports.memory as KernelMemory;
    const bytes = arrayOffset(4, length);
    const have = memory.buffer.byteLength;
    if (bytes > have) memory.grow(Math.ceil((bytes - have) / 65536));
    return new WasmAdamArena(instance.exports.adam as AdamExport, memory, length);
  } catch {
    return null; // a memory this engine will not reserve
  }
}
