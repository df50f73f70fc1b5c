import { parseBudget } from '@scall/plugin-utils';
import type { Budget } from '@scall/spec';
import { z } from 'zod';

/** A config's budget: the text as written (recorded in `results.json`) and what it means. */
export interface ConfigBudget {
  /** As written: `c=32`, `B=10MB`, `sparsity=0.9@256`. */
  readonly text: string;
  /** The parsed budget (`parseBudget(text)`). */
  readonly value: Budget;
}

/**
 * The budget, parsed where the config is validated, so that a bad budget is reported
 * with every other config error. Accepts the text, or an already parsed
 * {@link ConfigBudget} (a resolved config parsed again), whose text is parsed again.
 */
const budgetSchema = z
  .union([z.string(), z.object({ text: z.string() }).transform((b) => b.text)])
  .default('c=32')
  .transform((text, ctx): ConfigBudget => {
    try {
      return { text, value: parseBudget(text) };
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  });

/** Searcher options the run reserves: the run seed seeds every searcher, through the seed tree. */
const RESERVED_SEARCHER_OPTIONS: Readonly<Record<string, string>> = {
  seed: 'the run seed (config `seed`, or --seed) seeds the searcher through the seed tree (`seedTree` of @scall/rng); set the top-level "seed" instead',
};

const component = (defaultName: string) =>
  z
    .strictObject({
      /** Registry name of the component. */
      name: z.string().min(1).default(defaultName),
      /** Options passed to the component's factory. */
      options: z.record(z.string(), z.unknown()).default({}),
    })
    .prefault({});

/** Names of the evaluation protocols (see `protocol.ts`). */
export const PROTOCOL_NAMES = ['strict', 'reference', 'legacy', 'static'] as const;

/** The `scall run` configuration. Unknown keys are errors. */
export const runConfigSchema = z.strictObject({
  /**
   * The stream and evaluation protocol: `strict` (default; validation selection, full
   * catalogue), `reference` (the reference code exactly), `legacy` (v0.1) or `static`
   * (CIESS's: no stream, one random per-user 50/25/25 split of the whole dataset). Every knob it
   * sets can be overridden individually below (`dataset.splitBase`, `evaluation.candidates`, ...).
   */
  protocol: z.enum(PROTOCOL_NAMES).default('strict'),
  /** A name for this run's searcher variant in reports (e.g. `scall-v2`); default: the searcher's registry name. */
  label: z.string().min(1).optional(),
  /** Dataset preset (`synthetic-small`, `ml-100k`, ...) or a registered dataset, with its options. */
  dataset: z
    .strictObject({
      name: z.string().min(1).default('synthetic-small'),
      /** Directory holding the dataset's files (for file-based presets). */
      dataDir: z.string().optional(),
      /** New users + items that end a segment (the paper's rule). */
      threshold: z.number().int().positive().optional(),
      /** k-core filter (0 = none). */
      kCore: z.number().int().min(0).optional(),
      /**
       * Fraction of each segment's training part kept aside for honest model selection; with
       * `splitBase: random-per-user`, the fraction of each user's rows drawn for validation.
       */
      validationRatio: z.number().min(0).max(0.5).optional(),
      /**
       * Fraction of each segment's rows (its tail) in the test part (the streams' default 0.2,
       * then left out of results.json); with `splitBase: random-per-user`, the fraction of each
       * user's rows drawn for the test part (the static protocol's 0.25).
       */
      testRatio: z.number().gt(0).max(0.5).optional(),
      /**
       * Per-segment split over the own rows (`own`) or replay + own rows (`with-replay`, the
       * reference), or no stream: one segment, split at random per user (`random-per-user`, the static protocol).
       */
      splitBase: z.enum(['own', 'with-replay', 'random-per-user']).optional(),
      /** A new-entities segment ends `after` the crossing row or `before` it (the reference). */
      boundary: z.enum(['after', 'before']).optional(),
      /** BPR positives: `new-first` (v0.1) or `current-uniform` (the reference). */
      positives: z.enum(['new-first', 'current-uniform']).optional(),
      /** BPR negatives: `known` (v0.1) or `current-items` (the reference). */
      negatives: z.enum(['known', 'current-items']).optional(),
      /** `name: 'csv'`: your own delimited file (plain or gzip), relative to where scall runs. */
      path: z.string().min(1).optional(),
      /** `name: 'csv'`: `user,item,rating,timestamp` (roles in file order), `user=userId,item=movieId,timestamp=ts` (header names) or a mapping; default: detected. */
      columns: z
        .union([
          z.string().min(1),
          z.strictObject({
            user: z.union([z.string(), z.number().int().min(0)]),
            item: z.union([z.string(), z.number().int().min(0)]),
            timestamp: z.union([z.string(), z.number().int().min(0)]).optional(),
          }),
        ])
        .optional(),
      /** `name: 'csv'`: field separator (default: detected). */
      delimiter: z.string().min(1).optional(),
      /** `name: 'csv'`: whether the first line names the columns (default: detected). */
      header: z.boolean().optional(),
      /** `name: 'csv'`: `seconds`, `milliseconds`, `iso` or `date` (default: detected). */
      timestampFormat: z.enum(['seconds', 'milliseconds', 'iso', 'date']).optional(),
      /**
       * Seed of the stream's replay reservoirs. Default: the dataset's own (7 for the
       * synthetic presets, 0 for the others). It is part of the dataset, not of the run:
       * the run `seed` never changes the stream, so every run seed sees the same rows.
       */
      seed: z.number().int().optional(),
      /** Extra loader options. */
      options: z.record(z.string(), z.unknown()).default({}),
    })
    .prefault({}),
  /** Budget: `c=32` (mean size), `B=10MB` (bytes), `sparsity=0.9@256`; parsed here (see {@link ConfigBudget}). */
  budget: budgetSchema,
  minSize: z.number().int().min(1).default(1),
  /** A side's budget share above MAX·n: `redistribute` to the other side, or `drop` it (the reference). Default: the protocol's. */
  budgetOverflow: z.enum(['redistribute', 'drop']).optional(),
  maxSize: z.number().int().min(1).default(256),
  searcher: component('scall').superRefine((searcher, ctx) => {
    for (const [key, why] of Object.entries(RESERVED_SEARCHER_OPTIONS)) {
      if (Object.hasOwn(searcher.options, key)) ctx.addIssue({ code: 'custom', path: ['options', key], message: `searcher "${searcher.name}": unknown option "${key}": ${why}` });
    }
  }),
  distribution: component('power-law'),
  allocator: component('scall'),
  agent: component('sac'),
  recommender: component('lightgcn'),
  training: z
    .strictObject({
      blockSteps: z.number().int().positive().default(200),
      patience: z.number().int().positive().default(3),
      maxBlocks: z.number().int().positive().default(30),
      lossPlateau: z.number().min(0).nullable().default(0.05),
      /** `strict`: a tie keeps the earlier checkpoint; `non-strict`: the later block wins (the reference). */
      improvement: z.enum(['strict', 'non-strict']).optional(),
      /** How grown dimensions of warm-started entities start: `zero` (the reference) or `normal`. */
      grownInit: z.enum(['normal', 'zero']).optional(),
    })
    .prefault({}),
  evaluation: z
    .strictObject({
      /** Checkpoint selection split (default: the protocol's). */
      selection: z.enum(['test', 'validation']).optional(),
      /** `catalogue`, `reference` (known items of all test rows) or `test-items` (v0.1); default: the protocol's. */
      candidates: z.enum(['test-items', 'reference', 'catalogue']).optional(),
      /** `all-known` (known users of all test rows, zeros counted) or `known-pairs` (v0.1); default: the protocol's. */
      users: z.enum(['all-known', 'known-pairs']).optional(),
      ks: z.array(z.number().int().positive()).min(1).default([20]),
    })
    .prefault({}),
  /** Run segments 0..lastSegment only. */
  lastSegment: z.number().int().min(0).optional(),
  seed: z.number().int().default(1),
  /** Output directory for results.json, events.jsonl and checkpoints. */
  out: z.string().default('runs/latest'),
  /** Third-party packages to import; each exports `scallPlugins` (a PluginManifest). */
  plugins: z.array(z.string()).default([]),
  /** How the run uses the machine; never changes its results (and is left out of the recorded config). */
  execution: z
    .strictObject({
      /** Threads that score a searcher's candidate plans (SCALL's reward models): 1 (default) scores them in the main thread; 2 uses both cores of a 2-core machine. */
      workers: z.number().int().min(1).max(64).default(1),
    })
    .prefault({}),
});

/** A fully resolved run configuration. */
export type RunConfig = z.output<typeof runConfigSchema>;
/** What a config file may contain. */
export type RunConfigInput = z.input<typeof runConfigSchema>;
