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
  /** Bumped once per posted job; workers sleep on it. */
  generation: 0,
  /** The next chunk to claim (chunks or more: nothing to claim). */
  next: 1,
  /** Chunks finished in the current job; the main thread sleeps on it. */
  done: 2,
  /** Non-zero: workers leave their loop. */
  stop: 3,
  /** Workers that instantiated the module and entered their loop. */
  ready: 4,
  /** Set by a worker whose chunk trapped. */
  error: 5,
  /** The job's arguments (14 slots; spmm's alpha as float32 bits). */
  args: 6,
  /** What the posted job runs: one of {@link OPS}. */
  op: 20,
  /** chunks + 1 row boundaries. */
  bounds: 21,
} as const;

/** Float64 slots of the control block's tail (the Adam job's scalars): beta1, beta2, stepSize, sqrtBc2, epsilon. */
const FLOAT64_SLOTS = 5;

/**
 * The jobs a pool runs, chunk by chunk: `spmm` by row chunk; `bpr_diff` by triple range
 * (chunk c holds triples `floor(batch c / chunks)` up to the next one's start); `bpr_grad`
 * by row ownership (chunk c applies every triple's updates that fall in its rows, with
 * `bpr_grad_rows`), so every row of the gradient is written by one thread in the serial
 * order and the result equals one thread's bit for bit.
 */
const OPS = { spmm: 0, bprDiff: 1, bprGrad: 2, adam: 3 } as const;

/**
 * One Adam update's settings as the pool applies them: PyTorch's bias correction already
 * folded in (`stepSize = lr / (1 - beta1^t)`, `sqrtBc2 = sqrt(1 - beta2^t)`), exactly as
 * `adamUpdate` of `@scall/plugin-utils` computes them.
 */
export interface AdamRangeSettings {
  readonly beta1: number;
  readonly beta2: number;
  readonly stepSize: number;
  readonly sqrtBc2: number;
  readonly epsilon: number;
}

/**
 * PyTorch's bias correction folded into {@link AdamRangeSettings} for step `step` (from 1):
 * the expressions of `adamUpdate` in `@scall/plugin-utils`, so every Adam of this package
 * (the pool's and the arena's) starts from the same float64 values.
 */
export function adamRangeSettings(s: { readonly learningRate: number; readonly beta1: number; readonly beta2: number; readonly epsilon: number; readonly step: number }): AdamRangeSettings {
  return { beta1: s.beta1, beta2: s.beta2, stepSize: s.learningRate / (1 - s.beta1 ** s.step), sqrtBc2: Math.sqrt(1 - s.beta2 ** s.step), epsilon: s.epsilon };
}

/**
 * The Adam update on entries `from` .. `to` - 1, in place, with `adamUpdate`'s arithmetic
 * (float64, the same expressions in the same order) so every thread's range equals one
 * thread's update bit for bit. The worker (propagation-worker.mjs) runs the same loop.
 */
export function adamRange(p: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, a: AdamRangeSettings, from: number, to: number): void {
  const { beta1, beta2, stepSize, sqrtBc2, epsilon } = a;
  for (let j = from; j < to; j++) {
    const gj = g[j];
    const mj = beta1 * m[j] + (1 - beta1) * gj;
    const vj = beta2 * v[j] + (1 - beta2) * gj * gj;
    m[j] = mj;
    v[j] = vj;
    p[j] -= (stepSize * mj) / (Math.sqrt(vj) / sqrtBc2 + epsilon);
  }
}

/** The arguments of the module's `bpr_diff` / `bpr_grad` (byte offsets into its memory). */
export interface BprArguments {
  readonly x: number;
  readonly users: number;
  readonly pos: number;
  readonly neg: number;
  /** `bpr_grad` only (0 for `bpr_diff`). */
  readonly coef: number;
  readonly batch: number;
  readonly width: number;
  /** `diff` for `bpr_diff`, the gradient `g` for `bpr_grad`. */
  readonly out: number;
}

type BprDiffExport = (x: number, users: number, pos: number, neg: number, batch: number, width: number, diff: number) => void;
type BprGradRowsExport = (x: number, users: number, pos: number, neg: number, coef: number, batch: number, width: number, g: number, lo: number, hi: number) => void;

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
 * chunks of each job (`spmm` row chunks, `bpr_diff` triple ranges, `bpr_grad` owned rows)
 * beside the calling thread. Every output row is computed by exactly one thread with the
 * same code, so results are those of one thread bit for bit.
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
  private readonly bprDiff: BprDiffExport;
  private readonly bprGradRows: BprGradRowsExport;
  private workers: { terminate(): Promise<number> }[] = [];
  /** One port per worker: the arrays of the Adam job are posted there (see {@link shareArrays}). */
  private ports: { postMessage(message: unknown): void; close(): void }[] = [];
  /** The arrays last shared with the workers and their registration number (0: none yet). */
  private shared: readonly Float32Array[] = [];
  private sharedId = 0;
  private readonly controlDoubles: Float64Array;
  private disposed = false;
  private readonly started: Promise<number>;

  private constructor(api: WebAssemblyThreadsApi, compiledModule: object, private readonly requested: number, rowPointers: Int32Array, rows: number) {
    const memory = new api.Memory({ initial: 1, maximum: 65536, shared: true });
    const instance = new api.Instance(compiledModule, { env: { memory } });
    this.module = { memory, exports: instance.exports, resident: null };
    this.spmm = instance.exports.spmm as SpmmExport;
    this.bprDiff = instance.exports.bpr_diff as BprDiffExport;
    this.bprGradRows = instance.exports.bpr_grad_rows as BprGradRowsExport;
    this.bounds = balancedRowChunks(rowPointers, rows, 8 * requested);
    this.chunks = this.bounds.length - 1;
    const intBytes = 8 * Math.ceil((4 * (SLOTS.bounds + this.bounds.length)) / 8);
    const control = new SharedArrayBuffer(intBytes + 8 * FLOAT64_SLOTS);
    this.control = new Int32Array(control, 0, intBytes / 4);
    this.controlDoubles = new Float64Array(control, intBytes, FLOAT64_SLOTS);
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
        const channel = new threads.MessageChannel();
        worker = new threads.Worker(file, {
          workerData: { module: compiledModule, memory, control, chunks: this.chunks, index, slots: SLOTS, doubles: this.controlDoubles.byteOffset, port: channel.port2 },
          transferList: [channel.port2 as unknown as import('node:worker_threads').TransferListItem],
          execArgv: [], // plain JS: no loaders or flags of the parent needed
        });
        channel.port1.unref();
        this.ports.push(channel.port1);
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
   * returns when every chunk is done. Throws (naming the cause) if a worker's chunk trapped.
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
    this.post(OPS.spmm, 'a sparse product');
  }

  /** Runs `bpr_diff` over a batch, in triple ranges on every thread (same results as one call). */
  runBprDiff(a: BprArguments): void {
    if (this.disposed) {
      this.bprDiff(a.x, a.users, a.pos, a.neg, a.batch, a.width, a.out);
      return;
    }
    this.setBprArguments(a);
    this.post(OPS.bprDiff, 'the BPR score differences');
  }

  /** Runs `bpr_grad` over a batch, each thread applying the updates of the rows it owns (same results as one call, bit for bit). */
  runBprGrad(a: BprArguments): void {
    if (this.disposed) {
      this.bprGradRows(a.x, a.users, a.pos, a.neg, a.coef, a.batch, a.width, a.out, 0, 0x7fffffff);
      return;
    }
    this.setBprArguments(a);
    this.post(OPS.bprGrad, 'the BPR gradient');
  }

  private setBprArguments(a: BprArguments): void {
    const ctl = this.control;
    const at = SLOTS.args;
    ctl[at] = a.x;
    ctl[at + 1] = a.users;
    ctl[at + 2] = a.pos;
    ctl[at + 3] = a.neg;
    ctl[at + 4] = a.coef;
    ctl[at + 5] = a.batch;
    ctl[at + 6] = a.width;
    ctl[at + 7] = a.out;
  }

  /**
   * Makes `arrays` (each on a SharedArrayBuffer) readable by the workers for the Adam job,
   * once per distinct set; returns their registration number. A worker picks the arrays up
   * from its port (`receiveMessageOnPort`) the first time a job names that number.
   */
  private shareArrays(arrays: readonly Float32Array[]): number {
    if (this.sharedId !== 0 && arrays.length === this.shared.length && arrays.every((a, i) => a === this.shared[i])) return this.sharedId;
    this.sharedId++;
    this.shared = arrays;
    const views = arrays.map((a) => ({ buffer: a.buffer, byteOffset: a.byteOffset, length: a.length }));
    for (const port of this.ports) port.postMessage({ id: this.sharedId, views });
    return this.sharedId;
  }

  /**
   * One Adam update of `p` with gradient `g` and moments `m`, `v` (all the same length, all
   * on SharedArrayBuffers), the entries split into ranges over the threads; each entry
   * gets {@link adamRange}'s update, so the result equals one thread's bit for bit.
   */
  runAdam(p: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, a: AdamRangeSettings): void {
    if (this.disposed || this.ports.length === 0) {
      adamRange(p, g, m, v, a, 0, p.length);
      return;
    }
    const ctl = this.control;
    ctl[SLOTS.args] = this.shareArrays([p, g, m, v]);
    ctl[SLOTS.args + 1] = p.length;
    const d = this.controlDoubles;
    d[0] = a.beta1;
    d[1] = a.beta2;
    d[2] = a.stepSize;
    d[3] = a.sqrtBc2;
    d[4] = a.epsilon;
    this.post(OPS.adam, 'the Adam update');
  }

  /** Chunk c of the posted job, on the calling thread (the worker's `runChunk` is the same). */
  private runChunk(op: number, c: number): void {
    const ctl = this.control;
    const at = SLOTS.args;
    if (op === OPS.spmm) {
      const r0 = this.bounds[c];
      const r1 = this.bounds[c + 1];
      const rowBytes = 4 * ctl[at + 7];
      const acc = ctl[at + 9];
      const init = ctl[at + 10];
      this.spmm(
        ctl[at] + 4 * r0, ctl[at + 1], ctl[at + 2], ctl[at + 3], ctl[at + 4] + 4 * r0, ctl[at + 5], ctl[at + 6] + r0 * rowBytes, r1 - r0, ctl[at + 7],
        acc === 0 ? 0 : acc + r0 * rowBytes, init === 0 ? 0 : init + r0 * rowBytes, this.controlFloats[at + 11], ctl[at + 12],
      );
    } else if (op === OPS.bprDiff) {
      const batch = ctl[at + 5];
      const b0 = Math.floor((batch * c) / this.chunks);
      const b1 = Math.floor((batch * (c + 1)) / this.chunks);
      if (b1 > b0) this.bprDiff(ctl[at], ctl[at + 1] + 4 * b0, ctl[at + 2] + 4 * b0, ctl[at + 3] + 4 * b0, b1 - b0, ctl[at + 6], ctl[at + 7] + 4 * b0);
    } else if (op === OPS.bprGrad) {
      this.bprGradRows(ctl[at], ctl[at + 1], ctl[at + 2], ctl[at + 3], ctl[at + 4], ctl[at + 5], ctl[at + 6], ctl[at + 7], this.bounds[c], this.bounds[c + 1]);
    } else {
      const n = ctl[at + 1];
      const [p, g, m, v] = this.shared;
      const d = this.controlDoubles;
      adamRange(p, g, m, v, { beta1: d[0], beta2: d[1], stepSize: d[2], sqrtBc2: d[3], epsilon: d[4] }, Math.floor((n * c) / this.chunks), Math.floor((n * (c + 1)) / this.chunks));
    }
  }

  /** Makes the job whose arguments are set claimable, runs chunks beside the workers, and waits for the last one. */
  private post(op: number, what: string): void {
    const ctl = this.control;
    ctl[SLOTS.op] = op;
    // The seq-cst stores order the arguments and the op before the chunks become claimable.
    Atomics.store(ctl, SLOTS.done, 0);
    Atomics.store(ctl, SLOTS.next, 0);
    Atomics.add(ctl, SLOTS.generation, 1);
    if (Atomics.load(ctl, SLOTS.ready) > 0) Atomics.notify(ctl, SLOTS.generation);
    for (let c = Atomics.add(ctl, SLOTS.next, 1); c < this.chunks; c = Atomics.add(ctl, SLOTS.next, 1)) {
      this.runChunk(op, c);
      Atomics.add(ctl, SLOTS.done, 1);
    }
    // Chunks still running on workers: sleep until the last one is counted.
    let waited = 0;
    // Spin first: the last chunks are usually a fraction of a millisecond from done.
    for (let i = 0; i < 100_000 && Atomics.load(ctl, SLOTS.done) < this.chunks; i++);
    for (let done = Atomics.load(ctl, SLOTS.done); done < this.chunks; done = Atomics.load(ctl, SLOTS.done)) {
      if (Atomics.wait(ctl, SLOTS.done, done, 1000) === 'timed-out' && ++waited >= 120) {
        this.dispose();
        throw new Error(`propagation step: a worker thread has not finished its part of ${what} for ${waited} s (${done} of ${this.chunks} chunks done); the thread pool is disposed`);
      }
    }
    if (Atomics.load(ctl, SLOTS.error) !== 0) {
      Atomics.store(ctl, SLOTS.error, 0);
      throw new Error(`propagation step: a worker thread trapped computing ${what} (an out-of-bounds access in the shared module memory)`);
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
    for (const port of this.ports) port.close();
    this.ports = [];
  }
}
