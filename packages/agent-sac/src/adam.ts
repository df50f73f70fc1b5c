import * as tf from '@tensorflow/tfjs-core';
import { variableFrom } from './dense-stack.js';

/** Settings of one {@link Adam} optimiser. */
export interface AdamSettings {
  readonly learningRate: number;
  /** L2 penalty added to the gradient before the moments (PyTorch `Adam(weight_decay=...)`). */
  readonly weightDecay: number;
  /** Global gradient-norm clip applied before the weight decay (`Infinity`: none). */
  readonly clipNorm: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
}

/**
 * Adam with L2 weight decay and global gradient-norm clipping, written out with tfjs
 * ops so that its moments and step count can be snapshotted and restored exactly.
 * Matches `torch.nn.utils.clip_grad_norm_` followed by `torch.optim.Adam.step()`.
 */
export class Adam {
  /** Number of steps taken (bias correction uses it). */
  step = 0;
  readonly m: tf.Variable[];
  readonly v: tf.Variable[];

  constructor(
    readonly params: readonly tf.Variable[],
    readonly settings: AdamSettings,
  ) {
    this.m = params.map((p) => variableFrom(tf.zerosLike(p), false));
    this.v = params.map((p) => variableFrom(tf.zerosLike(p), false));
  }

  /** Applies one update from gradients given in the order of `params`. */
  apply(grads: readonly tf.Tensor[]): void {
    const { learningRate, weightDecay, clipNorm, beta1, beta2, epsilon } = this.settings;
    this.step += 1;
    const t = this.step;
    const bc1 = 1 - beta1 ** t;
    const bc2 = 1 - beta2 ** t;
    tf.tidy(() => {
      let scale: tf.Scalar | undefined;
      if (Number.isFinite(clipNorm)) {
        const norm = tf.sqrt(tf.addN(grads.map((g) => tf.sum(tf.square(g)))));
        scale = tf.minimum(tf.scalar(1), tf.div(tf.scalar(clipNorm), tf.add(norm, tf.scalar(1e-6)))) as tf.Scalar;
      }
      for (let i = 0; i < this.params.length; i++) {
        const p = this.params[i];
        let g = grads[i];
        if (scale) g = tf.mul(g, scale);
        if (weightDecay > 0) g = tf.add(g, tf.mul(p, tf.scalar(weightDecay)));
        const m = tf.add(tf.mul(this.m[i], tf.scalar(beta1)), tf.mul(g, tf.scalar(1 - beta1)));
        const v = tf.add(tf.mul(this.v[i], tf.scalar(beta2)), tf.mul(tf.square(g), tf.scalar(1 - beta2)));
        const denom = tf.add(tf.div(tf.sqrt(v), tf.scalar(Math.sqrt(bc2))), tf.scalar(epsilon));
        const update = tf.div(tf.mul(m, tf.scalar(learningRate / bc1)), denom);
        this.m[i].assign(m);
        this.v[i].assign(v);
        p.assign(tf.sub(p, update));
      }
    });
  }

  /** Frees the moment tensors (not the parameters). */
  dispose(): void {
    for (const x of [...this.m, ...this.v]) x.dispose();
  }
}
