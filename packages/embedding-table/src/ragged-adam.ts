import { adamUpdate, type AdamStep } from '@scall/plugin-utils';

/** What applies one Adam update to the arrays (`adamUpdate`'s signature): an executor that may run it elsewhere, with the same arithmetic. */
export type AdamUpdateExecutor = (values: Float32Array, gradient: ArrayLike<number>, firstMoment: Float32Array, secondMoment: Float32Array, step: AdamStep) => void;
import type { JsonValue } from '@scall/spec';

/** Hyper-parameters of {@link RaggedAdam}. */
export interface AdamOptions {
  /** Default 0.9. */
  readonly beta1?: number;
  /** Default 0.999. */
  readonly beta2?: number;
  /** Default 1e-8. */
  readonly epsilon?: number;
}

/**
 * Adam whose first and second moments are ragged like the table they update: one
 * float32 each per stored parameter, never MAX-wide. Same update as PyTorch's Adam
 * (bias-corrected, epsilon added after the square root, no weight decay): `adamUpdate`
 * of `@scall/plugin-utils`. The sparse tables' `MaskedAdam` extends it.
 */
export class RaggedAdam {
  /** First moments, one per parameter (a subclass that re-lays its table replaces the array). */
  firstMoment: Float32Array;
  /** Second moments, one per parameter. */
  secondMoment: Float32Array;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  /** Updates applied so far. */
  step = 0;

  /** Moments for `parameters` values, all zero. */
  constructor(parameters: number, options: AdamOptions = {}) {
    this.firstMoment = new Float32Array(parameters);
    this.secondMoment = new Float32Array(parameters);
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-8;
  }

  /** Bytes of optimiser state: 8 per parameter. */
  bytes(): number {
    return this.firstMoment.byteLength + this.secondMoment.byteLength;
  }

  /** One Adam step: `values -= lr * mhat / (sqrt(vhat) + eps)`, in place. */
  apply(values: Float32Array, gradient: ArrayLike<number>, learningRate: number): void {
    this.applyWith(adamUpdate, values, gradient, learningRate);
  }

  /**
   * {@link apply} through `update`, which applies the same update to the arrays (e.g. the
   * fused LightGCN step's `adamUpdate`, the same arithmetic split over its threads); the
   * step counter is still counted here.
   */
  applyWith(update: AdamUpdateExecutor, values: Float32Array, gradient: ArrayLike<number>, learningRate: number): void {
    const step = this.nextStep('RaggedAdam', values, gradient, learningRate);
    update(values, gradient, this.firstMoment, this.secondMoment, step);
  }

  /** Checks the lengths, counts the step and returns its settings (for `apply` here and in subclasses). */
  protected nextStep(owner: string, values: Float32Array, gradient: ArrayLike<number>, learningRate: number): AdamStep {
    const n = this.firstMoment.length;
    if (values.length !== n || gradient.length !== n) {
      throw new RangeError(`${owner}.apply: expected ${n} values and gradients (got ${values.length} and ${gradient.length})`);
    }
    this.step++;
    return { learningRate, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon, step: this.step };
  }

  /** Counters and hyper-parameters for a snapshot's meta part. */
  meta(): { [key: string]: JsonValue } {
    return { step: this.step, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }

  /** Restores moments and the step counter (the moments are copied). */
  restore(firstMoment: Float32Array, secondMoment: Float32Array, step: number): void {
    if (firstMoment.length !== this.firstMoment.length || secondMoment.length !== this.secondMoment.length) {
      throw new RangeError(`RaggedAdam.restore: moments have ${firstMoment.length}/${secondMoment.length} values, expected ${this.firstMoment.length}`);
    }
    this.firstMoment.set(firstMoment);
    this.secondMoment.set(secondMoment);
    this.step = step;
  }
}
