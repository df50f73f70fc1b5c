// The environment of a scoring worker (`execution.workers` > 1): the same tfjs backend,
// plug-ins, recommender and dataset as the run in the main thread, built from the config.
import type { WorkerEnvironment } from '@scall/parallel-scoring';
import { createPlugin } from '@scall/plugin-utils';
import { initTf, type BackendName } from '@scall/tf-runtime';
import { loadBuiltins, loadDataset, loadPlugins } from './assemble.js';
import type { RunConfig } from './config-schema.js';

/** What the main thread hands every scoring worker. */
export interface ScoringWorkerData {
  readonly config: RunConfig;
  readonly dataDir: string;
  /** The main thread's tfjs backend. */
  readonly backend: BackendName;
  /** Registry name of the run's recommender (after a sparse searcher's pairing). */
  readonly recommender: string;
}

/** Builds a worker's environment; called once per worker by `@scall/parallel-scoring`. */
export async function createWorkerEnvironment(data: ScoringWorkerData): Promise<WorkerEnvironment> {
  await initTf({ backends: [data.backend] });
  await loadBuiltins();
  await loadPlugins(data.config.plugins);
  const createRecommender = createPlugin('recommender', data.recommender, data.config.recommender.options);
  const dataset = await loadDataset(data.config, data.dataDir);
  return { segment: (index) => dataset.segment(index), createRecommender };
}
