/** The parts of a WebAssembly.Memory the kernels use (the ES2022 lib has no WebAssembly types). */
export interface KernelMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

/** The parts of the WebAssembly namespace the kernels use (the ES2022 lib has no WebAssembly types). */
export interface WebAssemblyApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: { [name: string]: unknown } };
}

/** A compiled SIMD WebAssembly kernel module with its own linear memory. */
export interface WasmKernelModule {
  readonly memory: KernelMemory;
  readonly exports: { readonly [name: string]: unknown };
  /** Whatever the caller last left resident at the start of the memory (a cache key). */
  resident: unknown;
}

const modules = new Map<string, WasmKernelModule | null>();
let enabled = true;

/** Switches the SIMD modules off (true) or back on, so tests can cover the plain JS loops. */
export function setWasmKernelsEnabled(on: boolean): void {
  enabled = on;
}

/** Whether the SIMD modules are switched on (see {@link setWasmKernelsEnabled}). */
export function wasmKernelsEnabled(): boolean {
  return enabled;
}

/** The bytes of a base64 string (Buffer in Node, atob elsewhere). */
export function decodeBase64(text: string): Uint8Array {
  if (typeof Buffer !== 'undefined') return new Uint8Array(Buffer.from(text, 'base64'));
  return Uint8Array.from(atob(text), (ch) => ch.charCodeAt(0));
}

/** Instantiates (once) a module from base64, or returns null where WebAssembly SIMD is unavailable. */
export function loadWasmKernelModule(base64: string): WasmKernelModule | null {
  if (!enabled) return null;
  const cached = modules.get(base64);
  if (cached !== undefined) return cached;
  let module: WasmKernelModule | null = null;
  try {
    const api = (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly;
    const bytes = decodeBase64(base64);
    if (api && api.validate(bytes)) {
      const instance = new api.Instance(new api.Module(bytes), {});
      module = { memory: instance.exports.memory as KernelMemory, exports: instance.exports, resident: null };
    }
  } catch {
    module = null;
  }
  modules.set(base64, module);
  return module;
}

/** Grows the module's memory to at least `bytes`; returns the (possibly new) buffer. Growing forgets what was resident. */
export function reserveBytes(module: WasmKernelModule, bytes: number): ArrayBuffer {
  const have = module.memory.buffer.byteLength;
  if (bytes > have) {
    module.memory.grow(Math.ceil((bytes - have) / 65536));
    module.resident = null;
  }
  return module.memory.buffer;
}
