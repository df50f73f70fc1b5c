// The scoring worker: builds its environment once (tfjs, plug-ins, dataset, recommender
// factory: whatever the environment module does), then scores jobs one at a time with
// the same `scoreJob` the main thread would run.
import { parentPort, workerData } from 'node:worker_threads';
import type { StreamSegment } from '@scall/spec';
import { scoreJob } from './score-job.js';
import { errorMessage, segmentMismatch, type CreateWorkerEnvironment, type FromWorker, type ToWorker, type WorkerEnvironment, type WorkerInit } from './wire.js';

const port = parentPort;
if (!port) throw new Error('@scall/parallel-scoring: worker.js runs only as a worker thread (use createScoringPool)');
const init = workerData as WorkerInit;
const send = (message: FromWorker) => port.postMessage(message);

async function loadEnvironment(): Promise<WorkerEnvironment> {
  const module = (await import(init.environment.module)) as { createWorkerEnvironment?: CreateWorkerEnvironment };
  if (typeof module.createWorkerEnvironment !== 'function') {
    throw new Error(`worker environment module ${init.environment.module} does not export a function "createWorkerEnvironment"`);
  }
  return module.createWorkerEnvironment(init.environment.data);
}

let cached: { index: number; segment: StreamSegment } | undefined;

async function run(environment: WorkerEnvironment, message: ToWorker): Promise<void> {
  const { id, job } = message;
  try {
    if (cached?.index !== job.segment.index) cached = { index: job.segment.index, segment: await environment.segment(job.segment.index) };
    const mismatch = segmentMismatch(job.segment, cached.segment);
    if (mismatch) throw new Error(mismatch);
    const result = await scoreJob({ ...job, segment: cached.segment }, { createRecommender: environment.createRecommender });
    send({ type: 'result', id, fitness: result.fitness, ...(result.embeddings ? { embeddings: result.embeddings } : {}) });
  } catch (error) {
    send({ type: 'error', id, message: errorMessage(error) });
  }
}

// Jobs run strictly one after another (the pool sends one at a time; the chain makes sure).
let chain: Promise<WorkerEnvironment | undefined> = loadEnvironment().then(
  (environment) => {
    send({ type: 'ready' });
    return environment;
  },
  (error: unknown) => {
    send({ type: 'failed', message: errorMessage(error) });
    return undefined;
  },
);
port.on('message', (message: ToWorker) => {
  chain = chain.then(async (environment) => {
    if (environment) await run(environment, message);
    return environment;
  });
});
