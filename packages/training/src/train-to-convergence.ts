import type { CandidateSet, EvaluatedUsers, EvaluationResult, EvaluationSplit, RecommenderV1, Rng, Snapshot, StreamSegment } from '@scall/spec';
import { evaluate, splitOf } from '@scall/evaluation';

/** What {@link TrainToConvergenceOptions.onBlock} receives after every block. */
export interface BlockInfo {
  /** Block index, from 0. */
  readonly block: number;
  /** Optimiser steps run so far in this call. */
  readonly steps: number;
  /** Mean training loss of this block. */
  readonly loss: number;
  /** Fitness on the selection split after this block. */
  readonly fitness: number;
  /** Whether this block is the new best checkpoint. */
  readonly best: boolean;
  readonly bestBlock: number;
  readonly bestFitness: number;
  /** Wall-clock seconds of this block (training plus evaluation). */
  readonly seconds: number;
}

/** Options of {@link trainToConvergence}. */
export interface TrainToConvergenceOptions {
  /** Randomness for `recommender.train` (triple sampling). */
  readonly rng: Rng;
  /**
   * Where checkpoints are selected: `'test'` (as the reference code, default) or
   * `'validation'` (honest: select on `segment.validation`, report test of the selected
   * checkpoint).
   */
  readonly selection?: EvaluationSplit;
  /** Steps per block; default 200. */
  readonly blockSteps?: number;
  /** Blocks without a fitness improvement before stopping; default 3. */
  readonly patience?: number;
  /**
   * Loss-plateau rule of the reference code: stop only once the block's mean loss fell
   * by no more than this fraction against the previous block. Default 0.05; `null`
   * stops on patience alone.
   */
  readonly lossPlateau?: number | null;
  /** Hard cap on blocks; default 50. */
  readonly maxBlocks?: number;
  /** Candidate set of every evaluation; default `'test-items'`. */
  readonly candidates?: CandidateSet;
  /** Evaluated users of every evaluation; default `'known-pairs'`. */
  readonly users?: EvaluatedUsers;
  /**
   * When a block's checkpoint replaces the best one: `'strict'` (default) only when its
   * fitness is higher; `'non-strict'` also on a tie, so the later block wins and patience
   * restarts (the reference code's `>=`).
   */
  readonly improvement?: 'strict' | 'non-strict';
  /** Cut-offs of every evaluation; the first defines the fitness. Default `[20]`. */
  readonly ks?: readonly number[];
  /** Users per scoring call (see `evaluate`). */
  readonly userBatchSize?: number;
  /** Called after every block. */
  readonly onBlock?: (info: BlockInfo) => void;
}

/** Outcome of {@link trainToConvergence}. The recommender holds the best checkpoint. */
export interface ConvergenceReport {
  readonly selection: EvaluationSplit;
  /** Blocks run. */
  readonly blocks: number;
  /** Optimiser steps run. */
  readonly steps: number;
  /** Index (from 0) of the block whose checkpoint was kept. */
  readonly bestBlock: number;
  /** Selection-split fitness of the kept checkpoint. */
  readonly bestFitness: number;
  /** Selection-split fitness after the first block: SCALL's f_ref. */
  readonly firstBlockFitness: number;
  /** Test-split evaluation of the kept checkpoint. */
  readonly test: EvaluationResult;
  /**
   * Seconds of the one test evaluation after training (validation selection); 0 with test
   * selection, where the kept block's own evaluation is the test evaluation.
   */
  readonly testSeconds: number;
  /** Selection-split evaluation of the kept checkpoint (the same object as `test` in `'test'` mode). */
  readonly selected: EvaluationResult;
  /** Why training stopped. */
  readonly stoppedBy: 'patience' | 'max-blocks';
  /** One entry per block. */
  readonly history: readonly BlockInfo[];
}

function positiveInteger(value: number, option: string): number {
  if (!(Number.isInteger(value) && value >= 1)) {
    throw new RangeError(`trainToConvergence: ${option} must be a positive integer, got ${value}`);
  }
  return value;
}

/**
 * Trains to convergence (SCALL §4): blocks of `blockSteps` optimiser steps, an evaluation
 * on the selection split after each, the best checkpoint kept (`snapshot` / `restore`),
 * stop after `patience` blocks without improvement once the loss has plateaued, or at
 * `maxBlocks`. Ends with the recommender holding the best checkpoint.
 *
 * @example
 * const report = await trainToConvergence(recommender, segment, { rng: createRng(1), selection: 'validation' });
 * console.log(report.bestBlock, report.test.metrics.recall[20]);
 */
export async function trainToConvergence(
  recommender: RecommenderV1,
  segment: StreamSegment,
  options: TrainToConvergenceOptions,
): Promise<ConvergenceReport> {
  const selection = options.selection ?? 'test';
  splitOf(segment, selection); // fails early, naming the segment, when the split is missing
  const blockSteps = positiveInteger(options.blockSteps ?? 200, 'blockSteps');
  const patience = positiveInteger(options.patience ?? 3, 'patience');
  const maxBlocks = positiveInteger(options.maxBlocks ?? 50, 'maxBlocks');
  const plateau = options.lossPlateau === undefined ? 0.05 : options.lossPlateau;
  if (plateau !== null && !(plateau >= 0 && Number.isFinite(plateau))) {
    throw new RangeError(`trainToConvergence: lossPlateau must be a non-negative number or null, got ${plateau}`);
  }
  if (!options.rng) throw new TypeError('trainToConvergence: options.rng is required (an Rng from @scall/rng)');
  const improvement = options.improvement ?? 'strict';
  if (improvement !== 'strict' && improvement !== 'non-strict') {
    throw new RangeError(`trainToConvergence: improvement must be 'strict' or 'non-strict', got ${JSON.stringify(improvement)}`);
  }
  const evaluation = { candidates: options.candidates, users: options.users, ks: options.ks, userBatchSize: options.userBatchSize };

  const history: BlockInfo[] = [];
  let best: { block: number; fitness: number; snapshot: Snapshot; result: EvaluationResult } | undefined;
  let firstBlockFitness = 0;
  let previousLoss = Number.NaN;
  let sinceBest = 0;
  let stoppedBy: ConvergenceReport['stoppedBy'] = 'max-blocks';
  let steps = 0;
  for (let block = 0; block < maxBlocks; block++) {
    const started = performance.now();
    const report = await recommender.train(blockSteps, segment.sampler, options.rng);
    steps += report.steps;
    const result = await evaluate(recommender, segment, { ...evaluation, split: selection });
    if (block === 0) firstBlockFitness = result.fitness;
    // With no evaluable user there is nothing to select on: a tie then never restarts patience.
    const improved =
      best === undefined || result.fitness > best.fitness || (improvement === 'non-strict' && result.users > 0 && result.fitness === best.fitness);
    if (improved) {
      best = { block, fitness: result.fitness, snapshot: recommender.snapshot(), result };
      sinceBest = 0;
    } else {
      sinceBest++;
    }
    const info: BlockInfo = {
      block,
      steps,
      loss: report.meanLoss,
      fitness: result.fitness,
      best: improved,
      bestBlock: best!.block,
      bestFitness: best!.fitness,
      seconds: (performance.now() - started) / 1000,
    };
    history.push(info);
    options.onBlock?.(info);
    const lossPlateaued =
      plateau === null || !(previousLoss - report.meanLoss > plateau * Math.abs(previousLoss));
    previousLoss = report.meanLoss;
    if (sinceBest >= patience && lossPlateaued) {
      stoppedBy = 'patience';
      break;
    }
  }
  const kept = best!;
  recommender.restore(kept.snapshot);
  const testStart = performance.now();
  const test = selection === 'test' ? kept.result : await evaluate(recommender, segment, { ...evaluation, split: 'test' });
  const testSeconds = selection === 'test' ? 0 : (performance.now() - testStart) / 1000;
  return {
    selection,
    blocks: history.length,
    steps,
    bestBlock: kept.block,
    bestFitness: kept.fitness,
    firstBlockFitness,
    test,
    testSeconds,
    selected: kept.result,
    stoppedBy,
    history,
  };
}
