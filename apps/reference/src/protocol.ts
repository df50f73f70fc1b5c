import type { RunConfig } from './config-schema.js';

/** A protocol's name: see {@link PROTOCOLS}. */
export type ProtocolName = RunConfig['protocol'];

/** Every knob a protocol sets, with its value. */
export interface ProtocolSettings {
  /** Stream construction (spec §2). */
  readonly splitBase: 'own' | 'with-replay' | 'random-per-user';
  /** `undefined`: not used (the static protocol cuts no segments). */
  readonly boundary: 'after' | 'before' | undefined;
  readonly positives: 'new-first' | 'current-uniform';
  readonly negatives: 'known' | 'current-items';
  readonly validationRatio: number;
  /**
   * The test fraction: of each segment's rows (the streams), or of each user's rows
   * (`random-per-user`). `undefined`: the stream protocol's 0.2, left out of
   * `results.json` so that results recorded before this knob keep their identity.
   */
  readonly testRatio: number | undefined;
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
 *   new-first positives), kept reachable for comparisons with v0.1 results;
 * - `static`: CIESS's static evaluation, no stream — one segment holding the whole
 *   dataset, each user's rows split at random (seeded from the dataset seed) 50 / 25 / 25
 *   into train / validation / test, checkpoints selected on validation, final figures on
 *   test, the full catalogue ranked with training items masked, every known test user,
 *   budget-exact plans.
 */
export const PROTOCOLS: Record<ProtocolName, ProtocolSettings> = {
  reference: {
    ...REFERENCE_STREAM,
    validationRatio: 0,
    testRatio: undefined,
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
    testRatio: undefined,
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
    testRatio: undefined,
    selection: 'test',
    candidates: 'test-items',
    users: 'known-pairs',
    improvement: 'strict',
    grownInit: undefined,
    budgetOverflow: 'redistribute',
  },
  static: {
    splitBase: 'random-per-user',
    boundary: undefined,
    // One segment without replay: every training row is new and every known item is in the
    // training part, so the reference sampler and v0.1's draw alike; the reference's is kept.
    positives: 'current-uniform',
    negatives: 'current-items',
    validationRatio: 0.25,
    testRatio: 0.25,
    selection: 'validation',
    candidates: 'catalogue',
    users: 'all-known',
    improvement: 'non-strict',
    grownInit: 'zero',
    budgetOverflow: 'redistribute',
  },
};

/**
 * The protocol settings of a config: its named protocol, with any knob the config sets
 * explicitly taking precedence.
 *
 * @throws Error when the result cannot work (validation selection without a validation
 * slice; a segment setting — `dataset.threshold`, `dataset.boundary` — with the static
 * split, which cuts no segments; static ratios that leave no row to train).
 */
export function resolveProtocolSettings(config: RunConfig): ProtocolSettings {
  const base = PROTOCOLS[config.protocol];
  const d = config.dataset;
  const splitBase = d.splitBase ?? base.splitBase;
  const perUser = splitBase === 'random-per-user';
  const settings: ProtocolSettings = {
    splitBase,
    // The static split cuts no segments: no boundary rule (an explicit one is refused below).
    boundary: perUser ? undefined : (d.boundary ?? base.boundary ?? PROTOCOLS.strict.boundary),
    positives: d.positives ?? base.positives,
    negatives: d.negatives ?? base.negatives,
    validationRatio: d.validationRatio ?? (perUser ? PROTOCOLS.static.validationRatio : base.validationRatio),
    testRatio: d.testRatio ?? (perUser ? PROTOCOLS.static.testRatio : base.testRatio),
    selection: config.evaluation.selection ?? base.selection,
    candidates: config.evaluation.candidates ?? base.candidates,
    users: config.evaluation.users ?? base.users,
    improvement: config.training.improvement ?? base.improvement,
    grownInit: config.training.grownInit ?? base.grownInit,
    budgetOverflow: config.budgetOverflow ?? base.budgetOverflow,
  };
  if (perUser) {
    for (const key of ['threshold', 'boundary'] as const) {
      if (d[key] !== undefined) {
        throw new Error(
          `dataset.${key} cuts the stream into segments, but dataset.splitBase "random-per-user" (protocol "${config.protocol}") keeps the whole dataset in one segment; remove dataset.${key} (or --${key}), or choose a stream protocol`,
        );
      }
    }
    for (const key of ['segmenter', 'boundary', 'replayRatio'] as const) {
      if (d.options[key] !== undefined) {
        throw new Error(
          `dataset.options.${key} is a stream setting, but dataset.splitBase "random-per-user" (protocol "${config.protocol}") cuts no segments and replays nothing; remove dataset.options.${key}, or choose a stream protocol`,
        );
      }
    }
    if (!(settings.validationRatio + settings.testRatio! < 1)) {
      throw new Error(
        `dataset.testRatio (${settings.testRatio}) and dataset.validationRatio (${settings.validationRatio}) leave no row to train with dataset.splitBase "random-per-user": their sum must be below 1`,
      );
    }
  }
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
    dataset: {
      ...config.dataset,
      splitBase: s.splitBase,
      ...(s.boundary ? { boundary: s.boundary } : {}),
      positives: s.positives,
      negatives: s.negatives,
      validationRatio: s.validationRatio,
      ...(s.testRatio !== undefined ? { testRatio: s.testRatio } : {}),
    },
    evaluation: { ...config.evaluation, selection: s.selection, candidates: s.candidates, users: s.users },
    training: { ...config.training, improvement: s.improvement, ...(s.grownInit ? { grownInit: s.grownInit } : {}) },
    budgetOverflow: s.budgetOverflow,
  };
}
