import type { CsrMatrix } from './csr-matrix.js';
import { usesDirectKernels } from './kernel-registration.js';
import { adamRangeSettings, SpmmThreads } from './propagation-threads.js';
import type { SpmmArguments } from './propagation-threads.js';
import { PROPAGATION_WASM_BASE64 } from './propagation-wasm-binary.js';
import type { RaggedLayout } from './ragged-padding.js';
import { loadWasmKernelModule, reserveBytes } from './wasm-module.js';
import type { WasmKernelModule } from './wasm-module.js';

type SpmmExport = (
  rp: number, ci: number, vals: number, inW: number, outW: number, x: number, out: number, rows: number, stride: number, acc: number, init: number, alpha: number, list: number,
) => void;
type DiffExport = (x: number, users: number, pos: number, neg: number, batch: number, width: number, diff: number) => void;
type PackExport = (src: number, dst: number, n: number) => void;
type GradExport = (x: number, users: number, pos: number, neg: number, coef: number, batch: number, width: number, g: number) => void;

/** What {@link createPropagationBprStep} needs about one built model; all of it is read, never written. */
export interface PropagationBprStepInput {
  /** The symmetric propagation matrix (`D^-1/2 A D^-1/2`), or null for no propagation layers. */
  readonly adjacency: CsrMatrix | null;
  /** Sizes and offsets of the packed parameter buffer (users then items, one row per node). */
  readonly layout: RaggedLayout;
  /**
   * Structural widths per layer, `layers + 1` arrays of one width per node: `[0]` the
   * sizes, `[k + 1][r]` the largest `[k]` width among r's neighbours (what
   * `layerWidths` of `@scall/graph-bpr` computes).
   */
  readonly layerWidths: readonly Int32Array[];
  /** Padded working width: the largest size. */
  readonly width: number;
  /**
   * Threads for the sparse propagation products (forward and backward) and the BPR
   * passes (score differences by triple range, gradient by owned rows), the calling
   * thread included: an integer >= 1, default 1 (everything on the calling thread, the
   * module of earlier releases). With more, the step runs on its own shared-memory module
   * and `threads - 1` `worker_threads` workers take row chunks of every layer; each
   * output row is still computed by one thread with the same code, so losses and
   * gradients equal those of one thread bit for bit. Where SharedArrayBuffer, WebAssembly
   * threads or worker threads are unavailable, and without propagation layers, the step
   * quietly uses one thread. Call {@link PropagationBprStep.dispose} to end the workers
   * (they never keep the process alive).
   */
  readonly threads?: number;
  /**
   * Time every phase of each step (see {@link PropagationStepProfile}), read with
   * {@link PropagationBprStep.takeProfile}. Default false. A handful of `performance.now()`
   * calls per step; results are unchanged.
   */
  readonly profile?: boolean;
  /**
   * Number format of what the propagation products read (their inputs: each layer in the
   * forward pass, each layer's gradient in the backward pass): `'float32'` (default) or
   * `'bfloat16'`. With `'bfloat16'` each input is rounded to bfloat16 (8 significant bits,
   * ties to even) before its product and the product accumulates in float32: half the
   * bytes per edge, the products' main cost. The layer-0 parameters, the sum of layers,
   * the BPR terms, the gradient sums and Adam stay float32; the gradient is the float32
   * step's with every product input so rounded (mixed precision, as PyTorch's bfloat16
   * autocast). Ragged plans are then computed at the full padded width (the same function:
   * the padding is zeros). Results stay bit-identical across thread counts, and differ
   * from `'float32'` by the rounding (relative 2^-9 per input).
   */
  readonly precision?: 'float32' | 'bfloat16';
}

/** The phases of one fused step, in order, as {@link PropagationStepProfile} names them. */
export const PROPAGATION_STEP_PHASES = ['unpack', 'forward', 'bprDiff', 'bprLoss', 'bprGrad', 'backward', 'pack'] as const;

/** A phase of the fused step: unpack (packed parameters to layer 0), forward (the propagation products), bprDiff (score differences), bprLoss (softplus and coefficients, on the calling thread, plus clearing the gradient), bprGrad (the BPR gradient), backward (the transposed products), pack (the gradient back to packed form, plus the L2 term). */
export type PropagationStepPhase = (typeof PROPAGATION_STEP_PHASES)[number];

/** Wall milliseconds per phase summed over `steps` steps (a step created with `profile: true`). */
export interface PropagationStepProfile {
  readonly steps: number;
  readonly ms: Readonly<Record<PropagationStepPhase, number>>;
}

/** A fused training-step evaluator, see {@link createPropagationBprStep}. */
export interface PropagationBprStep {
  /**
   * The loss `mean_b softplus(s(u_b, n_b) - s(u_b, p_b)) + l2 / batch * sum_b (|x_u|^2 + |x_p|^2 + |x_n|^2)`
   * (s the dot product of final embeddings, the mean of layers 0..L; x the layer-0 rows)
   * for node ids `users`, `positives`, `negatives`, with its gradient with respect to the
   * packed parameters written into `gradient`. Returns null, writing nothing, where the
   * active tfjs backend is not cpu or wasm (the fused path is their fast path) or the
   * module's memory cannot hold the model: the caller then takes the composed tfjs path.
   */
  lossAndGradient(parameters: Float32Array, users: Int32Array, positives: Int32Array, negatives: Int32Array, l2: number, gradient: Float32Array): number | null;
  /**
   * Threads computing the propagation products now: 1, or with `threads` > 1 the calling
   * thread plus the workers that have started (they start in the background; until then
   * the calling thread computes every row, with the same results).
   */
  readonly threads: number;
  /** Resolves with {@link threads} once the workers have started (or failed to: then 1). Immediately for one thread. */
  ready(): Promise<number>;
  /** Ends the worker threads, if any; later steps run on the calling thread alone (same results). Idempotent. */
  dispose(): void;
  /**
   * The phase times summed since creation or the last call, and starts a new sum; null
   * for a step created without `profile: true`.
   */
  takeProfile(): PropagationStepProfile | null;
  /**
   * One Adam update (PyTorch's, as `adamUpdate` of `@scall/plugin-utils`: bias-corrected
   * moments, epsilon after the square root) of `values` in place, split over the step's
   * threads by entry range — when the step has worker threads and all four arrays live on
   * SharedArrayBuffers (allocate them with {@link sharedFloat32Array}). Each entry gets the
   * same float64 arithmetic as `adamUpdate`, so the result equals it bit for bit. Returns
   * false, changing nothing, where it cannot run threaded: the caller then applies its
   * own Adam.
   */
  adamUpdate(values: Float32Array, gradient: Float32Array, firstMoment: Float32Array, secondMoment: Float32Array, step: AdamStepSettings): boolean;
}

/** One Adam step's settings (the shape of `AdamStep` in `@scall/plugin-utils`). */
export interface AdamStepSettings {
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  /** The step number t, from 1. */
  readonly step: number;
}

/** A zero-filled Float32Array on a SharedArrayBuffer (what {@link PropagationBprStep.adamUpdate} runs threaded on), or a plain one where SharedArrayBuffer is unavailable. */
export function sharedFloat32Array(length: number): Float32Array {
  return typeof SharedArrayBuffer === 'function' ? new Float32Array(new SharedArrayBuffer(4 * length)) : new Float32Array(length);
}

interface Layout {
  readonly static: number;
  readonly x0: number;
  readonly a: number;
  readonly b: number;
  readonly final: number;
  readonly grad: number;
  readonly users: number;
  readonly pos: number;
  readonly neg: number;
  readonly diff: number;
  readonly coef: number;
  /** bfloat16 copy of the next product's input (precision 'bfloat16'; else 0 bytes). */
  readonly half: number;
  readonly end: number;
}

/** softplus(z) = log(1 + e^z), stable for large |z|. */
function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

const align16 = (bytes: number) => Math.ceil(bytes / 16) * 16;

class SimdPropagationBprStep implements PropagationBprStep {
  private readonly nodes: number;
  private readonly stride: number;
  private readonly layers: number;
  private readonly counts: Float32Array;
  private readonly maxDegree: number;
  /** Every node at the stride: the packed buffer is the padded matrix. */
  private readonly dense: boolean;
  /** Products read bfloat16 copies of their inputs. */
  private readonly half: boolean;
  private readonly m: WasmKernelModule;
  /** The worker pool with its shared-memory module (then `m`), or null for one thread. */
  private readonly pool: SpmmThreads | null;
  /** Edge lists in the resident part: one per thread. */
  private readonly lists: number;
  /** Milliseconds per phase (PROPAGATION_STEP_PHASES order) and steps since the last takeProfile, or null when not profiling. */
  private phaseMs: Float64Array | null;
  private profiledSteps = 0;

  constructor(private readonly input: PropagationBprStepInput, module: WasmKernelModule, pool: SpmmThreads | null) {
    this.pool = pool;
    this.m = pool ? pool.module : module;
    this.lists = pool ? (input.threads ?? 1) : 1;
    this.nodes = input.layout.sizes.length;
    this.stride = Math.ceil(Math.max(1, input.width) / 16) * 16; // the module works in 16-column blocks
    this.layers = input.adjacency ? input.layerWidths.length - 1 : 0;
    this.counts = new Float32Array(this.nodes);
    let maxDegree = 0;
    const rp = input.adjacency?.rowPointers;
    if (rp) for (let r = 0; r < this.nodes; r++) maxDegree = Math.max(maxDegree, rp[r + 1] - rp[r]);
    this.maxDegree = maxDegree;
    this.dense = input.layout.sizes.every((size) => size === this.stride);
    this.half = input.precision === 'bfloat16' && this.layers > 0;
    this.phaseMs = input.profile ? new Float64Array(PROPAGATION_STEP_PHASES.length) : null;
  }

  takeProfile(): PropagationStepProfile | null {
    const t = this.phaseMs;
    if (!t) return null;
    const profile = { steps: this.profiledSteps, ms: Object.fromEntries(PROPAGATION_STEP_PHASES.map((phase, i) => [phase, t[i]])) as Record<PropagationStepPhase, number> };
    t.fill(0);
    this.profiledSteps = 0;
    return profile;
  }

  private layoutFor(batch: number): Layout {
    const n = this.nodes;
    const nnz = this.input.adjacency ? this.input.adjacency.rowPointers[n] : 0;
    // Resident part: CSR arrays, the layer widths, then the kernel's edge lists (one row's edges, one list per thread).
    const staticBytes = align16(4 * (n + 1) + 8 * nnz + 4 * n * (this.layers + 1) + 4 * this.maxDegree * this.lists);
    // Four [n, stride] matrices. Layer 0 is dead once the forward pass is done, so the
    // gradient G takes its place (without layers, `final` is layer 0 and G takes final's).
    const matrix = 4 * n * this.stride;
    const x0 = staticBytes;
    const a = x0 + matrix;
    const b = a + matrix;
    const final = b + matrix;
    const grad = this.layers > 0 ? x0 : final;
    const users = final + matrix;
    const vector = align16(4 * batch);
    const half = users + 5 * vector;
    const end = half + (this.half ? matrix / 2 : 0);
    return { static: staticBytes, x0, a, b, final, grad, users, pos: users + vector, neg: users + 2 * vector, diff: users + 3 * vector, coef: users + 4 * vector, half, end };
  }

  /** Byte offset of the CSR arrays and of layer k's widths in module memory. */
  private staticOffsets(): { rp: number; ci: number; vals: number; widths: (k: number) => number; list: number } {
    const n = this.nodes;
    const nnz = this.input.adjacency ? this.input.adjacency.rowPointers[n] : 0;
    const ci = 4 * (n + 1);
    const vals = ci + 4 * nnz;
    const w0 = vals + 4 * nnz;
    return { rp: 0, ci, vals, widths: (k) => w0 + 4 * n * k, list: w0 + 4 * n * (this.layers + 1) };
  }

  lossAndGradient(parameters: Float32Array, users: Int32Array, positives: Int32Array, negatives: Int32Array, l2: number, gradient: Float32Array): number | null {
    const { layout, adjacency, layerWidths } = this.input;
    const total = layout.offsets[this.nodes];
    if (parameters.length !== total || gradient.length !== total) {
      throw new RangeError(`propagation step: expected ${total} parameters and gradient values (got ${parameters.length} and ${gradient.length})`);
    }
    const batch = users.length;
    if (positives.length !== batch || negatives.length !== batch) {
      throw new RangeError(`propagation step: ${batch} users but ${positives.length} positives and ${negatives.length} negatives`);
    }
    if (!usesDirectKernels()) return null;
    const n = this.nodes;
    const stride = this.stride;
    const at = this.layoutFor(batch);
    let buffer: ArrayBuffer;
    try {
      buffer = reserveBytes(this.m, at.end);
    } catch {
      return null; // beyond what the module's memory can grow to: the composed path takes over
    }
    const offsets = this.staticOffsets();
    if (this.m.resident !== this) {
      if (adjacency) {
        new Int32Array(buffer, offsets.rp, n + 1).set(adjacency.rowPointers);
        new Int32Array(buffer, offsets.ci, adjacency.rowPointers[n]).set(adjacency.columnIndices);
        new Float32Array(buffer, offsets.vals, adjacency.rowPointers[n]).set(adjacency.values);
      }
      for (let k = 0; k <= this.layers; k++) new Int32Array(buffer, offsets.widths(k), n).set(layerWidths[k]);
      this.m.resident = this;
    }
    const ex = this.m.exports;
    const direct = ex.spmm as SpmmExport;
    const pool = this.pool;
    const spmm: SpmmExport = pool
      ? (rp, ci, vals, inW, outW, x, out, rows, stride, acc, init, alpha, list) =>
          pool.run({ rp, ci, vals, inW, outW, x, out, rows, stride, acc, init, alpha, list, listBytes: 4 * this.maxDegree } satisfies SpmmArguments)
      : direct;
    // Every node at the full width: the kernel's unchecked path (inW = 0), the same sums
    // without width checks. Rows without edges then come out as alpha init (or 0) where
    // the checked path leaves them unwritten; no later product reads them (they have no
    // neighbours), layer 0's gradient rows are computed in full either way, and `final`
    // holds layer 0 plus zeros for them.
    // In bfloat16 (inW = 1) every product runs at the full width on a rounded copy of its
    // input: the padding is zeros, so the sums are the ragged ones (see spmm_full_bf16).
    const inW = (k: number) => (this.half ? 1 : this.dense ? 0 : offsets.widths(k));
    const cells = n * stride;
    const pack = ex.pack_bf16 as PackExport;
    /** The product's x: `from` itself, or its bfloat16 copy. */
    const productInput = (from: number) => {
      if (!this.half) return from;
      pack(from, at.half, cells);
      return at.half;
    };
    const times = this.phaseMs;
    let mark = times ? performance.now() : 0;
    /** Adds the time since the last mark to phase i (when profiling). */
    const lap = (i: number) => {
      if (!times) return;
      const now = performance.now();
      times[i] += now - mark;
      mark = now;
    };

    // Layer 0: the packed parameters, zero-padded to the stride.
    const x0 = new Float32Array(buffer, at.x0, cells);
    const { sizes, offsets: off } = layout;
    if (this.dense) x0.set(parameters);
    else {
      x0.fill(0);
      for (let e = 0; e < n; e++) for (let j = 0, from = off[e], to = e * stride, s = sizes[e]; j < s; j++) x0[to + j] = parameters[from + j];
    }

    lap(0);
    // Forward: layers 1..L into two ping-pong buffers, their sum (L + 1 times the final
    // embeddings; the 1 / (L + 1) is folded into the BPR terms below) into `final`.
    const alpha = 1 / (this.layers + 1);
    let finalAt = at.x0;
    if (this.layers > 0) {
      new Float32Array(buffer, at.final, cells).set(x0);
      let from = at.x0;
      for (let k = 0; k < this.layers; k++) {
        const to = k % 2 === 0 ? at.a : at.b;
        spmm(offsets.rp, offsets.ci, offsets.vals, inW(k), offsets.widths(k + 1), productInput(from), to, n, stride, at.final, 0, 0, offsets.list);
        from = to;
      }
      finalAt = at.final;
    }

    lap(1);
    // BPR on final = alpha * sum: score differences scale by alpha^2. The gradient with
    // respect to `final` is written already times alpha (see the backward pass), and the
    // sum's rows carry one more alpha: coefficients times alpha^2.
    new Int32Array(buffer, at.users, batch).set(users);
    new Int32Array(buffer, at.pos, batch).set(positives);
    new Int32Array(buffer, at.neg, batch).set(negatives);
    if (pool) pool.runBprDiff({ x: finalAt, users: at.users, pos: at.pos, neg: at.neg, coef: 0, batch, width: stride, out: at.diff });
    else (ex.bpr_diff as DiffExport)(finalAt, at.users, at.pos, at.neg, batch, stride, at.diff);
    lap(2);
    const diff = new Float32Array(buffer, at.diff, batch);
    const coef = new Float32Array(buffer, at.coef, batch);
    const a2 = alpha * alpha;
    let loss = 0;
    for (let b = 0; b < batch; b++) {
      const d = Math.fround(diff[b] * a2);
      loss += softplus(d);
      coef[b] = (1 / batch / (1 + Math.exp(-d))) * a2; // d softplus(d) / dd = sigmoid(d)
    }
    loss = batch ? loss / batch : 0;
    new Float32Array(buffer, at.grad, cells).fill(0);
    lap(3);
    if (pool) pool.runBprGrad({ x: finalAt, users: at.users, pos: at.pos, neg: at.neg, coef: at.coef, batch, width: stride, out: at.grad });
    else (ex.bpr_grad as GradExport)(finalAt, at.users, at.pos, at.neg, at.coef, batch, stride, at.grad);

    lap(4);
    // Backward: final is alpha (layer 0 + ... + layer L) and the matrix symmetric, so with
    // G = alpha dLoss/dfinal (what bpr_grad wrote), the gradient of layer L is G and that
    // of layer k is G + A^T (gradient of layer k+1), the widths read backwards.
    let gradAt = at.grad;
    for (let k = this.layers - 1; k >= 0; k--) {
      const to = gradAt === at.a ? at.b : at.a;
      spmm(offsets.rp, offsets.ci, offsets.vals, inW(k + 1), offsets.widths(k), productInput(gradAt), to, n, stride, 0, at.grad, 1, offsets.list);
      gradAt = to;
    }

    lap(5);
    // Pack each node's first `size` columns, plus the L2 term on the batch's layer-0 rows.
    const g0 = new Float32Array(buffer, gradAt, cells);
    if (this.dense) gradient.set(g0);
    else for (let e = 0; e < n; e++) for (let j = 0, from = e * stride, to = off[e], s = sizes[e]; j < s; j++) gradient[to + j] = g0[from + j];
    if (l2 !== 0 && batch > 0) {
      const counts = this.counts;
      for (const ids of [users, positives, negatives]) for (let b = 0; b < batch; b++) counts[ids[b]]++;
      const weight = l2 / batch;
      let squares = 0;
      for (let e = 0; e < n; e++) {
        const c = counts[e];
        if (c === 0) continue;
        counts[e] = 0;
        const twice = 2 * weight * c;
        let row = 0;
        for (let j = off[e], end = off[e] + sizes[e]; j < end; j++) {
          const v = parameters[j];
          row += v * v;
          gradient[j] += twice * v;
        }
        squares += c * row;
      }
      loss += weight * squares;
    }
    lap(6);
    if (times) this.profiledSteps++;
    return loss;
  }

  adamUpdate(values: Float32Array, gradient: Float32Array, firstMoment: Float32Array, secondMoment: Float32Array, step: AdamStepSettings): boolean {
    const pool = this.pool;
    const arrays = [values, gradient, firstMoment, secondMoment];
    if (!pool || pool.threads < 2 || !arrays.every((a) => a.length === values.length && typeof SharedArrayBuffer === 'function' && a.buffer instanceof SharedArrayBuffer)) return false;
    pool.runAdam(values, gradient, firstMoment, secondMoment, adamRangeSettings(step));
    return true;
  }

  get threads(): number {
    return this.pool ? this.pool.threads : 1;
  }

  ready(): Promise<number> {
    return this.pool ? this.pool.ready() : Promise.resolve(1);
  }

  dispose(): void {
    this.pool?.dispose();
  }
}

/**
 * A fused training step for "mean of `layers` propagation layers + BPR + L2" on packed
 * ragged parameters: unpack, forward propagation, BPR loss and gradient, backward
 * propagation and packing all run inside one WebAssembly SIMD module's memory, with no
 * tfjs tensors, copies per layer or per-op passes (the composed tfjs path is about 15 ops
 * and 25 full-matrix passes). Rows are computed in 32/16/8/4-column blocks up to their
 * structural width; blocks where every neighbour is wide enough skip all width checks,
 * and later blocks of a row visit only the neighbours still wider. Results equal the
 * composed path (`raggedToPadded`, `sparseDenseMatMul` per layer, mean, `bprLoss`,
 * `sumSquaredRows`, autodiff) to float rounding. Node ids in batches are rows of the
 * layout (users, then items).
 *
 * With `threads: 2` (or more) the propagation products run on that many threads (the
 * calling thread blocks in `Atomics.wait` for the workers, so the call stays synchronous),
 * with results equal bit for bit to one thread's; `dispose()` ends the workers.
 *
 * Returns null where WebAssembly SIMD is unavailable. Memory: four `[nodes, width]`
 * float32 matrices in the module (width rounded up to 16; with `precision: 'bfloat16'` one
 * bfloat16 matrix more) plus the matrix and widths; a step whose memory the module cannot
 * grow to returns null.
 *
 * @example
 * const step = createPropagationBprStep({ adjacency, layout, layerWidths, width });
 * const loss = step?.lossAndGradient(parameters, users, positives, negatives, 1e-4, gradient) ?? composedPath();
 */
export function createPropagationBprStep(input: PropagationBprStepInput): PropagationBprStep | null {
  const { adjacency, layout, layerWidths } = input;
  const n = layout.sizes.length;
  if (adjacency && (adjacency.numRows !== n || adjacency.numColumns !== n || !adjacency.symmetric)) {
    throw new RangeError(`createPropagationBprStep: the adjacency must be a symmetric ${n} x ${n} matrix (got ${adjacency.numRows} x ${adjacency.numColumns}${adjacency.symmetric ? '' : ', not symmetric'})`);
  }
  if (layerWidths.length < 1 || layerWidths.some((w) => w.length !== n)) {
    throw new RangeError(`createPropagationBprStep: layerWidths must hold at least one array of ${n} widths`);
  }
  for (let e = 0; e < n; e++) {
    if (layout.sizes[e] > input.width) throw new RangeError(`createPropagationBprStep: node ${e} has size ${layout.sizes[e]}, above the width ${input.width}`);
  }
  const threads = input.threads ?? 1;
  if (!(Number.isInteger(threads) && threads >= 1)) throw new RangeError(`createPropagationBprStep: threads must be an integer >= 1 (got ${String(input.threads)})`);
  const precision = input.precision ?? 'float32';
  if (precision !== 'float32' && precision !== 'bfloat16') throw new RangeError(`createPropagationBprStep: precision must be 'float32' or 'bfloat16' (got ${String(input.precision)})`);
  const module = loadWasmKernelModule(PROPAGATION_WASM_BASE64);
  if (!module) return null;
  // Threads only pay where there is propagation; without SharedArrayBuffer / wasm threads, one thread.
  const pool = threads > 1 && adjacency ? SpmmThreads.create(threads, adjacency.rowPointers, n) : null;
  return new SimdPropagationBprStep(input, module, pool);
}
