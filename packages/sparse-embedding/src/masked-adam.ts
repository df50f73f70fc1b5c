import type { AdamOptions } from '@scall/embedding-table';
import type { JsonValue } from '@scall/spec';

/**
 * Adam over the active parameters of a sparse table: two float32 moments per active
 * parameter (never MAX-wide). `apply` may update only a subset of entries (lazy Adam:
 * untouched entries keep value and moments), which is what the sampled sparse backward
 * needs; the step counter and bias correction are global, as in PyTorch's SparseAdam.
 */
export class MaskedAdam {
  firstMoment: Float32Array;
  secondMoment: Float32Array;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  /** Updates applied so far. */
  step = 0;

  /** Zero moments for `parameters` active values. */
  constructor(parameters: number, options: AdamOptions = {}) {
    this.firstMoment = new Float32Array(parameters);
    this.secondMoment = new Float32Array(parameters);
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-8;
  }

  /** Bytes of optimiser state: 8 per active parameter. */
  bytes(): number {
    return this.firstMoment.byteLength + this.secondMoment.byteLength;
  }

  /**
   * One Adam step on `values` in place. With `entries`, only those positions are
   * updated; otherwise all are.
   */
  apply(values: Float32Array, gradient: ArrayLike<number>, learningRate: number, entries?: Int32Array): void {
    const n = this.firstMoment.length;
    if (values.length !== n || gradient.length !== n) {
      throw new RangeError(`MaskedAdam.apply: expected ${n} values and gradients (got ${values.length} and ${gradient.length})`);
    }
    this.step++;
    const b1 = this.beta1;
    const b2 = this.beta2;
    const c2 = Math.sqrt(1 - b2 ** this.step);
    const stepSize = learningRate / (1 - b1 ** this.step);
    const eps = this.epsilon;
    const m = this.firstMoment;
    const v = this.secondMoment;
    const count = entries ? entries.length : n;
    for (let j = 0; j < count; j++) {
      const i = entries ? entries[j] : j;
      const g = gradient[i];
      const mi = b1 * m[i] + (1 - b1) * g;
      const vi = b2 * v[i] + (1 - b2) * g * g;
      m[i] = mi;
      v[i] = vi;
      values[i] -= (stepSize * mi) / (Math.sqrt(vi) / c2 + eps);
    }
  }

  /**
   * Re-lays the moments after a mask change: new entry `j` takes old entry `source[j]`'s
   * moments, or zeros where `source[j] < 0` (a regrown parameter).
   */
  remap(source: Int32Array): void {
    const m = new Float32Array(source.length);
    const v = new Float32Array(source.length);
    for (let j = 0; j < source.length; j++) {
      const s = source[j];
      if (s >= 0) {
        m[j] = this.firstMoment[s];
        v[j] = this.secondMoment[s];
      }
    }
    this.firstMoment = m;
    this.secondMoment = v;
  }

  /** Counters and hyper-parameters for a snapshot. */
  meta(): { [key: string]: JsonValue } {
    return { step: this.step, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }

  /** Restores moments (copied, resized to them) and the step counter. */
  restore(firstMoment: Float32Array, secondMoment: Float32Array, step: number): void {
    if (firstMoment.length !== secondMoment.length) throw new RangeError(`MaskedAdam.restore: moments have ${firstMoment.length} and ${secondMoment.length} values`);
    this.firstMoment = firstMoment.slice();
    this.secondMoment = secondMoment.slice();
    this.step = step;
  }
}
