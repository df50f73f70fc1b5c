import { initTf } from '@scall/tf-runtime';
import * as tf from '@tensorflow/tfjs-core';
import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setDirectKernelsEnabled } from '../src/kernel-registration.js';
import { BPR_WASM_BASE64 } from '../src/bpr-wasm-binary.js';
import { PROPAGATION_WASM_BASE64 } from '../src/propagation-wasm-binary.js';
import { loadWasmKernelModule, reserveBytes, setWasmKernelsEnabled } from '../src/wasm-module.js';
import { buildNormalizedAdjacency, createPropagationBprStep, PROPAGATION_STEP_PHASES, sharedFloat32Array } from '../src/index.js';
import type { CsrMatrix, RaggedLayout } from '../src/index.js';

/** A small deterministic pseudo-random stream in [0, 1) (test data only). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const numUsers = 9;
const numItems = 13;
const n = numUsers + numItems;

/**
 * A sparse bipartite graph, mostly a path (so widths keep changing from layer to layer),
 * with a few random edges, one isolated user and one isolated item.
 */
function graph(seed: number) {
  const rnd = lcg(seed);
  const users: number[] = [];
  const items: number[] = [];
  for (let u = 0; u + 1 < numUsers; u++) {
    users.push(u, u);
    items.push(u, u + 1);
  }
  for (let k = 0; k < 4; k++) {
    users.push(Math.floor(rnd() * (numUsers - 1)));
    items.push(Math.floor(rnd() * (numItems - 1)));
  }
  return { users: Int32Array.from(users), items: Int32Array.from(items), timestamps: new Float64Array(users.length), length: users.length };
}

/** Layer widths: [0] the sizes, [k + 1][r] the largest [k] width among r's neighbours. */
function widthsOf(adjacency: CsrMatrix | null, sizes: Int32Array, layers: number): Int32Array[] {
  const widths = [sizes];
  for (let k = 0; k < layers && adjacency; k++) {
    const next = new Int32Array(n);
    for (let r = 0; r < n; r++) {
      for (let e = adjacency.rowPointers[r]; e < adjacency.rowPointers[r + 1]; e++) next[r] = Math.max(next[r], widths[k][adjacency.columnIndices[e]]);
    }
    widths.push(next);
  }
  return widths;
}

function layoutOf(sizes: Int32Array): RaggedLayout {
  const offsets = new Float64Array(sizes.length + 1);
  for (let e = 0; e < sizes.length; e++) offsets[e + 1] = offsets[e] + sizes[e];
  return { sizes, offsets };
}

function maskOf(widths: Int32Array, width: number): tf.Tensor2D {
  const m = new Float32Array(widths.length * width);
  for (let r = 0; r < widths.length; r++) m.fill(1, r * width, r * width + widths[r]);
  return tf.tensor2d(m, [widths.length, width]);
}

/**
 * The loss and packed gradient with dense stock tfjs ops and autodiff: layer k+1 =
 * mask(k+1) * (A (mask(k) * layer k)), final = mean of layers, BPR + l2 / batch * squares.
 * With `bfloat16`, the step's function in bfloat16: each product A x becomes A round(x),
 * its gradient dy -> A^T round(dy) (the kernel rounds what each product reads, forward
 * and backward).
 */
function denseReference(adjacency: CsrMatrix | null, layout: RaggedLayout, widths: Int32Array[], width: number, parameters: Float32Array, batch: Int32Array[], l2: number, bfloat16 = false) {
  const padded = new Float32Array(n * width);
  for (let e = 0; e < n; e++) padded.set(parameters.subarray(layout.offsets[e], layout.offsets[e + 1]), e * width);
  const dense = new Float32Array(n * n);
  if (adjacency) for (let r = 0; r < n; r++) for (let e = adjacency.rowPointers[r]; e < adjacency.rowPointers[r + 1]; e++) dense[r * n + adjacency.columnIndices[e]] = adjacency.values[e];
  const round = (t: tf.Tensor) => tf.tensor(Float32Array.from(t.dataSync(), bfloat16Of), t.shape);
  return tf.tidy(() => {
    const a = tf.tensor2d(dense, [n, n]);
    const product = bfloat16
      ? tf.customGrad((x) => ({ value: tf.matMul(a, round(x as tf.Tensor2D) as tf.Tensor2D), gradFunc: (dy) => tf.matMul(a, round(dy as tf.Tensor2D) as tf.Tensor2D, true) }))
      : (x: tf.Tensor2D) => tf.matMul(a, x);
    const masks = widths.map((w) => maskOf(w, width));
    const [users, positives, negatives] = batch.map((ids) => tf.tensor1d(ids, 'int32'));
    const loss = (p: tf.Tensor) => {
      const layers = [tf.mul(p, masks[0]) as tf.Tensor2D];
      for (let k = 0; k + 1 < widths.length; k++) layers.push(tf.mul(product(tf.mul(layers[k], masks[k]) as tf.Tensor2D), masks[k + 1]) as tf.Tensor2D);
      const final = tf.div(tf.addN(layers), layers.length);
      const u = tf.gather(final, users);
      const d = tf.sum(tf.mul(u, tf.sub(tf.gather(final, negatives), tf.gather(final, positives))), 1);
      const squares = tf.addN([users, positives, negatives].map((ids) => tf.sum(tf.square(tf.gather(layers[0], ids)))));
      return tf.add(tf.mean(tf.softplus(d)), tf.mul(squares, l2 / batch[0].length)) as tf.Scalar;
    };
    const { value, grad } = tf.valueAndGrad(loss)(tf.tensor2d(padded, [n, width]));
    const g = grad.dataSync();
    const packed = new Float32Array(parameters.length);
    for (let e = 0; e < n; e++) packed.set(g.subarray(e * width, e * width + layout.sizes[e]), layout.offsets[e]);
    return { loss: value.dataSync()[0], gradient: packed };
  });
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

function setup(seed: number, layers: number, maxSize: number, uniform = false) {
  const rnd = lcg(seed);
  const adjacency = layers > 0 ? buildNormalizedAdjacency(graph(seed), numUsers, numItems) : null;
  // Sizes 0 .. maxSize: empty rows, partial 8- and 4-column blocks and several 16-column blocks
  // (or every node at maxSize).
  const sizes = Int32Array.from({ length: n }, (_, e) => (uniform ? maxSize : e % 7 === 3 ? 0 : 1 + Math.floor(rnd() * maxSize)));
  sizes[2] = maxSize;
  const layout = layoutOf(sizes);
  const widths = widthsOf(adjacency, sizes, layers);
  const parameters = Float32Array.from({ length: layout.offsets[n] }, () => rnd() - 0.5);
  const b = 25;
  const batch = [
    Int32Array.from({ length: b }, () => Math.floor(rnd() * numUsers)),
    Int32Array.from({ length: b }, () => numUsers + Math.floor(rnd() * numItems)),
    Int32Array.from({ length: b }, () => numUsers + Math.floor(rnd() * numItems)),
  ];
  return { adjacency, layout, widths, width: maxSize, parameters, batch };
}

describe.each(['cpu', 'wasm'] as const)('fused propagation + BPR step on %s', (backend) => {
  afterEach(() => {
    setDirectKernelsEnabled(true);
    setWasmKernelsEnabled(true);
  });

  it.each([
    { layers: 3, maxSize: 70, l2: 0.05, uniform: false },
    { layers: 3, maxSize: 16, l2: 0, uniform: false },
    { layers: 2, maxSize: 40, l2: 0.05, uniform: false },
    { layers: 1, maxSize: 33, l2: 0.05, uniform: false },
    { layers: 0, maxSize: 70, l2: 0.05, uniform: false },
    { layers: 3, maxSize: 48, l2: 0.05, uniform: true },
    { layers: 0, maxSize: 16, l2: 0.05, uniform: true },
  ])('equals the dense autodiff reference within 1e-5 ($layers layers, sizes up to $maxSize, l2 $l2, uniform $uniform)', async ({ layers, maxSize, l2, uniform }) => {
    await initTf({ backends: [backend] });
    for (const seed of [1, 2]) {
      // A wider model with large values first: the module's buffers then hold stale data
      // beyond every width the tested model computes, which must never leak in.
      const poison = setup(99, 3, 80);
      poison.parameters.forEach((_, i, p) => (p[i] = ((i % 13) - 6) * 100));
      createPropagationBprStep({ adjacency: poison.adjacency, layout: poison.layout, layerWidths: poison.widths, width: poison.width })!.lossAndGradient(
        poison.parameters, poison.batch[0], poison.batch[1], poison.batch[2], 0, new Float32Array(poison.parameters.length),
      );
      const s = setup(seed + 10 * layers, layers, maxSize, uniform);
      const step = createPropagationBprStep({ adjacency: s.adjacency, layout: s.layout, layerWidths: s.widths, width: s.width });
      expect(step).not.toBeNull();
      const gradient = new Float32Array(s.parameters.length).fill(Number.NaN);
      const loss = step!.lossAndGradient(s.parameters, s.batch[0], s.batch[1], s.batch[2], l2, gradient);
      const reference = denseReference(s.adjacency, s.layout, s.widths, s.width, s.parameters, s.batch, l2);
      expect(loss).not.toBeNull();
      expect(Math.abs(loss! - reference.loss)).toBeLessThan(1e-5);
      expect(maxAbsDiff(gradient, reference.gradient)).toBeLessThan(1e-5);
      // The gradient is not trivially zero, and a second call (resident arrays reused) agrees.
      expect(maxAbsDiff(gradient, new Float32Array(gradient.length))).toBeGreaterThan(1e-4);
      const again = new Float32Array(gradient.length);
      expect(step!.lossAndGradient(s.parameters, s.batch[0], s.batch[1], s.batch[2], l2, again)).toBe(loss);
      expect(maxAbsDiff(again, gradient)).toBe(0);
    }
  });

  it('keeps two models resident in turn without mixing their matrices', async () => {
    await initTf({ backends: [backend] });
    const a = setup(5, 3, 48);
    const b = setup(6, 3, 20);
    const stepA = createPropagationBprStep({ adjacency: a.adjacency, layout: a.layout, layerWidths: a.widths, width: a.width })!;
    const stepB = createPropagationBprStep({ adjacency: b.adjacency, layout: b.layout, layerWidths: b.widths, width: b.width })!;
    const first = stepA.lossAndGradient(a.parameters, a.batch[0], a.batch[1], a.batch[2], 0.01, new Float32Array(a.parameters.length));
    stepB.lossAndGradient(b.parameters, b.batch[0], b.batch[1], b.batch[2], 0.01, new Float32Array(b.parameters.length));
    expect(stepA.lossAndGradient(a.parameters, a.batch[0], a.batch[1], a.batch[2], 0.01, new Float32Array(a.parameters.length))).toBe(first);
  });

  it('declines (null, nothing written) where the hand-written kernels are off, and without SIMD', async () => {
    await initTf({ backends: [backend] });
    const s = setup(3, 3, 24);
    const step = createPropagationBprStep({ adjacency: s.adjacency, layout: s.layout, layerWidths: s.widths, width: s.width })!;
    setDirectKernelsEnabled(false);
    const gradient = new Float32Array(s.parameters.length);
    expect(step.lossAndGradient(s.parameters, s.batch[0], s.batch[1], s.batch[2], 0, gradient)).toBeNull();
    expect(gradient.every((v) => v === 0)).toBe(true);
    setDirectKernelsEnabled(true);
    setWasmKernelsEnabled(false);
    expect(createPropagationBprStep({ adjacency: s.adjacency, layout: s.layout, layerWidths: s.widths, width: s.width })).toBeNull();
  });
});

describe('createPropagationBprStep input checks', () => {
  it('names what is wrong', () => {
    const s = setup(4, 3, 24);
    const input = { adjacency: s.adjacency, layout: s.layout, layerWidths: s.widths, width: s.width };
    expect(() => createPropagationBprStep({ ...input, width: 8 })).toThrow(/above the width 8/);
    expect(() => createPropagationBprStep({ ...input, layerWidths: [new Int32Array(3)] })).toThrow(/layerWidths/);
    expect(() => createPropagationBprStep({ ...input, adjacency: { ...s.adjacency!, symmetric: false } })).toThrow(/symmetric/);
    const step = createPropagationBprStep(input)!;
    expect(() => step.lossAndGradient(s.parameters.subarray(1), s.batch[0], s.batch[1], s.batch[2], 0, new Float32Array(s.parameters.length))).toThrow(/parameters/);
    expect(() => step.lossAndGradient(s.parameters, s.batch[0], s.batch[1].subarray(1), s.batch[2], 0, new Float32Array(s.parameters.length))).toThrow(/positives/);
  });
});

/** The module's spmm export (byte offsets into its memory). */
type Spmm = (rp: number, ci: number, vals: number, inW: number, outW: number, x: number, out: number, rows: number, stride: number, acc: number, init: number, alpha: number, list: number) => void;

/** Strides (one 16-column block, odd and even multiples of 16) with and without acc and init, for the full-width products. */
const FULL_WIDTH_CASES = [
  { stride: 16, acc: false, init: false },
  { stride: 48, acc: true, init: false },
  { stride: 64, acc: false, init: true },
  { stride: 80, acc: true, init: true },
];

describe('spmm at full width (inW = 0)', () => {

  it.each(FULL_WIDTH_CASES)('equals the width-checked path with every width full, bit for bit (stride $stride, acc $acc, init $init)', ({ stride, acc, init }) => {
    const m = loadWasmKernelModule(PROPAGATION_WASM_BASE64)!;
    const spmm = m.exports.spmm as Spmm;
    const rnd = lcg(stride + (acc ? 1 : 0) + (init ? 2 : 0));
    const adjacency = buildNormalizedAdjacency(graph(stride), numUsers, numItems); // some nodes without edges
    const nnz = adjacency.rowPointers[n];
    const cells = n * stride;
    const at = { rp: 16, ci: 16 + 4 * (n + 1), vals: 0, widths: 0, list: 0, x: 0, init: 0, accA: 0, accB: 0, outA: 0, outB: 0, end: 0 };
    at.vals = at.ci + 4 * nnz;
    at.widths = Math.ceil((at.vals + 4 * nnz) / 16) * 16;
    at.list = at.widths + 4 * n;
    at.x = Math.ceil((at.list + 4 * nnz) / 16) * 16;
    [at.init, at.accA, at.accB, at.outA, at.outB, at.end] = [1, 2, 3, 4, 5, 6].map((k) => at.x + 4 * cells * k);
    const buffer = reserveBytes(m, at.end);
    new Int32Array(buffer, at.rp, n + 1).set(adjacency.rowPointers);
    new Int32Array(buffer, at.ci, nnz).set(adjacency.columnIndices);
    new Float32Array(buffer, at.vals, nnz).set(adjacency.values);
    new Int32Array(buffer, at.widths, n).fill(stride);
    for (const where of [at.x, at.init]) new Float32Array(buffer, where, cells).set(Float32Array.from({ length: cells }, () => rnd() - 0.5));
    const start = Float32Array.from({ length: cells }, () => rnd() - 0.5);
    new Float32Array(buffer, at.accA, cells).set(start);
    new Float32Array(buffer, at.accB, cells).set(start);
    new Float32Array(buffer, at.outA, cells).fill(Number.NaN); // stale values the checked path may leave in rows without edges
    new Float32Array(buffer, at.outB, cells).fill(Number.NaN);
    const initAt = init ? at.init : 0;
    spmm(at.rp, at.ci, at.vals, at.widths, at.widths, at.x, at.outA, n, stride, acc ? at.accA : 0, initAt, 0.5, at.list);
    spmm(at.rp, at.ci, at.vals, 0, at.widths, at.x, at.outB, n, stride, acc ? at.accB : 0, initAt, 0.5, at.list);
    const checked = new Float32Array(buffer, at.outA, cells);
    const full = new Float32Array(buffer, at.outB, cells);
    let rowsWithEdges = 0;
    for (let r = 0; r < n; r++) {
      const row = (a: Float32Array) => Buffer.from(a.slice(r * stride, (r + 1) * stride).buffer);
      if (adjacency.rowPointers[r + 1] > adjacency.rowPointers[r]) {
        rowsWithEdges++;
        expect(row(full).equals(row(checked))).toBe(true);
      } else {
        // No neighbours: alpha init (or 0), written in full.
        const expected = init ? Float32Array.from(new Float32Array(buffer, at.init + 4 * r * stride, stride), (v) => Math.fround(0.5 * v)) : new Float32Array(stride);
        expect(row(full).equals(Buffer.from(expected.buffer))).toBe(true);
      }
    }
    expect(rowsWithEdges).toBeGreaterThan(n / 2);
    expect(rowsWithEdges).toBeLessThan(n); // and some rows without edges
    expect(maxAbsDiff(full, new Float32Array(cells))).toBeGreaterThan(1e-3);
    if (acc) {
      // The running sums agree on every row with edges, and rows without them gain alpha init (or 0).
      const accA = new Float32Array(buffer, at.accA, cells);
      const accB = new Float32Array(buffer, at.accB, cells);
      for (let r = 0; r < n; r++) {
        if (adjacency.rowPointers[r + 1] === adjacency.rowPointers[r]) continue;
        expect(Buffer.from(accB.slice(r * stride, (r + 1) * stride).buffer).equals(Buffer.from(accA.slice(r * stride, (r + 1) * stride).buffer))).toBe(true);
      }
      expect(maxAbsDiff(accB, start)).toBeGreaterThan(1e-3);
    }
  });
});

/** x rounded to the nearest bfloat16 (8 significant bits), ties to even, by exact double arithmetic. */
function bfloat16Of(x: number): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  const e = Math.floor(Math.log2(Math.abs(x)));
  const quantum = 2 ** (Math.max(e, -126) - 7);
  const q = x / quantum;
  let r = Math.round(q);
  if (Math.abs(q - Math.trunc(q)) === 0.5) r = 2 * Math.round(q / 2); // a tie: to even
  return r * quantum;
}

/** pack_bf16's layout: in each group of eight columns, lane j holds column j (low half) and j + 4 (high half). */
function unpackBf16(packed: Uint16Array, count: number): Float32Array {
  const out = new Float32Array(count);
  const bits = new Uint32Array(out.buffer);
  for (let g = 0; g < count; g += 8) {
    for (let j = 0; j < 4; j++) {
      bits[g + j] = packed[g + 2 * j] << 16;
      bits[g + j + 4] = packed[g + 2 * j + 1] << 16;
    }
  }
  return out;
}

describe('bfloat16 products (spmm inW = 1, pack_bf16)', () => {
  type Pack = (src: number, dst: number, n: number) => void;

  it('pack_bf16 rounds to the nearest bfloat16, ties to even', () => {
    const m = loadWasmKernelModule(PROPAGATION_WASM_BASE64)!;
    const rnd = lcg(5);
    const count = 4096;
    const values = Float32Array.from({ length: count }, (_, i) => (rnd() - 0.5) * 2 ** (Math.floor(rnd() * 40) - 20) * (i % 5 === 0 ? 1e-3 : 1));
    // Exact ties (bit 15 set, bits 0..14 clear) with odd and even kept halves, and zeros.
    const bits = new Uint32Array(values.buffer);
    for (let i = 0; i < 64; i++) bits[i] = (0x3f80_0000 + (i << 16)) | 0x8000;
    values[64] = 0;
    values[65] = -0;
    const buffer = reserveBytes(m, 16 + 6 * count);
    new Float32Array(buffer, 16, count).set(values);
    (m.exports.pack_bf16 as Pack)(16, 16 + 4 * count, count);
    const got = unpackBf16(new Uint16Array(buffer, 16 + 4 * count, count), count);
    let changed = 0;
    for (let i = 0; i < count; i++) {
      expect(got[i]).toBe(bfloat16Of(values[i]));
      if (got[i] !== values[i]) changed++;
    }
    expect(changed).toBeGreaterThan(count / 2);
  });

  it.each(FULL_WIDTH_CASES)('equals the float32 product on the rounded input, bit for bit (stride $stride, acc $acc, init $init)', ({ stride, acc, init }) => {
    const m = loadWasmKernelModule(PROPAGATION_WASM_BASE64)!;
    const spmm = m.exports.spmm as Spmm;
    const rnd = lcg(7 * stride + (acc ? 1 : 0) + (init ? 2 : 0));
    const adjacency = buildNormalizedAdjacency(graph(stride + 1), numUsers, numItems);
    const nnz = adjacency.rowPointers[n];
    const cells = n * stride;
    const rp = 16;
    const ci = rp + 4 * (n + 1);
    const vals = ci + 4 * nnz;
    const x = Math.ceil((vals + 4 * nnz) / 16) * 16;
    const [rounded, half, initAt, accA, accB, outA, outB, end] = [1, 2, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5].map((k) => x + 4 * cells * k);
    const buffer = reserveBytes(m, end);
    new Int32Array(buffer, rp, n + 1).set(adjacency.rowPointers);
    new Int32Array(buffer, ci, nnz).set(adjacency.columnIndices);
    new Float32Array(buffer, vals, nnz).set(adjacency.values);
    const input = Float32Array.from({ length: cells }, () => rnd() - 0.5);
    new Float32Array(buffer, x, cells).set(input);
    new Float32Array(buffer, rounded, cells).set(input.map(bfloat16Of));
    new Float32Array(buffer, initAt, cells).set(Float32Array.from({ length: cells }, () => rnd() - 0.5));
    const start = Float32Array.from({ length: cells }, () => rnd() - 0.5);
    new Float32Array(buffer, accA, cells).set(start);
    new Float32Array(buffer, accB, cells).set(start);
    (m.exports.pack_bf16 as Pack)(x, half, cells);
    spmm(rp, ci, vals, 0, 0, rounded, outA, n, stride, acc ? accA : 0, init ? initAt : 0, 0.5, 0);
    spmm(rp, ci, vals, 1, 0, half, outB, n, stride, acc ? accB : 0, init ? initAt : 0, 0.5, 0);
    const bytes = (at: number) => Buffer.from(new Float32Array(buffer, at, cells).slice().buffer);
    expect(bytes(outB).equals(bytes(outA))).toBe(true);
    if (acc) expect(bytes(accB).equals(bytes(accA))).toBe(true);
    // Not the float32 product of the unrounded input, nor zero.
    spmm(rp, ci, vals, 0, 0, x, outA, n, stride, 0, init ? initAt : 0, 0.5, 0);
    const exact = new Float32Array(buffer, outA, cells).slice();
    const viaHalf = new Float32Array(buffer, outB, cells).slice();
    expect(maxAbsDiff(viaHalf, exact)).toBeGreaterThan(1e-5);
    expect(maxAbsDiff(viaHalf, exact)).toBeLessThan(1e-2);
    expect(maxAbsDiff(viaHalf, new Float32Array(cells))).toBeGreaterThan(1e-3);
  });
});

describe("fused step with precision: 'bfloat16'", () => {
  it.each([
    { layers: 3, maxSize: 70, uniform: false },
    { layers: 3, maxSize: 48, uniform: true },
    { layers: 1, maxSize: 33, uniform: false },
  ])('equals the dense bfloat16 reference within 1e-5 and differs from float32 ($layers layers, sizes up to $maxSize, uniform $uniform)', async ({ layers, maxSize, uniform }) => {
    await initTf({ backends: ['wasm'] });
    for (const seed of [1, 2]) {
      const s = setup(seed + 40 + layers, layers, maxSize, uniform);
      const input = { adjacency: s.adjacency, layout: s.layout, layerWidths: s.widths, width: s.width };
      const half = createPropagationBprStep({ ...input, precision: 'bfloat16' })!;
      const gradient = new Float32Array(s.parameters.length).fill(Number.NaN);
      const loss = half.lossAndGradient(s.parameters, s.batch[0], s.batch[1], s.batch[2], 0.05, gradient)!;
      const reference = denseReference(s.adjacency, s.layout, s.widths, s.width, s.parameters, s.batch, 0.05, true);
      expect(Math.abs(loss - reference.loss)).toBeLessThan(1e-5);
      expect(maxAbsDiff(gradient, reference.gradient)).toBeLessThan(1e-5);
      const full = new Float32Array(s.parameters.length);
      createPropagationBprStep(input)!.lossAndGradient(s.parameters, s.batch[0], s.batch[1], s.batch[2], 0.05, full);
      expect(maxAbsDiff(gradient, full)).toBeGreaterThan(1e-7);
      expect(maxAbsDiff(gradient, full)).toBeLessThan(1e-2);
    }
  });

  it('equals one thread bit for bit on two threads', async () => {
    await initTf({ backends: ['wasm'] });
    const s = setup(77, 3, 70);
    const input = { adjacency: s.adjacency, layout: s.layout, layerWidths: s.widths, width: s.width, precision: 'bfloat16' as const };
    const one = createPropagationBprStep(input)!;
    const two = createPropagationBprStep({ ...input, threads: 2 })!;
    try {
      expect(await two.ready()).toBe(2);
      const expected = new Float32Array(s.parameters.length);
      const got = new Float32Array(s.parameters.length).fill(Number.NaN);
      const loss = one.lossAndGradient(s.parameters, s.batch[0], s.batch[1], s.batch[2], 0.01, expected);
      expect(two.lossAndGradient(s.parameters, s.batch[0], s.batch[1], s.batch[2], 0.01, got)).toBe(loss);
      expect(Buffer.from(got.buffer).equals(Buffer.from(expected.buffer))).toBe(true);
    } finally {
      two.dispose();
    }
  });

  it('rejects an unknown precision', () => {
    const s = setup(3, 3, 24);
    expect(() => createPropagationBprStep({ adjacency: s.adjacency, layout: s.layout, layerWidths: s.widths, width: s.width, precision: 'float16' as never })).toThrow(/precision must be 'float32' or 'bfloat16' \(got float16\)/);
  });
});

describe('bpr_grad_rows (the BPR gradient by owned rows)', () => {
  type Grad = (x: number, users: number, pos: number, neg: number, coef: number, batch: number, width: number, g: number) => void;
  type GradRows = (x: number, users: number, pos: number, neg: number, coef: number, batch: number, width: number, g: number, lo: number, hi: number) => void;

  it.each([6, 16, 37])('over disjoint row ranges equals bpr_grad bit for bit (width %i, repeated rows, positive = negative)', (width) => {
    const m = loadWasmKernelModule(BPR_WASM_BASE64)!;
    const rnd = lcg(width);
    const rows = 40;
    const batch = 300;
    const cells = rows * width;
    const at = { x: 0, users: 4 * cells, pos: 4 * cells + 4 * batch, neg: 4 * cells + 8 * batch, coef: 4 * cells + 12 * batch, g: 4 * cells + 16 * batch };
    const buffer = reserveBytes(m, at.g + 8 * cells);
    new Float32Array(buffer, at.x, cells).set(Float32Array.from({ length: cells }, () => rnd() - 0.5));
    const users = Int32Array.from({ length: batch }, () => Math.floor(rnd() * 10));
    const pos = Int32Array.from({ length: batch }, () => 10 + Math.floor(rnd() * 30));
    const neg = Int32Array.from({ length: batch }, (_, b) => (b % 7 === 0 ? pos[b] : 10 + Math.floor(rnd() * 30)));
    new Int32Array(buffer, at.users, batch).set(users);
    new Int32Array(buffer, at.pos, batch).set(pos);
    new Int32Array(buffer, at.neg, batch).set(neg);
    new Float32Array(buffer, at.coef, batch).set(Float32Array.from({ length: batch }, () => rnd() - 0.3));
    const whole = new Float32Array(buffer, at.g, cells).fill(0);
    (m.exports.bpr_grad as Grad)(at.x, at.users, at.pos, at.neg, at.coef, batch, width, at.g);
    const split = new Float32Array(buffer, at.g + 4 * cells, cells).fill(0);
    for (const [lo, hi] of [[0, 3], [3, 3], [3, 10], [10, 11], [11, 26], [26, 40]]) (m.exports.bpr_grad_rows as GradRows)(at.x, at.users, at.pos, at.neg, at.coef, batch, width, at.g + 4 * cells, lo, hi);
    expect(Buffer.from(split.slice().buffer).equals(Buffer.from(whole.slice().buffer))).toBe(true);
    expect(maxAbsDiff(split, new Float32Array(cells))).toBeGreaterThan(1e-3);
    // A range writes its own rows only.
    split.fill(0);
    (m.exports.bpr_grad_rows as GradRows)(at.x, at.users, at.pos, at.neg, at.coef, batch, width, at.g + 4 * cells, 12, 20);
    for (let r = 0; r < rows; r++) {
      const row = split.subarray(r * width, (r + 1) * width);
      if (r >= 12 && r < 20) expect(Buffer.from(row.slice().buffer).equals(Buffer.from(whole.slice(r * width, (r + 1) * width).buffer))).toBe(true);
      else expect(row.every((v) => v === 0)).toBe(true);
    }
  });
});

describe('fused step on two and three threads', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  /** A larger bipartite graph (seeded), so every thread gets row chunks of real work. */
  function bigSetup(seed: number, maxSize: number, uniform: boolean) {
    const rnd = lcg(seed);
    const users = 60;
    const items = 90;
    const edges = 900;
    const g = { users: new Int32Array(edges), items: new Int32Array(edges), timestamps: new Float64Array(edges), length: edges };
    for (let e = 0; e < edges; e++) {
      g.users[e] = Math.floor(rnd() ** 2 * users);
      g.items[e] = Math.floor(rnd() ** 3 * items);
    }
    const nodes = users + items;
    const adjacency = buildNormalizedAdjacency(g, users, items);
    const sizes = Int32Array.from({ length: nodes }, (_, e) => (uniform ? maxSize : e % 11 === 5 ? 0 : 1 + Math.floor(rnd() * maxSize)));
    sizes[0] = maxSize;
    const layout = layoutOf(sizes);
    const widths = [sizes];
    for (let k = 0; k < 3; k++) {
      const next = new Int32Array(nodes);
      for (let r = 0; r < nodes; r++) for (let e = adjacency.rowPointers[r]; e < adjacency.rowPointers[r + 1]; e++) next[r] = Math.max(next[r], widths[k][adjacency.columnIndices[e]]);
      widths.push(next);
    }
    const parameters = Float32Array.from({ length: layout.offsets[nodes] }, () => rnd() - 0.5);
    const b = 200;
    const batch = [
      Int32Array.from({ length: b }, () => Math.floor(rnd() * users)),
      Int32Array.from({ length: b }, () => users + Math.floor(rnd() * items)),
      Int32Array.from({ length: b }, () => users + Math.floor(rnd() * items)),
    ];
    return { adjacency, layout, widths, width: maxSize, parameters, batch };
  }

  it.each([
    { threads: 2, maxSize: 70, uniform: false },
    { threads: 2, maxSize: 64, uniform: true },
    { threads: 3, maxSize: 37, uniform: false },
  ])('equals one thread bit for bit ($threads threads, sizes up to $maxSize, uniform $uniform)', async ({ threads, maxSize, uniform }) => {
    await initTf({ backends: ['wasm'] });
    const s = bigSetup(threads * 100 + maxSize, maxSize, uniform);
    const input = { adjacency: s.adjacency, layout: s.layout, layerWidths: s.widths, width: s.width };
    const one = createPropagationBprStep(input)!;
    const many = createPropagationBprStep({ ...input, threads })!;
    try {
      expect(one.threads).toBe(1);
      expect(await many.ready()).toBe(threads);
      expect(many.threads).toBe(threads);
      for (let round = 0; round < 3; round++) {
        const expected = new Float32Array(s.parameters.length);
        const got = new Float32Array(s.parameters.length).fill(Number.NaN);
        const loss = one.lossAndGradient(s.parameters, s.batch[0], s.batch[1], s.batch[2], 0.01, expected);
        expect(many.lossAndGradient(s.parameters, s.batch[0], s.batch[1], s.batch[2], 0.01, got)).toBe(loss);
        expect(Buffer.from(got.buffer).equals(Buffer.from(expected.buffer))).toBe(true);
        expect(maxAbsDiff(got, new Float32Array(got.length))).toBeGreaterThan(1e-4);
        s.parameters.forEach((v, i, p) => (p[i] = v - 0.5 * expected[i])); // a different point next round
      }
    } finally {
      many.dispose();
    }
  });

  it('equals the dense autodiff reference within 1e-5 on two threads', async () => {
    await initTf({ backends: ['wasm'] });
    for (const seed of [1, 2]) {
      const s = setup(seed + 30, 3, 70);
      const step = createPropagationBprStep({ adjacency: s.adjacency, layout: s.layout, layerWidths: s.widths, width: s.width, threads: 2 })!;
      expect(await step.ready()).toBe(2);
      const gradient = new Float32Array(s.parameters.length).fill(Number.NaN);
      const loss = step.lossAndGradient(s.parameters, s.batch[0], s.batch[1], s.batch[2], 0.05, gradient);
      step.dispose();
      const reference = denseReference(s.adjacency, s.layout, s.widths, s.width, s.parameters, s.batch, 0.05);
      expect(Math.abs(loss! - reference.loss)).toBeLessThan(1e-5);
      expect(maxAbsDiff(gradient, reference.gradient)).toBeLessThan(1e-5);
    }
  });

  it('keeps working on the calling thread after dispose, and before the workers are up, with the same results', async () => {
    await initTf({ backends: ['wasm'] });
    const s = bigSetup(7, 48, false);
    const input = { adjacency: s.adjacency, layout: s.layout, layerWidths: s.widths, width: s.width };
    const expected = new Float32Array(s.parameters.length);
    const loss = createPropagationBprStep(input)!.lossAndGradient(s.parameters, s.batch[0], s.batch[1], s.batch[2], 0, expected);
    const step = createPropagationBprStep({ ...input, threads: 2 })!;
    const early = new Float32Array(s.parameters.length);
    expect(step.lossAndGradient(s.parameters, s.batch[0], s.batch[1], s.batch[2], 0, early)).toBe(loss); // workers still starting
    expect(Buffer.from(early.buffer).equals(Buffer.from(expected.buffer))).toBe(true);
    await step.ready();
    step.dispose();
    step.dispose();
    expect(step.threads).toBe(1);
    const late = new Float32Array(s.parameters.length);
    expect(step.lossAndGradient(s.parameters, s.batch[0], s.batch[1], s.batch[2], 0, late)).toBe(loss);
    expect(Buffer.from(late.buffer).equals(Buffer.from(expected.buffer))).toBe(true);
  });

  it('falls back to one thread without propagation layers or SharedArrayBuffer, and checks the option', async () => {
    await initTf({ backends: ['wasm'] });
    const flat = setup(8, 0, 24);
    const mf = createPropagationBprStep({ adjacency: flat.adjacency, layout: flat.layout, layerWidths: flat.widths, width: flat.width, threads: 2 })!;
    expect(await mf.ready()).toBe(1);
    const s = bigSetup(9, 32, false);
    const input = { adjacency: s.adjacency, layout: s.layout, layerWidths: s.widths, width: s.width };
    vi.stubGlobal('SharedArrayBuffer', undefined);
    const noShared = createPropagationBprStep({ ...input, threads: 2 })!;
    vi.unstubAllGlobals();
    expect(await noShared.ready()).toBe(1);
    const gradient = new Float32Array(s.parameters.length);
    const expected = new Float32Array(s.parameters.length);
    expect(noShared.lossAndGradient(s.parameters, s.batch[0], s.batch[1], s.batch[2], 0, gradient)).toBe(
      createPropagationBprStep(input)!.lossAndGradient(s.parameters, s.batch[0], s.batch[1], s.batch[2], 0, expected),
    );
    expect(Buffer.from(gradient.buffer).equals(Buffer.from(expected.buffer))).toBe(true);
    expect(() => createPropagationBprStep({ ...input, threads: 0 })).toThrow(/threads must be an integer >= 1 \(got 0\)/);
    expect(() => createPropagationBprStep({ ...input, threads: 1.5 })).toThrow(/threads must be an integer >= 1/);
  });

  it('splits the Adam update over its threads on shared arrays, equal bit for bit to the serial update', async () => {
    await initTf({ backends: ['wasm'] });
    const s = bigSetup(12, 40, false);
    const input = { adjacency: s.adjacency, layout: s.layout, layerWidths: s.widths, width: s.width };
    const n = 100_003;
    const rnd = lcg(5);
    const start = { p: Float32Array.from({ length: n }, () => rnd() - 0.5), g: Float32Array.from({ length: n }, () => (rnd() - 0.5) * 1e-2), m: Float32Array.from({ length: n }, () => (rnd() - 0.5) * 1e-3), v: Float32Array.from({ length: n }, () => rnd() * 1e-5) };
    const settings = { learningRate: 0.03, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, step: 7 };
    // PyTorch's Adam written out (the arithmetic of plugin-utils' adamUpdate).
    const expected = { p: start.p.slice(), m: start.m.slice(), v: start.v.slice() };
    const stepSize = settings.learningRate / (1 - settings.beta1 ** settings.step);
    const sqrtBc2 = Math.sqrt(1 - settings.beta2 ** settings.step);
    for (let j = 0; j < n; j++) {
      const gj = start.g[j];
      const mj = settings.beta1 * expected.m[j] + (1 - settings.beta1) * gj;
      const vj = settings.beta2 * expected.v[j] + (1 - settings.beta2) * gj * gj;
      expected.m[j] = mj;
      expected.v[j] = vj;
      expected.p[j] -= (stepSize * mj) / (Math.sqrt(vj) / sqrtBc2 + settings.epsilon);
    }
    const onShared = (a: Float32Array) => {
      const out = sharedFloat32Array(a.length);
      out.set(a);
      return out;
    };
    const step = createPropagationBprStep({ ...input, threads: 2 })!;
    try {
      expect(await step.ready()).toBe(2);
      const plain = { p: start.p.slice(), g: start.g.slice(), m: start.m.slice(), v: start.v.slice() };
      expect(step.adamUpdate(plain.p, plain.g, plain.m, plain.v, settings)).toBe(false); // not shared: the caller's Adam
      expect(Buffer.from(plain.p.buffer).equals(Buffer.from(start.p.buffer))).toBe(true);
      for (let round = 0; round < 2; round++) {
        const shared = { p: onShared(start.p), g: onShared(start.g), m: onShared(start.m), v: onShared(start.v) };
        expect(shared.p.buffer).toBeInstanceOf(SharedArrayBuffer);
        expect(step.adamUpdate(shared.p, shared.g, shared.m, shared.v, settings)).toBe(true);
        for (const key of ['p', 'm', 'v'] as const) expect(Buffer.from(shared[key].slice().buffer).equals(Buffer.from(expected[key].buffer))).toBe(true);
      }
      const one = createPropagationBprStep(input)!;
      const shared = { p: onShared(start.p), g: onShared(start.g), m: onShared(start.m), v: onShared(start.v) };
      expect(one.adamUpdate(shared.p, shared.g, shared.m, shared.v, settings)).toBe(false); // one thread: nothing to split
    } finally {
      step.dispose();
    }
  });

  it('profiles its phases on request, with unchanged results', async () => {
    await initTf({ backends: ['wasm'] });
    const s = bigSetup(11, 48, false);
    const input = { adjacency: s.adjacency, layout: s.layout, layerWidths: s.widths, width: s.width };
    const plain = createPropagationBprStep(input)!;
    expect(plain.takeProfile()).toBeNull();
    for (const threads of [1, 2]) {
      const profiled = createPropagationBprStep({ ...input, threads, profile: true })!;
      await profiled.ready();
      expect(profiled.takeProfile()).toEqual({ steps: 0, ms: Object.fromEntries(PROPAGATION_STEP_PHASES.map((p) => [p, 0])) });
      const expected = new Float32Array(s.parameters.length);
      const got = new Float32Array(s.parameters.length);
      const loss = plain.lossAndGradient(s.parameters, s.batch[0], s.batch[1], s.batch[2], 0.01, expected);
      for (let i = 0; i < 3; i++) expect(profiled.lossAndGradient(s.parameters, s.batch[0], s.batch[1], s.batch[2], 0.01, got)).toBe(loss);
      expect(Buffer.from(got.buffer).equals(Buffer.from(expected.buffer))).toBe(true);
      const profile = profiled.takeProfile()!;
      expect(profile.steps).toBe(3);
      expect(Object.keys(profile.ms)).toEqual([...PROPAGATION_STEP_PHASES]);
      expect(Object.values(profile.ms).every((ms) => ms >= 0)).toBe(true);
      expect(profile.ms.forward + profile.ms.backward).toBeGreaterThan(0);
      expect(profiled.takeProfile()!.steps).toBe(0); // taking it starts a new sum
      profiled.dispose();
    }
  });

  it('never keeps the process alive: a script that leaves its workers running exits', () => {
    const script = `
      import { initTf } from '@scall/tf-runtime';
      import { buildNormalizedAdjacency, createPropagationBprStep } from ${JSON.stringify(new URL('../src/index.ts', import.meta.url).pathname)};
      await initTf({ backends: ['wasm'] });
      const g = { users: Int32Array.of(0, 0, 1, 2), items: Int32Array.of(0, 1, 1, 2), timestamps: new Float64Array(4), length: 4 };
      const adjacency = buildNormalizedAdjacency(g, 3, 3);
      const sizes = new Int32Array(6).fill(8);
      const offsets = Float64Array.from({ length: 7 }, (_, i) => 8 * i);
      const step = createPropagationBprStep({ adjacency, layout: { sizes, offsets }, layerWidths: [sizes, sizes], width: 8, threads: 2 });
      const threads = await step.ready();
      const loss = step.lossAndGradient(new Float32Array(48).fill(0.1), Int32Array.of(0), Int32Array.of(3), Int32Array.of(4), 0, new Float32Array(48));
      console.log(JSON.stringify({ threads, loss }));
    `;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--conditions=@scall/source', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000, cwd: new URL('..', import.meta.url).pathname });
    expect(child.error).toBeUndefined();
    expect(child.status, child.stderr).toBe(0);
    const out = JSON.parse(child.stdout.trim().split('\n').at(-1)!);
    expect(out.threads, child.stderr).toBe(2);
    expect(Number.isFinite(out.loss)).toBe(true);
  });
});
