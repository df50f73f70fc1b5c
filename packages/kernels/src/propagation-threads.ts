import { PROPAGATION_SHARED_WASM_BASE64 } from './propagation-shared-wasm-binary.js';
import type { KernelMemory, WasmKernelModule } from './wasm-module.js';
import { decodeBase64, wasmKernelsEnabled } from './wasm-module.js';

/** The arguments of the module's `spmm` (byte offsets into its memory), as the step passes them. */
export interface SpmmArguments {
  readonly rp: number;
  readonly ci: number;
  readonly vals: number;
  readonly inW: number;
  readonly outW: number;
  readonly x: number;
  readonly out: number;
  readonly rows: number;
  readonly stride: number;
  readonly acc: number;
  readonly init: number;
  readonly alpha: number;
  /** Thread 0's edge list; thread t's is `list + t * listBytes`. */
  readonly list: number;
  readonly listBytes: number;
}

type SpmmExport = (
  rp: number, ci: number, vals: number, inW: number, outW: number, x: number, out: number, rows: number, stride: number, acc: number, init: number, alpha: number, list: number,
) => void;

interface WebAssemblyThreadsApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: { [name: string]: unknown } };
  Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => KernelMemory;
}

/** The slots of the control block (an Int32Array on its own SharedArrayBuffer); the worker gets them in workerData. */
const SLOTS = {
  /** Bumped once per posted spmm; workers sleep on it. */
  generation: 0,
  /** The next chunk to claim (chunks or more: nothing to claim). */
  next: 1,
  /** Chunks finished in the current spmm; the main thread sleeps on it. */
  done: 2,
  /** Non-zero: workers leave their loop. */
  stop: 3,
  /** Workers that instantiated the module and entered their loop. */
  ready: 4,
  /** Set by a worker whose spmm trapped. */
  error: 5,
  /** The spmm arguments (14 slots, alpha as float32 bits). */
  args: 6,
  /** chunks + 1 row boundaries. */
  bounds: 20,
} as const;

let compiled: object | null | undefined;

/** The shared-memory module, compiled once, or null where WebAssembly threads or SharedArrayBuffer are unavailable. */
function sharedModule(api: WebAssemblyThreadsApi | undefined): object | null {
  if (typeof SharedArrayBuffer !== 'function' || typeof Atomics !== 'object') return null;
  if (compiled !== undefined) return compiled;
  compiled = null;
  try {
    const bytes = decodeBase64(PROPAGATION_SHARED_WASM_BASE64);
    if (api && typeof SharedArrayBuffer === 'function' && typeof Atomics === 'object' && api.validate(bytes)) compiled = new api.Module(bytes);
  } catch {
    compiled = null;
  }
  return compiled;
}

/**
 * Row chunks of about equal work (edges + 1 per row): `min(rows, 8 x threads)` of them, so
 * threads that finish early take more and a thread slowed by other load holds up little.
 */
export function balancedRowChunks(rowPointers: Int32Array, rows: number, chunks: number): Int32Array {
  const count = Math.max(1, Math.min(rows, chunks));
  const bounds = new Int32Array(count + 1);
  const total = rowPointers[rows] + rows;
  let r = 0;
  for (let c = 1; c < count; c++) {
    const target = (total * c) / count;
    while (r < rows && rowPointers[r] + r < target) r++;
    bounds[c] = Math.max(r, bounds[c - 1]);
  }
  bounds[count] = rows;
  return bounds;
}

/**
 * The propagation module on a shared memory, with `threads - 1` worker threads that run
 * row chunks of each `spmm` beside the calling thread. Every output row is computed by
 * exactly one thread with the same code, so results are those of one thread bit for bit.
 * Workers start asynchronously; until they are up (or if they never come up, e.g. where
 * `node:worker_threads` is missing) the calling thread claims every chunk itself.
 */
export class SpmmThreads {
  /** The module instance of the calling thread, on the shared memory. */
  readonly module: WasmKernelModule;
  private readonly control: Int32Array;
  private readonly controlFloats: Float32Array;
  private readonly bounds: Int32Array;
  private readonly chunks: number;
  private readonly spmm: SpmmExport;
  private workers: { terminate(): Promise<number> }[] = [];
  private disposed = false;
  private readonly started: Promise<number>;

  private constructor(api: WebAssemblyThreadsApi, compiledModule: object, private readonly requested: number, rowPointers: Int32Array, rows: number) {
    const memory = new api.Memory({ initial: 1, maximum: 65536, shared: true });
    const instance = new api.Instance(compiledModule, { env: { memory } });
    this.module = { memory, exports: instance.exports, resident: null };
    this.spmm = instance.exports.spmm as SpmmExport;
    this.bounds = balancedRowChunks(rowPointers, rows, 8 * requested);
    this.chunks = this.bounds.length - 1;
    const control = new SharedArrayBuffer(4 * (SLOTS.bounds + this.bounds.length));
    this.control = new Int32Array(control);
    this.controlFloats = new Float32Array(control);
    this.control.set(this.bounds, SLOTS.bounds);
    this.control[SLOTS.next] = this.chunks; // nothing to claim yet
    this.started = this.start(compiledModule, memory, control);
  }

  /**
   * A pool for `threads` threads in all (the caller's included) over a CSR matrix with
   * `rows` rows, or null where WebAssembly threads, SharedArrayBuffer or the SIMD kernels
   * are unavailable (the caller then keeps its one-thread path).
   */
  static create(threads: number, rowPointers: Int32Array, rows: number): SpmmThreads | null {
    if (!wasmKernelsEnabled() || threads < 2 || rows < 2) return null;
    const api = (globalThis as { WebAssembly?: WebAssemblyThreadsApi }).WebAssembly;
    const compiledModule = sharedModule(api);
    if (!api || !compiledModule) return null;
    try {
      return new SpmmThreads(api, compiledModule, threads, rowPointers, rows);
    } catch {
      return null; // e.g. a shared memory this engine will not reserve
    }
  }

  private async start(compiledModule: object, memory: KernelMemory, control: SharedArrayBuffer): Promise<number> {
    let threads: typeof import('node:worker_threads');
    try {
      threads = await import('node:worker_threads');
    } catch {
      return 1; // no worker threads here: the calling thread does all the work
    }
    if (this.disposed) return 1;
    const file = new URL(/\.[mc]?ts$/.test(new URL(import.meta.url).pathname) ? './propagation-worker.mjs' : './propagation-worker.js', import.meta.url);
    let exited = 0;
    let warned = false;
    const warn = (error: unknown) => {
      if (warned) return;
      warned = true;
      process.emitWarning(`propagation step: a worker thread failed (${(error as Error)?.message ?? String(error)}); its rows go to the other threads`, 'ScallKernelsWarning');
    };
    for (let index = 1; index < this.requested; index++) {
      let worker: import('node:worker_threads').Worker;
      try {
        worker = new threads.Worker(file, { workerData: { module: compiledModule, memory, control, chunks: this.chunks, index, slots: SLOTS }, execArgv: [] }); // plain JS: no loaders or flags of the parent needed
      } catch (error) {
        warn(error);
        break;
      }
      worker.unref(); // an idle pool never keeps the process alive
      worker.on('error', warn);
      worker.once('exit', () => exited++);
      this.workers.push(worker);
    }
    // Up when every worker entered its loop or exited (a worker that failed to start).
    await new Promise<void>((resolve) => {
      const poll = () => (this.disposed || Atomics.load(this.control, SLOTS.ready) + exited >= this.workers.length ? resolve() : setTimeout(poll, 2)); // ref'd: an awaited ready() keeps the process alive until it settles
      poll();
    });
    return this.threads;
  }

  /** Threads working on each spmm now: the caller plus the workers that are up. */
  get threads(): number {
    return this.disposed ? 1 : 1 + Atomics.load(this.control, SLOTS.ready);
  }

  /** Resolves, once the workers are up (or failed to start), with {@link threads}. */
  ready(): Promise<number> {
    return this.started.then(() => this.threads);
  }

  /**
   * Runs one `spmm` over all rows, in row chunks claimed by whichever thread is free;
   * returns when every chunk is done. Throws (naming the cause) if a worker's spmm trapped.
   */
  run(a: SpmmArguments): void {
    if (this.disposed) {
      this.spmm(a.rp, a.ci, a.vals, a.inW, a.outW, a.x, a.out, a.rows, a.stride, a.acc, a.init, a.alpha, a.list);
      return;
    }
    const ctl = this.control;
    const at = SLOTS.args;
    ctl[at] = a.rp;
    ctl[at + 1] = a.ci;
    ctl[at + 2] = a.vals;
    ctl[at + 3] = a.inW;
    ctl[at + 4] = a.outW;
    ctl[at + 5] = a.x;
    ctl[at + 6] = a.out;
    ctl[at + 7] = a.stride;
    ctl[at + 9] = a.acc;
    ctl[at + 10] = a.init;
    this.controlFloats[at + 11] = a.alpha;
    ctl[at + 12] = a.list;
    ctl[at + 13] = a.listBytes;
    // The seq-cst stores order the arguments before the chunks become claimable.
    Atomics.store(ctl, SLOTS.done, 0);
    Atomics.store(ctl, SLOTS.next, 0);
    Atomics.add(ctl, SLOTS.generation, 1);
    if (Atomics.load(ctl, SLOTS.ready) > 0) Atomics.notify(ctl, SLOTS.generation);
    const rowBytes = 4 * a.stride;
    for (let c = Atomics.add(ctl, SLOTS.next, 1); c < this.chunks; c = Atomics.add(ctl, SLOTS.next, 1)) {
      const r0 = this.bounds[c];
      const r1 = this.bounds[c + 1];
      this.spmm(
        a.rp + 4 * r0, a.ci, a.vals, a.inW, a.outW + 4 * r0, a.x, a.out + r0 * rowBytes, r1 - r0, a.stride,
        a.acc === 0 ? 0 : a.acc + r0 * rowBytes, a.init === 0 ? 0 : a.init + r0 * rowBytes, a.alpha, a.list,
      );
      Atomics.add(ctl, SLOTS.done, 1);
    }
    // Chunks still running on workers: sleep until the last one is counted.
    let waited = 0;
    for (let done = Atomics.load(ctl, SLOTS.done); done < this.chunks; done = Atomics.load(ctl, SLOTS.done)) {
      if (Atomics.wait(ctl, SLOTS.done, done, 1000) === 'timed-out' && ++waited >= 120) {
        this.dispose();
        throw new Error(`propagation step: a worker thread has not finished its rows of a sparse product for ${waited} s (${done} of ${this.chunks} chunks done); the thread pool is disposed`);
      }
    }
    if (Atomics.load(ctl, SLOTS.error) !== 0) {
      Atomics.store(ctl, SLOTS.error, 0);
      throw new Error('propagation step: the spmm of a worker thread trapped (an out-of-bounds access in the shared module memory)');
    }
  }

  /** Stops and terminates the workers; later {@link run}s use the calling thread alone. Idempotent. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    Atomics.store(this.control, SLOTS.stop, 1);
    Atomics.store(this.control, SLOTS.next, this.chunks); // nothing left to claim, ever
    Atomics.add(this.control, SLOTS.generation, 1);
    Atomics.notify(this.control, SLOTS.generation);
    for (const worker of this.workers) void worker.terminate();
    this.workers = [];
  }
}
