import { createRng } from '@scall/rng';
import { initTf } from '@scall/tf-runtime';
import type { TfRuntime } from '@scall/tf-runtime';
import { beforeAll, describe, expect, it } from 'vitest';
import { Adam, DenseStack, Parameter } from '../src/index.js';

let tf: TfRuntime['tf'];
beforeAll(async () => {
  ({ tf } = await initTf({ backends: ['wasm'] }));
});

describe('DenseStack', () => {
  it('matches a plain concatenated MLP in value and in gradients (weights and the action input)', () => {
    const net = new DenseStack(
      {
        inputs: [
          { name: 'state', width: 5, needsGradient: false },
          { name: 'action', width: 2, needsGradient: true },
        ],
        widths: [4, 3],
      },
      createRng(1),
    );
    const rng = createRng(2);
    const values = (n: number) => Float32Array.from({ length: n }, () => 2 * rng.next() - 1);
    // Feature-major activations: [features, batch]; kernels [out, in].
    const states = tf.tensor2d(values(5 * 3), [5, 3]);
    const actions = tf.tensor2d(values(2 * 3), [2, 3]);
    const weights = tf.tensor2d(values(3 * 3), [3, 3]);
    const [ks, ka, b0, k1, b1] = net.variables;
    expect([ks.shape, ka.shape, b0.shape, k1.shape, b1.shape]).toEqual([[4, 5], [4, 2], [4, 1], [3, 4], [3, 1]]);
    // Reference: a batch-major MLP over the concatenated input, with tfjs's own gradients.
    type T = typeof actions;
    const plain = (a: T, kState: T, kAction: T, bias0: T, kernel1: T, bias1: T) => {
      const x = tf.concat([tf.transpose(states), tf.transpose(a)], 1);
      const h = tf.relu(tf.add(tf.matMul(x, tf.transpose(tf.concat([kState, kAction], 1))), tf.transpose(bias0)));
      return tf.sum(tf.mul(tf.add(tf.matMul(h, tf.transpose(kernel1)), tf.transpose(bias1)), tf.transpose(weights)));
    };
    const ours = (a: T) => tf.sum(tf.mul(net.apply([states, a]), weights));
    expect(ours(actions).dataSync()[0]).toBeCloseTo(plain(actions, ks as T, ka as T, b0 as T, k1 as T, b1 as T).dataSync()[0], 5);
    const expected = tf.grads((a, w0, w1, c0, w2, c1) => plain(a as T, w0 as T, w1 as T, c0 as T, w2 as T, c1 as T))([actions, ks, ka, b0, k1, b1]);
    const { grads } = tf.variableGrads(() => ours(actions) as never, net.variables);
    net.variables.forEach((v, i) => {
      const got = grads[v.name].dataSync();
      expect(got.length).toBe(v.size);
      expected[i + 1].dataSync().forEach((x, j) => expect(got[j]).toBeCloseTo(x, 5));
    });
    const actionGrad = tf.grad((a) => ours(a as T))(actions).dataSync();
    expected[0].dataSync().forEach((x, j) => expect(actionGrad[j]).toBeCloseTo(x, 5));
    net.dispose();
  });

  it('initialises a copy with the same values', () => {
    const input = [{ name: 'x', width: 3, needsGradient: false }];
    const a = new DenseStack({ inputs: input, widths: [2], output: 'relu' }, createRng(3));
    const b = new DenseStack(a.layout, a);
    expect(b.parameters.map((p) => Array.from(p.values))).toEqual(a.parameters.map((p) => Array.from(p.values)));
    expect(Array.from(b.variables[0].dataSync())).toEqual(Array.from(a.parameters[0].values));
    a.dispose();
    b.dispose();
  });
});

describe('Adam', () => {
  it('follows clip_grad_norm_ then torch.optim.Adam with L2 weight decay, step by step', () => {
    const start = [1, -2, 0.5];
    const param = new Parameter([3], Float32Array.from(start));
    const settings = { learningRate: 0.1, weightDecay: 0.01, clipNorm: 1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };
    const adam = new Adam([param], settings);
    const gradients = [
      [3, 4, 0], // norm 5: scaled to norm 1
      [0.1, -0.2, 0.05], // below the clip
    ];
    // Reference written from the PyTorch documentation, one coordinate at a time.
    const p = [...start];
    const m = [0, 0, 0];
    const v = [0, 0, 0];
    gradients.forEach((g, step) => {
      const norm = Math.hypot(...g);
      const scale = Math.min(1, 1 / (norm + 1e-6));
      const t = step + 1;
      for (let j = 0; j < 3; j++) {
        const gj = g[j] * scale + 0.01 * p[j];
        m[j] = 0.9 * m[j] + 0.1 * gj;
        v[j] = 0.999 * v[j] + 0.001 * gj * gj;
        const mHat = m[j] / (1 - 0.9 ** t);
        const vHat = v[j] / (1 - 0.999 ** t);
        p[j] -= (0.1 * mHat) / (Math.sqrt(vHat) + 1e-8);
      }
      adam.apply([Float32Array.from(g)]);
      p.forEach((x, j) => expect(param.values[j]).toBeCloseTo(x, 5));
      expect(Array.from(param.variable.dataSync())).toEqual(Array.from(param.values));
    });
    expect(adam.step).toBe(2);
    param.dispose();
  });
});
