import type { RunConfig } from './config-schema.js';

/** A protocol's name: see {@link PROTOCOLS}. */
export type ProtocolName = RunConfig['protocol'];

/** Every knob a protocol sets, with its value. */
export interface ProtocolSettings {
  /** Stream construction (spec §2). */
  readonly splitBase: 'own' | 'with-replay';
  readonly boundary: 'after' | 'before';
  readonly positives: 'new-first' | 'current-uniform';
  readonly negatives: 'known' | 'current-items';
  readonly validationRatio: number;
  /** Evaluation (spec §3). */
  readonly selection: 'test' | 'validation';
  readonly candidates: 'test-items' | 'reference' | 'catalogue';
  readonly users: 'all-known' | 'known-pairs';
  /** Training (spec §4). */
  readonly improvement: 'strict' | 'non-strict';
  /** `undefined`: the recommender's own default. */
  readonly grownInit: 'normal' | 'zero' | undefined;
  /** Budget (spec §5, allocator step 3). */
  readonly budgetOverflow: 'redistribute' | 'drop';
}

const REFERENCE_STREAM = { splitBase: 'with-replay', boundary: 'before', positives: 'current-uniform', negatives: 'current-items' } as const;

/**
 * The named protocols:
 * - `reference`: the reference code's stream and evaluation exactly as the spec states them
 *   (split over replay + own rows, cut before the crossing row, users and candidates from
 *   all raw test rows with zero-relevance users counted, the reference sampler, `>=`
 *   checkpoints, grown dimensions at zero, test-set selection, overflow dropped);
 * - `strict` (the default): the same stream and training, evaluated honestly — checkpoints
 *   selected on the last 10 % of each segment's own training rows, the full catalogue
 *   ranked with training items masked, every known test user, budget-exact plans;
 * - `legacy`: v0.1's readings (own-row split, cut after, pair-based candidates and users,
 *   new-first positives), kept reachable for comparisons with v0.1 results.
 */
export const PROTOCOLS: Record<ProtocolName, ProtocolSettings> = {
  reference: {
    ...REFERENCE_STREAM,
    validationRatio: 0,
    selection: 'test',
    candidates: 'reference',
    users: 'all-known',
    improvement: 'non-strict',
    grownInit: 'zero',
    budgetOverflow: 'drop',
  },
  strict: {
    ...REFERENCE_STREAM,
    validationRatio: 0.1,
    selection: 'validation',
    candidates: 'catalogue',
    users: 'all-known',
    improvement: 'non-strict',
    grownInit: 'zero',
    budgetOverflow: 'redistribute',
  },
  legacy: {
    splitBase: 'own',
    boundary: 'after',
    positives: 'new-first',
    negatives: 'known',
    validationRatio: 0,
    selection: 'test',
    candidates: 'test-items',
    users: 'known-pairs',
    improvement: 'strict',
    grownInit: undefined,
    budgetOverflow: 'redistribute',
  },
};

/**
 * The protocol settings of a config: its named protocol, with any knob the config sets
 * explicitly taking precedence.
 *
 * @throws Error when the result cannot work (validation selection without a validation slice).
 */
export function resolveProtocolSettings(config: RunConfig): ProtocolSettings {
  const base = PROTOCOLS[config.protocol];
  const d = config.dataset;
  const settings: ProtocolSettings = {
    splitBase: d.splitBase ?? base.splitBase,
    boundary: d.boundary ?? base.boundary,
    positives: d.positives ?? base.positives,
    negatives: d.negatives ?? base.negatives,
    validationRatio: d.validationRatio ?? base.validationRatio,
    selection: config.evaluation.selection ?? base.selection,
    candidates: config.evaluation.candidates ?? base.candidates,
    users: config.evaluation.users ?? base.users,
    improvement: config.training.improvement ?? base.improvement,
    grownInit: config.training.grownInit ?? base.grownInit,
    budgetOverflow: config.budgetOverflow ?? base.budgetOverflow,
  };
  if (settings.selection === 'validation' && !(settings.validationRatio > 0)) {
    throw new Error(
      `evaluation.selection "validation" needs a validation slice, but dataset.validationRatio is ${settings.validationRatio} (protocol "${config.protocol}"); set dataset.validationRatio (e.g. 0.1) or evaluation.selection "test"`,
    );
  }
  return settings;
}

/**
 * The config with every protocol knob written out explicitly, as recorded in
 * `results.json` (so a result says exactly how it was measured, whatever the defaults
 * of a later version).
 */
export function withProtocolSettings(config: RunConfig): RunConfig {
  const s = resolveProtocolSettings(config);
  return {
    ...config,
    dataset: { ...config.dataset, splitBase: s.splitBase, boundary: s.boundary, positives: s.positives, negatives: s.negatives, validationRatio: s.validationRatio },
    evaluation: { ...config.evaluation, selection: s.selection, candidates: s.candidates, users: s.users },
    training: { ...config.training, improvement: s.improvement, ...(s.grownInit ? { grownInit: s.grownInit } : {}) },
    budgetOverflow: s.budgetOverflow,
  };
}
