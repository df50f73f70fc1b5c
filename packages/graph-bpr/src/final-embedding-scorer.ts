import { gatherRows } from '@scall/kernels';
import * as tf from '@tensorflow/tfjs-core';

/**
 * Scores users against items from a model's final (propagated) embeddings, shared by the
 * prefix and the sparse BPR recommenders. The final matrix (`numUsers + numItems` rows,
 * users first) is computed lazily by `computeFinal` and kept until {@link invalidate};
 * the transposed item matrix of the last `items` asked for is cached too, since
 * evaluation scores many user batches against one candidate set.
 *
 * @example
 * const scorer = new FinalEmbeddingScorer(numUsers, numItems, () => propagateAll());
 * const scores = scorer.score(Int32Array.of(0, 1), Int32Array.of(3, 4, 5)); // 2 x 3, row-major
 * scorer.invalidate(); // after a training step
 */
export class FinalEmbeddingScorer {
  private finalEmbeddings: tf.Tensor2D | null = null;
  private itemCache: { items: Int32Array; matrix: tf.Tensor2D } | null = null;

  /** `computeFinal` returns a kept tensor the scorer owns (it disposes it). */
  constructor(
    private readonly numUsers: number,
    private readonly numItems: number,
    private readonly computeFinal: () => tf.Tensor2D,
  ) {}

  /** Row-major `users.length x items.length` scores; ids are checked against their ranges. */
  score(users: Int32Array, items: Int32Array): Float32Array {
    for (let k = 0; k < users.length; k++) {
      if (!(users[k] >= 0 && users[k] < this.numUsers)) throw new RangeError(`score: users[${k}] = ${users[k]} is outside [0, ${this.numUsers})`);
    }
    for (let k = 0; k < items.length; k++) {
      if (!(items[k] >= 0 && items[k] < this.numItems)) throw new RangeError(`score: items[${k}] = ${items[k]} is outside [0, ${this.numItems})`);
    }
    if (users.length === 0 || items.length === 0) return new Float32Array(users.length * items.length);
    const final = this.final();
    const scores = tf.tidy(() => tf.matMul(gatherRows(final, tf.tensor1d(users, 'int32')), this.itemMatrix(items)));
    try {
      return scores.dataSync() as Float32Array;
    } finally {
      scores.dispose();
    }
  }

  /** Forgets the final embeddings and the item cache (call after the parameters change). */
  invalidate(): void {
    this.finalEmbeddings?.dispose();
    this.finalEmbeddings = null;
    this.itemCache?.matrix.dispose();
    this.itemCache = null;
  }

  private final(): tf.Tensor2D {
    if (!this.finalEmbeddings) this.finalEmbeddings = this.computeFinal();
    return this.finalEmbeddings;
  }

  /** Final item embeddings of `items`, transposed to `[width, items]`; the last one is cached. */
  private itemMatrix(items: Int32Array): tf.Tensor2D {
    const cache = this.itemCache;
    if (cache && cache.items.length === items.length && cache.items.every((v, k) => v === items[k])) return cache.matrix;
    cache?.matrix.dispose();
    const nodes = Int32Array.from(items, (i) => i + this.numUsers);
    const matrix = tf.tidy(() => tf.keep(tf.transpose(gatherRows(this.final(), tf.tensor1d(nodes, 'int32')))));
    this.itemCache = { items: items.slice(), matrix };
    return matrix;
  }
}
