import { RaggedAdam } from '@scall/embedding-table';
import { adamUpdate, adamUpdateAt } from '@scall/plugin-utils';

/**
 * Adam over the active parameters of a sparse table: two float32 moments per active
 * parameter (never MAX-wide), the update of {@link RaggedAdam}. `apply` may update only a
 * subset of entries (lazy Adam, `adamUpdateAt`: untouched entries keep value and
 * moments), which is what the sampled sparse backward needs; the step counter and bias
 * correction are global, as in PyTorch's SparseAdam. The moments follow mask changes
 * ({@link MaskedAdam.remap}).
 */
export class MaskedAdam extends RaggedAdam {
  /**
   * One Adam step on `values` in place. With `entries`, only those positions are
   * updated; otherwise all are.
   */
  override apply(values: Float32Array, gradient: ArrayLike<number>, learningRate: number, entries?: Int32Array): void {
    const step = this.nextStep('MaskedAdam', values, gradient, learningRate);
    if (entries) adamUpdateAt(entries, values, gradient, this.firstMoment, this.secondMoment, step);
    else adamUpdate(values, gradient, this.firstMoment, this.secondMoment, step);
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

  /** Restores moments (copied, resized to them) and the step counter. */
  override restore(firstMoment: Float32Array, secondMoment: Float32Array, step: number): void {
    if (firstMoment.length !== secondMoment.length) throw new RangeError(`MaskedAdam.restore: moments have ${firstMoment.length} and ${secondMoment.length} values`);
    this.firstMoment = firstMoment.slice();
    this.secondMoment = secondMoment.slice();
    this.step = step;
  }
}
