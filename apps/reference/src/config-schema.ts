import { z } from 'zod';

const component = (defaultName: string) =>
  z
    .strictObject({
      /** Registry name of the component. */
      name: z.string().min(1).default(defaultName),
      /** Options passed to the component's factory. */
      options: z.record(z.string(), z.unknown()).default({}),
    })
    .prefault({});

/** The `scall run` configuration. Unknown keys are errors. */
export const runConfigSchema = z.strictObject({
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
      /** Fraction of each segment's training part kept aside for honest model selection. */
      validationRatio: z.number().min(0).max(0.5).optional(),
      /** Extra loader options. */
      options: z.record(z.string(), z.unknown()).default({}),
    })
    .prefault({}),
  /** Budget: `c=32` (mean size), `B=10MB` (bytes), `sparsity=0.9@256`. */
  budget: z.string().default('c=32'),
  minSize: z.number().int().min(1).default(1),
  maxSize: z.number().int().min(1).default(256),
  searcher: component('scall'),
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
    })
    .prefault({}),
  evaluation: z
    .strictObject({
      selection: z.enum(['test', 'validation']).default('test'),
      candidates: z.enum(['test-items', 'catalogue']).default('test-items'),
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
});

/** A fully resolved run configuration. */
export type RunConfig = z.output<typeof runConfigSchema>;
/** What a config file may contain. */
export type RunConfigInput = z.input<typeof runConfigSchema>;
