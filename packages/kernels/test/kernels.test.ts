import { initTf } from '@scall/tf-runtime';
import type { BackendName } from '@scall/tf-runtime';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setDirectKernelsEnabled } from '../src/kernel-registration.js';
import { setWasmKernelsEnabled } from '../src/wasm-module.js';
import {
  bprLoss,
  buildNormalizedAdjacency,
  createCsrMatrix,
  sumSquaredRows,
  gatherRows,
  paddedToRagged,
  raggedToPadded,
  scatterAddRows,
  sparseDenseMatMul,
  SPARSE_DENSE_MATMUL,
} from '../src/index.js';
import type { CsrMatrix, RaggedLayout } from '../src/index.js';

/** A small deterministic pseudo-random stream (test data only). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
}

function randomCsr(rows: number, cols: number, density: number, seed: number): { csr: CsrMatrix; dense: Float32Array } {
  const rnd = lcg(seed);
  const dense = new Float32Array(rows * cols);
  const rp = [0];
  const ci: number[] = [];
  const vs: number[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      if (rnd() + 0.5 < density) {
        const v = rnd();
        dense[r * cols + c] = Math.fround(v);
        ci.push(c);
        vs.push(v);
      }
    }
    rp.push(ci.length);
  }
  const csr = createCsrMatrix({ numRows: rows, numColumns: cols, rowPointers: Int32Array.from(rp), columnIndices: Int32Array.from(ci), values: Float32Array.from(vs), symmetric: false });
  return { csr, dense };
}

function randomTensor(shape: [number, number], seed: number): tf.Tensor2D {
  const rnd = lcg(seed);
  return tf.tensor2d(Float32Array.from({ length: shape[0] * shape[1] }, rnd), shape);
}

function expectClose(actual: tf.Tensor, expected: tf.Tensor): void {
  expect(actual.shape).toEqual(expected.shape);
  const a = actual.dataSync();
  const e = expected.dataSync();
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - e[i]));
  expect(worst).toBeLessThan(1e-5);
}

function maskOf(widths: Int32Array, width: number): tf.Tensor2D {
  const m = new Float32Array(widths.length * width);
  for (let r = 0; r < widths.length; r++) m.fill(1, r * width, r * width + widths[r]);
  return tf.tensor2d(m, [widths.length, width]);
}

const BACKENDS: BackendName[] = ['cpu', 'wasm'];
const CASES = [
  ...BACKENDS.flatMap((backend) => [
    { backend, path: 'SIMD modules', simd: true, direct: true },
    { backend, path: 'plain JS loops', simd: false, direct: true },
  ]),
  // The generic path used on tfjs-node / webgl: stock tfjs ops (gather + segment sums).
  { backend: 'cpu' as BackendName, path: 'generic tfjs ops', simd: true, direct: false },
];

describe.each(CASES)('kernels on $backend ($path)', ({ backend, simd, direct }) => {
  beforeAll(() => {
    setWasmKernelsEnabled(simd);
    setDirectKernelsEnabled(direct);
  });
  afterAll(() => {
    setWasmKernelsEnabled(true);
    setDirectKernelsEnabled(true);
  });

  it('runs on the requested backend', async () => {
    const runtime = await initTf({ backends: [backend] });
    expect(runtime.backend).toBe(backend);
  });

  it('sparse x dense and its transpose match the dense product, value and gradient', async () => {
    await initTf({ backends: [backend] });
    const { csr, dense } = randomCsr(7, 5, 0.4, 1);
    const A = tf.tensor2d(dense, [7, 5]);
    const x = randomTensor([5, 3], 2);
    const y = randomTensor([7, 3], 3);
    const weight = randomTensor([7, 3], 4);
    expectClose(sparseDenseMatMul(csr, x), tf.matMul(A, x));
    if (direct) expect(tf.getKernel(SPARSE_DENSE_MATMUL, backend)).toBeDefined();
    expectClose(sparseDenseMatMul(csr, y, { transpose: true }), tf.matMul(A, y, true, false));
    const fast = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(sparseDenseMatMul(csr, v as tf.Tensor2D), weight)))(x);
    const reference = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tf.matMul(A, v as tf.Tensor2D), weight)))(x);
    expectClose(fast, reference);
    const weightT = randomTensor([5, 3], 5);
    const fastT = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(sparseDenseMatMul(csr, v as tf.Tensor2D, { transpose: true }), weightT)))(y);
    const referenceT = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tf.matMul(A, v as tf.Tensor2D, true, false), weightT)))(y);
    expectClose(fastT, referenceT);
  });

  it('respects structural widths, skipping padded columns in value and gradient', async () => {
    await initTf({ backends: [backend] });
    const { csr, dense } = randomCsr(6, 6, 0.5, 7);
    const A = tf.tensor2d(dense, [6, 6]);
    const inW = Int32Array.of(1, 4, 0, 2, 4, 3);
    const outW = Int32Array.of(4, 2, 3, 0, 1, 4);
    const x = randomTensor([6, 4], 8);
    const weight = randomTensor([6, 4], 9);
    const f = (v: tf.Tensor) => tf.sum(tf.mul(sparseDenseMatMul(csr, v as tf.Tensor2D, { inputWidths: inW, outputWidths: outW }), weight));
    const ref = (v: tf.Tensor) => tf.sum(tf.mul(tf.mul(tf.matMul(A, tf.mul(v, maskOf(inW, 4)) as tf.Tensor2D), maskOf(outW, 4)), weight));
    expectClose(tf.scalar(f(x).dataSync()[0]), tf.scalar(ref(x).dataSync()[0]));
    expectClose(tf.grad(f)(x), tf.grad(ref)(x));
  });

  it('matches the dense reference at widths spanning several 16-column blocks', async () => {
    await initTf({ backends: [backend] });
    const { csr, dense } = randomCsr(20, 20, 0.3, 31);
    const A = tf.tensor2d(dense, [20, 20]);
    const rnd = lcg(32);
    const inW = Int32Array.from({ length: 20 }, (_, r) => (r % 4 === 0 ? 37 : Math.floor((rnd() + 0.5) * 38)));
    const outW = Int32Array.from({ length: 20 }, (_, r) => (r % 3 === 0 ? 37 : Math.floor((rnd() + 0.5) * 38)));
    const x = randomTensor([20, 37], 33);
    const weight = randomTensor([20, 37], 34);
    const f = (v: tf.Tensor) => tf.sum(tf.mul(sparseDenseMatMul(csr, v as tf.Tensor2D, { inputWidths: inW, outputWidths: outW }), weight));
    const ref = (v: tf.Tensor) => tf.sum(tf.mul(tf.mul(tf.matMul(A, tf.mul(v, maskOf(inW, 37)) as tf.Tensor2D), maskOf(outW, 37)), weight));
    expectClose(sparseDenseMatMul(csr, x, { inputWidths: inW, outputWidths: outW }), tf.mul(tf.matMul(A, tf.mul(x, maskOf(inW, 37)) as tf.Tensor2D), maskOf(outW, 37)));
    expectClose(tf.grad(f)(x), tf.grad(ref)(x));
    expectClose(sparseDenseMatMul(csr, x), tf.matMul(A, x));
  });

  it('builds a symmetric normalised adjacency equal to the dense D^-1/2 A D^-1/2', async () => {
    await initTf({ backends: [backend] });
    const users = Int32Array.of(0, 0, 1, 2, 2, 2, 0);
    const items = Int32Array.of(0, 1, 1, 0, 2, 3, 0); // (0,0) repeated; item 4 isolated
    const graph = { users, items, timestamps: new Float64Array(7), length: 7 };
    const adjacency = buildNormalizedAdjacency(graph, 3, 5);
    const n = 8;
    const a = new Float32Array(n * n);
    for (let k = 0; k < 7; k++) {
      a[users[k] * n + 3 + items[k]] = 1;
      a[(3 + items[k]) * n + users[k]] = 1;
    }
    const degree = Array.from({ length: n }, (_, r) => a.slice(r * n, r * n + n).reduce((s, v) => s + v, 0));
    const norm = a.map((v, idx) => (v === 0 ? 0 : v / Math.sqrt(degree[Math.floor(idx / n)] * degree[idx % n])));
    const x = randomTensor([n, 2], 11);
    const dense = tf.tensor2d(norm, [n, n]);
    expectClose(sparseDenseMatMul(adjacency, x), tf.matMul(dense, x));
    const weight = randomTensor([n, 2], 12);
    const viaKernel = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(sparseDenseMatMul(adjacency, v as tf.Tensor2D), weight)))(x);
    expectClose(viaKernel, tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tf.matMul(dense, v as tf.Tensor2D), weight)))(x));
    expect(adjacency.rowPointers[n]).toBe(12);
    expect(() => buildNormalizedAdjacency(graph, 2, 5)).toThrow(/interaction 3 has user 2/);
  });

  it('gathers rows and scatter-adds the gradient like tf.gather on a dense reference', async () => {
    await initTf({ backends: [backend] });
    const x = randomTensor([5, 3], 12);
    const indices = tf.tensor1d([4, 0, 4, 2], 'int32');
    const weight = randomTensor([4, 3], 13);
    const onehot = tf.oneHot(indices, 5).toFloat() as tf.Tensor2D;
    expectClose(gatherRows(x, indices), tf.matMul(onehot, x));
    const g = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(gatherRows(v as tf.Tensor2D, indices), weight)))(x);
    expectClose(g, tf.matMul(onehot, weight, true, false));
    expectClose(scatterAddRows(weight, indices, 5), tf.matMul(onehot, weight, true, false));
    const gs = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(scatterAddRows(v as tf.Tensor2D, indices, 5), x)))(weight);
    expectClose(gs, tf.matMul(onehot, x));
    expect(() => gatherRows(x, tf.tensor1d([5], 'int32'))).toThrow(/indices\[0\] = 5 is outside \[0, 5\)|index value 5/);
  });

  it('pads ragged buffers and packs their gradient back, padding untouched', async () => {
    await initTf({ backends: [backend] });
    const layout: RaggedLayout = { sizes: Int32Array.of(2, 0, 3, 1), offsets: Float64Array.of(0, 2, 2, 5, 6) };
    const values = tf.tensor1d([1, 2, 3, 4, 5, 6]);
    const padded = raggedToPadded(values, layout, 3);
    expect(Array.from(padded.dataSync())).toEqual([1, 2, 0, 0, 0, 0, 3, 4, 5, 6, 0, 0]);
    expect(Array.from(paddedToRagged(padded, layout).dataSync())).toEqual([1, 2, 3, 4, 5, 6]);
    const weight = randomTensor([4, 3], 14);
    const g = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(raggedToPadded(v as tf.Tensor1D, layout, 3), weight)))(values);
    const w = weight.dataSync();
    expectClose(g, tf.tensor1d([w[0], w[1], w[6], w[7], w[8], w[9]]));
    expect(() => raggedToPadded(values, layout, 2)).toThrow(/entity 2 has size 3, outside \[0, width 2\]/);
  });

  it('fuses the BPR loss and its gradient exactly like the composed tfjs ops', async () => {
    await initTf({ backends: [backend] });
    for (const width of [8, 7]) {
      const x = tf.mul(randomTensor([9, width], 15 + width), 2) as tf.Tensor2D;
      const users = tf.tensor1d([0, 1, 2, 0, 3], 'int32');
      const positives = tf.tensor1d([4, 5, 6, 7, 4], 'int32');
      const negatives = tf.tensor1d([8, 4, 7, 5, 8], 'int32');
      const reference = (v: tf.Tensor) => {
        const u = tf.gather(v, users);
        const d = tf.sum(tf.mul(u, tf.sub(tf.gather(v, negatives), tf.gather(v, positives))), 1);
        return tf.mul(tf.mean(tf.softplus(d)), 3) as tf.Scalar;
      };
      const fused = (v: tf.Tensor) => tf.mul(bprLoss(v as tf.Tensor2D, users, positives, negatives), 3) as tf.Scalar;
      expectClose(fused(x), reference(x));
      expectClose(tf.grad(fused)(x), tf.grad(reference)(x));
    }
    expect(() => bprLoss(randomTensor([3, 2], 1), tf.tensor1d([0], 'int32'), tf.tensor1d([3], 'int32'), tf.tensor1d([1], 'int32'))).toThrow(
      /positives\[0\] = 3 is outside \[0, 3\)|index value 3/,
    );
  });

  it('sums squared rows (repeats counted) with the gradient of the dense reference', async () => {
    await initTf({ backends: [backend] });
    const x = randomTensor([6, 5], 21);
    const indices = tf.tensor1d([5, 0, 5, 2, 5], 'int32');
    const reference = (v: tf.Tensor) => tf.mul(tf.sum(tf.square(tf.gather(v, indices))), 0.7) as tf.Scalar;
    const fused = (v: tf.Tensor) => tf.mul(sumSquaredRows(v as tf.Tensor2D, indices), 0.7) as tf.Scalar;
    expectClose(fused(x), reference(x));
    expectClose(tf.grad(fused)(x), tf.grad(reference)(x));
  });
});
