import { assertKnownOptions } from '@scall/plugin-utils';
import type { ProportionMode } from './bet-action.js';
import { BET_FAMILIES, type BetFamilySpec } from './bet-families.js';
import { resolveFitnessPredictorOptions, type FitnessPredictorOptions } from './fitness-predictor.js';

/** How one search step chooses the candidate to probe. */
export type BetChoice = 'predicted' | 'neighbour' | 'random';

/** Named option sets: `paper` is BET's search, the others are for small streams and tests. */
export type BetPreset = 'paper' | 'small' | 'tiny';

/** Options of {@link createBetSearcher}. Every constant of BET's search is a named option. */
export interface BetSearcherOptions {
  /** Start from a preset, then apply the other options over it. Default `"paper"`. */
  readonly preset?: BetPreset;
  /** Seed of the predictor's initial weights. Default 0 (the app passes the run's seed). */
  readonly seed?: number;
  /**
   * Size families the sampler draws from, by registry name (`"log-normal"`, or
   * `{ "name": "power-law", "options": { "shapeRange": [0.1, 20] } }`) or as built
   * distributions; default {@link BET_FAMILIES} (BET's four). The app builds named ones
   * when the run is assembled.
   */
  readonly families?: readonly BetFamilySpec[];
  /** Expected order statistics (default; deterministic, transfer exactly to the next segment) or one seeded draw per side (BET's code). */
  readonly proportions?: ProportionMode;
  /** Search steps per segment, one probe (model training) each (BET: 50). */
  readonly steps?: number;
  /** Candidate actions sampled per step (BET: 100). */
  readonly candidates?: number;
  /** The choice rule, cycled by step: `cycle[step % cycle.length]` (BET: 3 × predicted, nearest neighbour of the best so far, random). */
  readonly cycle?: readonly BetChoice[];
  /** Below this many training examples the predictor is not trusted and the step probes a random candidate (2). */
  readonly minTrainingExamples?: number;
  /** Training steps of the fresh recommender that scores a probed action (200, as SCALL's rewardSteps). */
  readonly probeSteps?: number;
  /** Best probed actions kept as the population (BET: 3). */
  readonly populationSize?: number;
  /** Steps of the retraining of each population member at the end of a search; 0 skips it. The member with the best mean of both scores is deployed (200). */
  readonly retrainSteps?: number;
  /** Keep the predictor and its training set from segment to segment (true; BET's sample efficiency). */
  readonly keepPredictor?: boolean;
  /** Options of the DeepSets fitness predictor (layer widths, Adam schedule, epochs per step). */
  readonly predictor?: Omit<FitnessPredictorOptions, 'seed'>;
}

/** Options with every default filled in. */
export interface ResolvedBetOptions {
  readonly seed: number;
  readonly families: readonly BetFamilySpec[];
  readonly proportions: ProportionMode;
  readonly steps: number;
  readonly candidates: number;
  readonly cycle: readonly BetChoice[];
  readonly minTrainingExamples: number;
  readonly probeSteps: number;
  readonly populationSize: number;
  readonly retrainSteps: number;
  readonly keepPredictor: boolean;
  readonly predictor: Omit<FitnessPredictorOptions, 'seed'>;
}

const PAPER = {
  steps: 50,
  candidates: 100,
  cycle: ['predicted', 'predicted', 'predicted', 'neighbour', 'random'],
  minTrainingExamples: 2,
  probeSteps: 200,
  populationSize: 3,
  retrainSteps: 200,
  predictor: {},
} as const satisfies Partial<ResolvedBetOptions>;

/**
 * The presets. `paper`: BET's 50 steps × 100 candidates (about 53 model trainings per
 * segment). `small`: 10 steps × 50 candidates, 100-step probes, no retraining, 10
 * predictor epochs per step (10 trainings per segment, as a short SCALL policy update).
 * `tiny`: 5 steps × 16 candidates, 20-step probes, 5 epochs, for tests and smoke runs.
 */
export const BET_PRESETS: { readonly [P in BetPreset]: Partial<ResolvedBetOptions> } = {
  paper: PAPER,
  small: { ...PAPER, steps: 10, candidates: 50, probeSteps: 100, retrainSteps: 0, predictor: { epochs: 10 } },
  tiny: { ...PAPER, steps: 5, candidates: 16, probeSteps: 20, retrainSteps: 0, predictor: { epochs: 5, setWidths: [32, 32], decoderWidths: [32] } },
};

const OPTION_NAMES = ['preset', 'seed', 'families', 'proportions', 'steps', 'candidates', 'cycle', 'minTrainingExamples', 'probeSteps', 'populationSize', 'retrainSteps', 'keepPredictor', 'predictor'] as const;

/** Fills defaults (preset, then options) and checks ranges, naming the offending option. */
export function resolveBetOptions(options: BetSearcherOptions = {}): ResolvedBetOptions {
  assertKnownOptions('BET searcher', options, OPTION_NAMES);
  const presetName = options.preset ?? 'paper';
  const preset = BET_PRESETS[presetName];
  if (!preset) throw new RangeError(`BET searcher option preset must be one of ${Object.keys(BET_PRESETS).join(', ')} (got ${String(presetName)})`);
  const { preset: _preset, predictor, ...rest } = options;
  const resolved: ResolvedBetOptions = {
    seed: 0,
    proportions: 'expected',
    keepPredictor: true,
    ...PAPER,
    ...preset,
    ...rest,
    families: rest.families ?? BET_FAMILIES,
    predictor: { ...preset.predictor, ...predictor },
  };
  const positive = (name: 'steps' | 'candidates' | 'probeSteps' | 'populationSize') => {
    const v = resolved[name];
    if (!(Number.isInteger(v) && v >= 1)) throw new RangeError(`BET searcher option ${name} must be a positive integer (got ${v})`);
  };
  positive('steps');
  positive('candidates');
  positive('probeSteps');
  positive('populationSize');
  for (const name of ['retrainSteps', 'minTrainingExamples'] as const) {
    const v = resolved[name];
    if (!(Number.isInteger(v) && v >= 0)) throw new RangeError(`BET searcher option ${name} must be an integer >= 0 (got ${v})`);
  }
  if (!(Array.isArray(resolved.cycle) && resolved.cycle.length >= 1 && resolved.cycle.every((c) => c === 'predicted' || c === 'neighbour' || c === 'random'))) {
    throw new RangeError(`BET searcher option cycle must be a non-empty list of "predicted" | "neighbour" | "random" (got ${JSON.stringify(resolved.cycle)})`);
  }
  if (resolved.proportions !== 'expected' && resolved.proportions !== 'sampled') {
    throw new RangeError(`BET searcher option proportions must be "expected" or "sampled" (got ${String(resolved.proportions)})`);
  }
  if (!(Array.isArray(resolved.families) && resolved.families.length >= 1 && resolved.families.every(isFamilySpec))) {
    throw new TypeError(
      `BET searcher option families must be a non-empty list of distribution names, { name, options } or SizeDistributionV1 (got ${JSON.stringify(resolved.families)})`,
    );
  }
  if (!Number.isFinite(resolved.seed)) throw new RangeError(`BET searcher option seed must be a finite number (got ${resolved.seed})`);
  if (typeof resolved.keepPredictor !== 'boolean') throw new TypeError(`BET searcher option keepPredictor must be a boolean (got ${String(resolved.keepPredictor)})`);
  // Check the predictor's options now rather than at the first search.
  resolveFitnessPredictorOptions({ ...resolved.predictor, seed: resolved.seed });
  return resolved;
}

function isFamilySpec(spec: unknown): spec is BetFamilySpec {
  if (typeof spec === 'string') return spec.length > 0;
  if (spec === null || typeof spec !== 'object') return false;
  const { name, options } = spec as { name?: unknown; options?: unknown };
  if (typeof name !== 'string' || name.length === 0) return false;
  if ('specificationVersion' in spec) return true;
  return options === undefined || (typeof options === 'object' && options !== null && !Array.isArray(options));
}
