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
 * Adam over parameters' JavaScript copies, with global gradient-norm clipping. Its
 * moments are plain arrays, so they snapshot and restore exactly.
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
    const stepSize = learningRate / (1 - beta1 ** this.step);
    const sqrtBc2 = Math.sqrt(1 - beta2 ** this.step);
    for (let i = 0; i < this.params.length; i++) {
      const p = this.params[i].values;
      const g = grads[i];
      const m = this.m[i];
      const v = this.v[i];
      for (let j = 0; j < p.length; j++) {
        const gj = g[j] * scale;
        m[j] = beta1 * m[j] + (1 - beta1) * gj;
        v[j] = beta2 * v[j] + (1 - beta2) * gj * gj;
        p[j] -= (stepSize * m[j]) / (Math.sqrt(v[j]) / sqrtBc2 + epsilon);
      }
      this.params[i].upload();
    }
  }
}
