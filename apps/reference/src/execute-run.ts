import { resolve } from 'node:path';
import { createScoringPool, type ScoringPool } from '@scall/parallel-scoring';
import { runStream } from '@scall/runner';
import { pairedRecommenderName, type JsonValue, type RunResults } from '@scall/spec';
import { initTf } from '@scall/tf-runtime';
import { consola } from 'consola';
import { assembleRun } from './assemble.js';
import { BUILTIN_PLUGIN_PACKAGES } from './builtins.js';
import { assertBudgetFits } from './budget-preflight.js';
import type { RunConfig } from './config-schema.js';
import { createProgress } from './progress.js';
import type { ScoringWorkerData } from './scoring-worker.js';
import { packageVersions, RUNTIME_PACKAGES } from './versions.js';

/** Where relative paths are resolved: the directory the user ran the command from. */
export function userDirectory(): string {
  return process.env.INIT_CWD ?? process.cwd();
}

/** The default data directory: `$SCALL_DATA_DIR`, else `../shared/data`. */
export function defaultDataDir(): string {
  return resolve(userDirectory(), process.env.SCALL_DATA_DIR ?? '../shared/data');
}

/** The config without its `execution` key (not `execution: undefined`, which would still change the hash). */
function withoutExecution(config: RunConfig): Omit<RunConfig, 'execution'> {
  const { execution: _execution, ...rest } = config;
  return rest;
}

/**
 * The config as `results.json` records it (and its hash covers): the budget as written,
 * without the output directory, which is where the run lives, not what it is, and
 * without `execution`, which is how fast it goes (so a moved run directory, or one resumed
 * with another number of workers, still resumes).
 */
export function recordedConfig(config: RunConfig): { [key: string]: JsonValue } {
  return { ...withoutExecution(config), budget: config.budget.text, out: undefined } as unknown as { [key: string]: JsonValue };
}

/** Options of {@link executeRun}. */
export interface ExecuteRunOptions {
  readonly resume?: boolean;
  readonly dataDir?: string;
  /** Label in front of progress lines. */
  readonly label?: string;
  /** Stop after this segment (to test resumption). */
  readonly stopAfterSegment?: number;
}

/** Assembles a run from a validated config, runs it and returns its results. */
export async function executeRun(config: RunConfig, options: ExecuteRunOptions = {}): Promise<{ results: RunResults; finished: boolean; outDir: string }> {
  const runtime = await initTf();
  const dataDir = options.dataDir ?? defaultDataDir();
  consola.info(`tfjs backend: ${runtime.backend}${runtime.skipped.length ? ` (skipped ${runtime.skipped.map((s) => `${s.backend}: ${s.reason}`).join('; ')})` : ''}`);
  const outDir = resolve(userDirectory(), config.out);
  const run = await assembleRun(config, { dataDir });
  if (run.plugins.length) consola.info(`plug-ins loaded: ${run.plugins.join(', ')}`);
  const lastSegment = Math.min(config.lastSegment ?? run.dataset.numSegments - 1, run.dataset.numSegments - 1);
  // An impossible budget is the user's to fix, and is reported before any training starts.
  assertBudgetFits(run.dataset, run.budget, { minSize: config.minSize, maxSize: config.maxSize, lastSegment, budgetText: config.budget.text });
  const progress = createProgress(lastSegment + 1, options.label ?? `${config.searcher.name} ${config.budget.text}`);
  let pool: ScoringPool | undefined;
  try {
    const { workers } = config.execution;
    if (workers > 1) {
      // The worker module sits beside this one: src/*.ts from the sources, dist/*.js when built.
      const module = new URL(import.meta.url.endsWith('.ts') ? './scoring-worker.ts' : './scoring-worker.js', import.meta.url);
      const data: ScoringWorkerData = { config, dataDir, backend: runtime.backend, recommender: pairedRecommenderName(run.searcher, config.recommender.name) };
      pool = await createScoringPool({ workers, environment: { module, data } });
      consola.info(`scoring candidate plans on ${workers} worker threads`);
    }
    const outcome = await runStream({
      dataset: run.dataset,
      searcher: run.searcher,
      createRecommender: run.createRecommender,
      budget: run.budget,
      minSize: config.minSize,
      maxSize: config.maxSize,
      seed: config.seed,
      selection: config.evaluation.selection,
      candidates: config.evaluation.candidates,
      users: config.evaluation.users,
      ks: config.evaluation.ks,
      training: config.training,
      grownInit: config.training.grownInit,
      budgetOverflow: config.budgetOverflow,
      ...(pool ? { scorePlans: pool.scorePlans } : {}),
      lastSegment,
      outDir,
      resume: options.resume,
      onResume: (from) => consola.info(from ? `resuming from checkpoint ${from.path} (segments 0-${from.segment} done)` : `no checkpoint in ${outDir}, starting fresh`),
      stopAfterSegment: options.stopAfterSegment,
      onEvent: progress.onEvent,
      config: recordedConfig(config),
      backend: runtime.backend,
      // The plug-in packages the run was assembled from: the built-ins, then the config's.
      versions: packageVersions([...RUNTIME_PACKAGES, ...BUILTIN_PLUGIN_PACKAGES, ...config.plugins]),
    });
    return { ...outcome, outDir };
  } finally {
    progress.stop();
    run.searcher.dispose();
    await pool?.close();
  }
}
