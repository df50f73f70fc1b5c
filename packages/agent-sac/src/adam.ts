import { adamUpdate } from '@scall/plugin-utils';
import type { Parameter } from './parameter.js';

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
 * Adam with L2 weight decay and global gradient-norm clipping, as
 * `torch.nn.utils.clip_grad_norm_` followed by `torch.optim.Adam.step()`. Each
 * parameter's update is one fused loop over its JavaScript copy (`adamUpdate` from
 * `@scall/plugin-utils`, far fewer passes over memory than a chain of tensor ops); the
 * moments are plain arrays, so they snapshot and restore exactly.
 */
export class Adam {
  /** Number of steps taken (bias correction uses it). */
  step = 0;
  readonly m: Float32Array[];
  readonly v: Float32Array[];

  constructor(
    readonly params: readonly Parameter[],
    readonly settings: AdamSettings,
  ) {
    this.m = params.map((p) => new Float32Array(p.values.length));
    this.v = params.map((p) => new Float32Array(p.values.length));
  }

  /** The global L2 norm of a list of gradients. */
  static globalNorm(grads: readonly Float32Array[]): number {
    let sum = 0;
    for (const g of grads) for (let j = 0; j < g.length; j++) sum += g[j] * g[j];
    return Math.sqrt(sum);
  }

  /** Applies one update from gradients given in the order of `params`, then uploads the parameters. */
  apply(grads: readonly Float32Array[]): void {
    if (grads.length !== this.params.length) throw new Error(`Adam.apply: got ${grads.length} gradients for ${this.params.length} parameters`);
    const { learningRate, weightDecay, clipNorm, beta1, beta2, epsilon } = this.settings;
    this.step += 1;
    const scale = Number.isFinite(clipNorm) ? Math.min(1, clipNorm / (Adam.globalNorm(grads) + 1e-6)) : 1;
    const step = { learningRate, beta1, beta2, epsilon, step: this.step };
    for (let i = 0; i < this.params.length; i++) {
      const p = this.params[i].values;
      const g = grads[i];
      if (g.length !== p.length) throw new Error(`Adam.apply: gradient ${i} has ${g.length} values, its parameter ${p.length}`);
      adamUpdate(p, g, this.m[i], this.v[i], step, { scale, weightDecay });
      this.params[i].upload();
    }
  }
}
