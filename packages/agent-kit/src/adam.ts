import { adamUpdate } from '@scall/plugin-utils';
import type { Parameter } from './parameter.js';

/**
 * When global gradient-norm clipping scales the gradients. `torch`: by
 * `min(1, clipNorm / (norm + 1e-6))`, as `torch.nn.utils.clip_grad_norm_`. `above-norm`:
 * by `clipNorm / (norm + 1e-6)` only once the norm exceeds `clipNorm` (the TD3 agent's
 * rule, kept so its results do not change).
 */
export type ClipRule = 'torch' | 'above-norm';

/** Settings of one {@link Adam} optimiser. */
export interface AdamSettings {
  readonly learningRate: number;
  /** L2 penalty added to the gradient before the moments (PyTorch `Adam(weight_decay=...)`). Default 0. */
  readonly weightDecay?: number;
  /** Global gradient-norm clip applied before the weight decay (`Infinity`: none). */
  readonly clipNorm: number;
  /** Default `"torch"`. */
  readonly clipRule?: ClipRule;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
}

/**
 * Adam with L2 weight decay and global gradient-norm clipping, as
 * `torch.nn.utils.clip_grad_norm_` followed by `torch.optim.Adam.step()`, over
 * {@link Parameter}s. Each parameter's update is one fused loop over its JavaScript copy
 * (`adamUpdate` from `@scall/plugin-utils`, the one Adam loop of the project: far fewer
 * passes over memory than a chain of tensor ops); the moments are plain arrays, so they
 * snapshot and restore exactly.
 *
 * @example
 * const adam = new Adam(net.parameters, { learningRate: 1e-3, clipNorm: 1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
 * adam.apply(net.variables.map((v) => grads[v.name].dataSync() as Float32Array));
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
    const { learningRate, clipNorm, beta1, beta2, epsilon } = this.settings;
    const weightDecay = this.settings.weightDecay ?? 0;
    this.step += 1;
    const scale = this.clipScale(grads, clipNorm);
    const step = { learningRate, beta1, beta2, epsilon, step: this.step };
    // Without clipping or decay the plain loop; otherwise g * scale + weightDecay * p.
    const transform = scale === 1 && weightDecay === 0 ? undefined : { scale, weightDecay };
    for (let i = 0; i < this.params.length; i++) {
      const p = this.params[i].values;
      const g = grads[i];
      if (g.length !== p.length) throw new Error(`Adam.apply: gradient ${i} has ${g.length} values, its parameter ${p.length}`);
      adamUpdate(p, g, this.m[i], this.v[i], step, transform);
      this.params[i].upload();
    }
  }

  private clipScale(grads: readonly Float32Array[], clipNorm: number): number {
    if (!Number.isFinite(clipNorm)) return 1;
    const norm = Adam.globalNorm(grads);
    if ((this.settings.clipRule ?? 'torch') === 'above-norm') return norm > clipNorm ? clipNorm / (norm + 1e-6) : 1;
    return Math.min(1, clipNorm / (norm + 1e-6));
  }
}
