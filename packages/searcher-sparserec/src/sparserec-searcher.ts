import type { SearchContext, SearcherV1, Snapshot, SparseSearcherHints, SparseSizePlan, SparseTrainingV1 } from '@scall/spec';
import { sparsePlanFromLayout } from '@scall/spec';
import { nonNegativeFactorization } from './nmf.js';
import { assertOnlyOptions, checkOption } from './options.js';
import { selectLayout } from './select-layout.js';
import { SPARSE_RECOMMENDERS, allowedParameters, assertSparseAwareRun, previousSparseState } from './sparse-searcher-base.js';

/** Options of {@link createSparseRecSearcher}; defaults are the choices documented in the README. */
export interface SparseRecOptions {
  /** Mask initialisation: `'nmf'` (SparseRec, default) or `'random'` (uniform random sparse init, for ablation). */
  readonly init?: 'nmf' | 'random';
  /** Multiplicative-update iterations of the NMF. Default 50. */
  readonly nmfIterations?: number;
  /** ΔT: optimiser steps between mask updates. Default 100. */
  readonly interval?: number;
  /** Drop fraction of the first mask update. Default 0.3. */
  readonly initialDropFraction?: number;
  /** Step of the last mask update; the drop fraction decays to 0 by then (cosine). Default 1000. */
  readonly endStep?: number;
  /** Regrowth criterion: `'window'` (accumulated gradients, SparseRec, default) or `'last-batch'` (RigL, for ablation). */
  readonly accumulation?: 'window' | 'last-batch';
  /** Fraction of rows whose gradients a step computes; 1 turns the sampled sparse backward off. Default 0.5. */
  readonly sampledFraction?: number;
  /** Smallest active count per entity; default the run's minSize. */
  readonly minActive?: number;
}

const KNOWN = ['init', 'nmfIterations', 'interval', 'initialDropFraction', 'endStep', 'accumulation', 'sampledFraction', 'minActive'] as const;

/** The SparseRec searcher: a {@link SearcherV1} that plans element-wise sparse layouts trained by DST. */
export class SparseRecSearcher implements SearcherV1, SparseSearcherHints {
  readonly specificationVersion = 'v1' as const;
  readonly name = 'sparserec';
  readonly sparseRecommenders = SPARSE_RECOMMENDERS;
  readonly options: Required<Omit<SparseRecOptions, 'minActive'>> & { readonly minActive: number | undefined };
  private planned = 0;

  constructor(options: SparseRecOptions = {}) {
    const where = 'sparserec';
    assertOnlyOptions(where, options, KNOWN);
    const o = {
      init: options.init ?? 'nmf',
      nmfIterations: options.nmfIterations ?? 50,
      interval: options.interval ?? 100,
      initialDropFraction: options.initialDropFraction ?? 0.3,
      endStep: options.endStep ?? 1000,
      accumulation: options.accumulation ?? 'window',
      sampledFraction: options.sampledFraction ?? 0.5,
      minActive: options.minActive,
    };
    checkOption(where, 'init', o.init, o.init === 'nmf' || o.init === 'random', '"nmf" or "random"');
    checkOption(where, 'nmfIterations', o.nmfIterations, Number.isInteger(o.nmfIterations) && o.nmfIterations >= 0, 'an integer >= 0');
    checkOption(where, 'interval', o.interval, Number.isInteger(o.interval) && o.interval >= 1, 'a positive integer');
    checkOption(where, 'initialDropFraction', o.initialDropFraction, o.initialDropFraction >= 0 && o.initialDropFraction <= 1, 'in [0, 1]');
    checkOption(where, 'endStep', o.endStep, Number.isInteger(o.endStep) && o.endStep >= 0, 'an integer >= 0');
    checkOption(where, 'accumulation', o.accumulation, o.accumulation === 'window' || o.accumulation === 'last-batch', '"window" or "last-batch"');
    checkOption(where, 'sampledFraction', o.sampledFraction, o.sampledFraction > 0 && o.sampledFraction <= 1, 'in (0, 1]');
    checkOption(where, 'minActive', o.minActive, o.minActive === undefined || (Number.isInteger(o.minActive) && o.minActive >= 1), 'an integer >= 1');
    this.options = o;
  }

  /** The DST directive this searcher hands the recommender. */
  training(minActive: number): SparseTrainingV1 {
    const o = this.options;
    return {
      specificationVersion: 'v1',
      mode: 'dynamic',
      regrowth: { interval: o.interval, initialDropFraction: o.initialDropFraction, endStep: o.endStep, accumulation: o.accumulation },
      ...(o.sampledFraction < 1 ? { sampledBackward: { fraction: o.sampledFraction } } : {}),
      minActive,
    };
  }

  async plan(context: SearchContext): Promise<SparseSizePlan> {
    assertSparseAwareRun(this.name, context);
    const { segment, maxSize } = context;
    const { numUsers, numItems } = segment;
    const minActive = Math.max(this.options.minActive ?? context.minSize, context.minSize);
    const budget = allowedParameters(context);
    const rng = context.rng.fork();
    // Scores of every (entity, dimension): NMF factors (or uniform noise for the random-init ablation).
    let users: Float64Array;
    let items: Float64Array;
    if (this.options.init === 'nmf') {
      const factors = nonNegativeFactorization(segment.graph, numUsers, numItems, { rank: maxSize, iterations: this.options.nmfIterations, rng });
      users = factors.users;
      items = factors.items;
    } else {
      users = Float64Array.from({ length: numUsers * maxSize }, () => rng.next());
      items = Float64Array.from({ length: numItems * maxSize }, () => rng.next());
    }
    const previous = previousSparseState(context);
    if (previous) {
      // Survivors keep their trained mask: their active entries rank above every NMF score
      // (among themselves by |value|, so a shrinking budget prunes the smallest weights);
      // the rest of the budget goes by NMF score.
      let top = 0;
      for (const v of users) if (v > top) top = v;
      for (const v of items) if (v > top) top = v;
      for (const [scores, side] of [[users, 'users'], [items, 'items']] as const) {
        const rows = previous.sparseLayout[side];
        const values = previous[side].values;
        const n = Math.min(rows.counts.length, scores.length / maxSize);
        for (let e = 0; e < n; e++) {
          for (let k = rows.offsets[e]; k < rows.offsets[e + 1]; k++) scores[e * maxSize + rows.indices[k]] = 1 + top + Math.abs(values[k]);
        }
      }
    }
    const layout = selectLayout({ users, items }, maxSize, budget, minActive);
    this.planned++;
    return sparsePlanFromLayout(layout, { budgetParameters: budget, minSize: context.minSize, sparseTraining: this.training(minActive) });
  }

  snapshot(): Snapshot {
    return { kind: 'sparserec-searcher', meta: { planned: this.planned }, arrays: {} };
  }

  restore(snapshot: Snapshot): void {
    if (snapshot.kind !== 'sparserec-searcher') throw new Error(`sparserec: cannot restore a "${snapshot.kind}" snapshot`);
    this.planned = Number(snapshot.meta.planned ?? 0);
  }

  dispose(): void {}
}

/**
 * SparseRec (element-wise sparse embeddings by dynamic sparse training): masks start
 * from a non-negative factorisation of the training interactions; during training the
 * sparse-aware recommender drops the smallest weights and regrows by accumulated
 * gradient every ΔT steps with a cosine-decaying drop fraction, computing gradients
 * only for a sampled subset of rows. In a stream, survivors keep their mask and new
 * entities get masks from the NMF factors, inside the budget at every step.
 *
 * @example
 * const searcher = createSparseRecSearcher({ interval: 100, sampledFraction: 0.5 });
 */
export function createSparseRecSearcher(options: SparseRecOptions = {}): SparseRecSearcher {
  return new SparseRecSearcher(options);
}
