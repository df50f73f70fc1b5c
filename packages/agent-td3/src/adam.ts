import { adamUpdate } from '@scall/plugin-utils';
import type { Parameter } from './parameter.js';

/** Settings of one {@link Adam} optimiser. */
export interface AdamSettings {
  readonly learningRate: number;
  /** Global gradient-norm clip (`Infinity`: none), as `torch.nn.utils.clip_grad_norm_`. */
  readonly clipNorm: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
}

/**
 * Adam over parameters' JavaScript copies, with global gradient-norm clipping; each
 * parameter's update is `adamUpdate` from `@scall/plugin-utils` (the one Adam loop the
 * agents and embedding tables share). Its moments are plain arrays, so they snapshot and
 * restore exactly.
 */
export class Adam {
  /** Steps taken (for the bias correction). */
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

  /** One update from gradients given in the order of `params`; uploads the parameters. */
  apply(grads: readonly Float32Array[]): void {
    if (grads.length !== this.params.length) throw new Error(`Adam.apply: got ${grads.length} gradients for ${this.params.length} parameters`);
    const { learningRate, clipNorm, beta1, beta2, epsilon } = this.settings;
    let norm = 0;
    for (const g of grads) for (let j = 0; j < g.length; j++) norm += g[j] * g[j];
    norm = Math.sqrt(norm);
    const scale = Number.isFinite(clipNorm) && norm > clipNorm ? clipNorm / (norm + 1e-6) : 1;
    this.step += 1;
    const step = { learningRate, beta1, beta2, epsilon, step: this.step };
    const transform = scale === 1 ? undefined : { scale, weightDecay: 0 };
    for (let i = 0; i < this.params.length; i++) {
      adamUpdate(this.params[i].values, grads[i], this.m[i], this.v[i], step, transform);
      this.params[i].upload();
    }
  }
}
