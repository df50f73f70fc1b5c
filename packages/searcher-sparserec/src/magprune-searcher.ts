import type { RecommenderV1, SearchContext, SearcherV1, Snapshot, SparseAwareRecommender, SparseSearcherHints, SparseSizePlan } from '@scall/spec';
import { isSparseEmbeddingState, prefixLayout, sparsePlanFromLayout } from '@scall/spec';
import { assertOnlyOptions, checkOption } from './options.js';
import { selectLayout } from './select-layout.js';
import { SPARSE_RECOMMENDERS, allowedParameters, assertSparseAwareRun } from './sparse-searcher-base.js';

/** Options of {@link createMagPruneSearcher}. */
export interface MagPruneOptions {
  /** Optimiser steps per warm-up block. Default 200. */
  readonly blockSteps?: number;
  /** Most warm-up blocks. Default 10. */
  readonly maxBlocks?: number;
  /** Warm-up blocks without a fitness gain before stopping. Default 2. */
  readonly patience?: number;
  /** Per-entity minimum active counts tried; the best on the run's selection split wins. Default [1, 2, 4, 8]. */
  readonly minimums?: readonly number[];
  /** Fine-tune the kept weights on the fixed mask (`true`), or deploy them as pruned (`false`, default: MagPrune takes no retraining). */
  readonly retrain?: boolean;
}

/** What the last {@link MagPruneSearcher.plan} chose, for logs and tests. */
export interface MagPruneChoice {
  readonly segment: number;
  readonly warmupBlocks: number;
  readonly warmupFitness: number;
  /** Per-entity minimum → selection-split fitness of the pruned model. */
  readonly fitnessByMinimum: Readonly<Record<number, number>>;
  readonly minimum: number;
}

const KNOWN = ['blockSteps', 'maxBlocks', 'patience', 'minimums', 'retrain'] as const;

/** The MagPrune baseline: a {@link SearcherV1} that trains full width and prunes to the budget by |w|. */
export class MagPruneSearcher implements SearcherV1, SparseSearcherHints {
  readonly specificationVersion = 'v1' as const;
  readonly name = 'magprune';
  readonly sparseRecommenders = SPARSE_RECOMMENDERS;
  readonly options: Required<MagPruneOptions>;
  private choices: MagPruneChoice[] = [];

  constructor(options: MagPruneOptions = {}) {
    const where = 'magprune';
    assertOnlyOptions(where, options, KNOWN);
    const o = {
      blockSteps: options.blockSteps ?? 200,
      maxBlocks: options.maxBlocks ?? 10,
      patience: options.patience ?? 2,
      minimums: options.minimums ?? [1, 2, 4, 8],
      retrain: options.retrain ?? false,
    };
    checkOption(where, 'blockSteps', o.blockSteps, Number.isInteger(o.blockSteps) && o.blockSteps >= 1, 'a positive integer');
    checkOption(where, 'maxBlocks', o.maxBlocks, Number.isInteger(o.maxBlocks) && o.maxBlocks >= 1, 'a positive integer');
    checkOption(where, 'patience', o.patience, Number.isInteger(o.patience) && o.patience >= 1, 'a positive integer');
    checkOption(where, 'minimums', o.minimums, Array.isArray(o.minimums) && o.minimums.length > 0 && o.minimums.every((m) => Number.isInteger(m) && m >= 1), 'a non-empty list of integers >= 1');
    checkOption(where, 'retrain', o.retrain, typeof o.retrain === 'boolean', 'true or false');
    this.options = o;
  }

  /** The choices of every plan so far. */
  history(): readonly MagPruneChoice[] {
    return this.choices;
  }

  async plan(context: SearchContext): Promise<SparseSizePlan> {
    assertSparseAwareRun(this.name, context);
    const { segment, maxSize } = context;
    const { numUsers, numItems } = segment;
    const n = numUsers + numItems;
    const budget = allowedParameters(context);
    const rng = context.rng.fork();

    // 1. Full-width warm-up (warm-started from the deployed model), best block on the selection split.
    const full = { userSizes: new Int32Array(numUsers).fill(maxSize), itemSizes: new Int32Array(numItems).fill(maxSize), minSize: context.minSize, maxSize };
    const layout = prefixLayout(full);
    const dense = context.createRecommender() as SparseAwareRecommender;
    let best: { fitness: number; snapshot: Snapshot } | undefined;
    let blocks = 0;
    try {
      dense.build({
        graph: segment.graph,
        numUsers,
        numItems,
        plan: sparsePlanFromLayout(layout, { budgetParameters: maxSize * n, minSize: context.minSize }),
        rng: rng.fork(),
        warmStart: context.previous?.deployed.embeddings(),
      });
      const trainRng = rng.fork();
      let since = 0;
      for (let b = 0; b < this.options.maxBlocks; b++) {
        await dense.train(this.options.blockSteps, segment.sampler, trainRng);
        blocks++;
        const { fitness } = await context.evaluate(dense, segment);
        if (!best || fitness > best.fitness) {
          best = { fitness, snapshot: dense.snapshot() };
          since = 0;
        } else if (++since >= this.options.patience) break;
      }
      dense.restore(best!.snapshot);
      const state = dense.embeddings();
      if (!isSparseEmbeddingState(state)) throw new Error('magprune: the recommender returned embeddings without a sparse layout');
      const magnitudes = (side: 'users' | 'items', count: number) => {
        const out = new Float64Array(count * maxSize).fill(-Infinity);
        const rows = state.sparseLayout[side];
        for (let e = 0; e < count; e++) for (let k = rows.offsets[e]; k < rows.offsets[e + 1]; k++) out[e * maxSize + rows.indices[k]] = Math.abs(state[side].values[k]);
        return out;
      };
      const scores = { users: magnitudes('users', numUsers), items: magnitudes('items', numItems) };
      const valuesAt = (side: 'users' | 'items', pruned: ReturnType<typeof selectLayout>) => {
        const rows = pruned[side];
        const full = state[side];
        const out = new Float32Array(rows.indices.length);
        for (let e = 0; e < rows.counts.length; e++) {
          for (let k = rows.offsets[e]; k < rows.offsets[e + 1]; k++) out[k] = full.values[full.offsets[e] + rows.indices[k]];
        }
        return out;
      };

      // 2. Global magnitude pruning to the budget, per-entity minimum chosen on the selection split.
      const minimums = [...new Set(this.options.minimums.map((m) => Math.max(m, context.minSize)))].filter((m) => m * n <= budget && m <= maxSize).sort((a, b) => a - b);
      if (minimums.length === 0) minimums.push(context.minSize);
      const fitnessByMinimum: Record<number, number> = {};
      let chosen: { minimum: number; fitness: number; plan: SparseSizePlan } | undefined;
      for (const minimum of minimums) {
        const pruned = selectLayout(scores, maxSize, budget, minimum);
        const plan = sparsePlanFromLayout(pruned, {
          budgetParameters: budget,
          minSize: context.minSize,
          sparseTraining: { specificationVersion: 'v1', mode: this.options.retrain ? 'static' : 'frozen' },
          initialValues: { users: valuesAt('users', pruned), items: valuesAt('items', pruned) },
        });
        const candidate: RecommenderV1 = context.createRecommender();
        try {
          candidate.build({ graph: segment.graph, numUsers, numItems, plan, rng: rng.fork() });
          const { fitness } = await context.evaluate(candidate, segment);
          fitnessByMinimum[minimum] = fitness;
          if (!chosen || fitness > chosen.fitness) chosen = { minimum, fitness, plan };
        } finally {
          candidate.dispose();
        }
      }
      this.choices.push({ segment: segment.index, warmupBlocks: blocks, warmupFitness: best!.fitness, fitnessByMinimum, minimum: chosen!.minimum });
      return chosen!.plan;
    } finally {
      dense.dispose();
    }
  }

  snapshot(): Snapshot {
    return { kind: 'magprune-searcher', meta: { choices: this.choices.map((c) => ({ ...c, fitnessByMinimum: { ...c.fitnessByMinimum } })) }, arrays: {} };
  }

  restore(snapshot: Snapshot): void {
    if (snapshot.kind !== 'magprune-searcher') throw new Error(`magprune: cannot restore a "${snapshot.kind}" snapshot`);
    this.choices = ((snapshot.meta.choices as unknown as MagPruneChoice[] | undefined) ?? []).map((c) => ({ ...c }));
  }

  dispose(): void {}
}

/**
 * Magnitude pruning (MagPrune): every segment, train the full MAX-wide table (warm-started
 * from the deployed model) until the selection split stops improving, keep the largest
 * |w| entries up to the budget with a per-entity minimum chosen on the selection split,
 * and deploy the kept weights without retraining (option `retrain` fine-tunes them).
 *
 * @example
 * const searcher = createMagPruneSearcher({ minimums: [1, 2, 4] });
 */
export function createMagPruneSearcher(options: MagPruneOptions = {}): MagPruneSearcher {
  return new MagPruneSearcher(options);
}
