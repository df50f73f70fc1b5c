import { describe, expect, it } from 'vitest';
import { hasSegmentSumKernel, initTf, registerSegmentSumKernels, segmentSumValues } from '../src/index.js';
import type { SegmentSumBackend } from '../src/index.js';
import type { Tensor } from '@tensorflow/tfjs';

/** A small deterministic pseudo-random float in [-1, 1) (no tfjs randomness involved). */
function values(n: number, seed: number): number[] {
  const out: number[] = [];
  let h = seed >>> 0;
  for (let i = 0; i < n; i++) {
    h = (Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    out.push((h / 2 ** 32) * 2 - 1);
  }
  return out;
}

/** Dense reference: out = onehot(ids)^T · x, written as explicit loops over every (segment, row) pair. */
function denseSegmentSum(x: number[], ids: number[], numSegments: number, inner: number): number[] {
  const out = new Array<number>(numSegments * inner).fill(0);
  for (let s = 0; s < numSegments; s++) {
    for (let r = 0; r < ids.length; r++) {
      const oneHot = ids[r] === s ? 1 : 0;
      for (let j = 0; j < inner; j++) out[s * inner + j] += oneHot * x[r * inner + j];
    }
  }
  return out;
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance = 1e-5): void {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
  expect(worst).toBeLessThanOrEqual(tolerance);
}

describe('segmentSumValues', () => {
  it('sums rows by id and drops ids outside [0, numSegments)', () => {
    const x = Float32Array.from([1, 10, 2, 20, 3, 30, 4, 40]);
    const ids = Int32Array.from([1, -1, 1, 5]);
    const out = segmentSumValues(x, ids, 3, new Float32Array(6));
    expect(Array.from(out)).toEqual([0, 0, 4, 40, 0, 0]);
  });
});

describe.each<SegmentSumBackend>(['cpu', 'wasm'])('UnsortedSegmentSum on %s', (backend) => {
  it('is the linear-time kernel after initTf', async () => {
    await initTf({ backends: [backend] });
    expect(hasSegmentSumKernel(backend)).toBe(true);
    registerSegmentSumKernels(); // idempotent
    expect(hasSegmentSumKernel(backend)).toBe(true);
  });

  it('matches a dense reference forward, including dropped ids and int32 input', async () => {
    const { tf } = await initTf({ backends: [backend] });
    const rows = 37;
    const inner = 5;
    const numSegments = 11;
    const x = values(rows * inner, 1);
    const ids = Array.from({ length: rows }, (_, r) => ((r * 7) % 13) - 1); // -1 and 11 are dropped
    const out = tf.unsortedSegmentSum(tf.tensor2d(x, [rows, inner]), tf.tensor1d(ids, 'int32'), numSegments);
    expect(out.shape).toEqual([numSegments, inner]);
    const expected = denseSegmentSum(x, ids.map((s) => (s < numSegments ? s : -1)), numSegments, inner);
    expectClose(await out.data(), expected);

    const ints = tf.unsortedSegmentSum(tf.tensor1d([1, 2, 3, 4], 'int32'), tf.tensor1d([2, 0, 2, 1], 'int32'), 3);
    expect(ints.dtype).toBe('int32');
    expect(Array.from(await ints.data())).toEqual([2, 4, 4]);
  });

  it('handles multi-dimensional segment ids (a prefix of x shape)', async () => {
    const { tf } = await initTf({ backends: [backend] });
    const x = tf.tensor3d(values(2 * 3 * 2, 2), [2, 3, 2]);
    const ids = tf.tensor2d([[0, 1, 0], [2, 1, 0]], [2, 3], 'int32');
    const out = tf.unsortedSegmentSum(x, ids as unknown as Parameters<typeof tf.unsortedSegmentSum>[1], 3) // tfjs types say 1-D; the kernel accepts any prefix shape;
    expect(out.shape).toEqual([3, 2]);
    const expected = denseSegmentSum(Array.from(await x.data()), [0, 1, 0, 2, 1, 0], 3, 2);
    expectClose(await out.data(), expected);
  });

  it('gives tf.gather a gradient that matches the dense one-hot reference to 1e-5', async () => {
    const { tf } = await initTf({ backends: [backend] });
    const numRows = 23;
    const dim = 6;
    const batch = 41;
    const table = values(numRows * dim, 3);
    const weights = values(batch * dim, 4);
    const indices = Array.from({ length: batch }, (_, b) => (b * 5 + (b >> 2)) % numRows);
    const w = tf.tensor2d(weights, [batch, dim]);
    const grad = tf.grad((e: Tensor) => tf.sum(tf.mul(tf.gather(e, tf.tensor1d(indices, 'int32')), w)));
    const g = grad(tf.tensor2d(table, [numRows, dim]));
    expect(g.shape).toEqual([numRows, dim]);
    // d/dE sum(onehot(idx) E * W) = onehot(idx)^T W
    expectClose(await g.data(), denseSegmentSum(weights, indices, numRows, dim));
  });

  it('differentiates tf.unsortedSegmentSum itself (gradient = gather of dy)', async () => {
    const { tf } = await initTf({ backends: [backend] });
    const rows = 17;
    const inner = 3;
    const numSegments = 5;
    const ids = Array.from({ length: rows }, (_, r) => (r % 6) - 1); // includes -1 (dropped)
    const upstream = values(numSegments * inner, 5);
    const dy = tf.tensor2d(upstream, [numSegments, inner]);
    const grad = tf.grad((x: Tensor) =>
      tf.sum(tf.mul(tf.unsortedSegmentSum(x, tf.tensor1d(ids, 'int32'), numSegments), dy)),
    );
    const g = grad(tf.tensor2d(values(rows * inner, 6), [rows, inner]));
    const expected: number[] = [];
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < inner; j++) expected.push(ids[r] >= 0 ? upstream[ids[r] * inner + j] : 0);
    }
    expectClose(await g.data(), expected);
  });
});

describe('registerSegmentSumKernels', () => {
  it('rejects an unknown backend by name', () => {
    expect(() => registerSegmentSumKernels(['webgl' as 'cpu'])).toThrow(/unsupported backend "webgl"/);
  });
});
