import type { Worker } from 'node:worker_threads';
import { planParameters, type ScoreJob, type ScoreResult } from '@scall/spec';
import { errorMessage, segmentKey, type FromWorker, type ToWorker, type WireJob, type WorkerInit } from './wire.js';

/** Options of {@link createScoringPool}. */
export interface ScoringPoolOptions {
  /** Worker threads (a positive integer). */
  readonly workers: number;
  /**
   * What every worker builds itself from: `module` (a file URL or path of an ES module
   * exporting `createWorkerEnvironment(data)`, see {@link WorkerEnvironment}) and `data`
   * (structured-cloneable, handed to it). A `.ts` module is loaded through tsx.
   */
  readonly environment: { readonly module: string | URL; readonly data?: unknown };
}

/** A pool of scoring workers (see {@link createScoringPool}). */
export interface ScoringPool {
  /** Number of worker threads. */
  readonly size: number;
  /**
   * Scores `jobs` on the workers; results in job order. A job's `evaluation: 'run'` must
   * have been replaced by explicit settings (a worker has no `SearchContext.evaluate`):
   * `@scall/runner`'s `scorePlans` option does that before calling this.
   */
  readonly scorePlans: (jobs: readonly ScoreJob[]) => Promise<ScoreResult[]>;
  /** Stops every worker; pending calls reject. Safe to call twice. */
  close(): Promise<void>;
}

interface Batch {
  readonly total: number;
  readonly results: ScoreResult[];
  remaining: number;
  settled: boolean;
  readonly resolve: (results: ScoreResult[]) => void;
  readonly reject: (error: Error) => void;
}

interface Task {
  readonly id: number;
  readonly batch: Batch;
  readonly position: number;
  readonly job: WireJob;
}

interface Slot {
  readonly index: number;
  readonly worker: Worker;
  ready: boolean;
  task: Task | undefined;
}

const TYPESCRIPT = /\.[mc]?ts$/;

/** The worker scripts beside this module: `src/*.ts` from the sources, `dist/*.js` when built. */
function workerFiles(): { bootstrap: URL; entry: URL; typescript: boolean } {
  const here = import.meta.url;
  const typescript = TYPESCRIPT.test(new URL(here).pathname);
  return {
    bootstrap: new URL(typescript ? './worker-bootstrap.mjs' : './worker-bootstrap.js', here),
    entry: new URL(typescript ? './worker.ts' : './worker.js', here),
    typescript,
  };
}

function moduleHref(module: string | URL): string {
  if (module instanceof URL) return module.href;
  return /^[a-z][a-z0-9+.-]*:/i.test(module) ? module : new URL(module, `file://${process.cwd()}/`).href;
}

function describeJob(task: Task): string {
  const { job } = task;
  return `job ${task.position + 1} of ${task.batch.total} (segment ${job.segment.index}, ${job.steps} steps, a plan of ${planParameters(job.plan)} parameters)`;
}

/**
 * A pool of `workers` worker threads that score {@link ScoreJob}s, each job on one
 * worker, as many at once as there are workers. Every worker builds its own environment
 * once (tfjs backend, plug-ins, dataset, recommender factory: see
 * {@link WorkerEnvironment}) and caches the segment it last used; a job crosses as data
 * (plan, seeds, warm start by structured clone) and runs the same `scoreJob` as the
 * calling thread, so results are those of in-thread scoring, whatever the number of
 * workers. A failing job rejects its call with the job and the worker's message; a
 * worker that cannot start or dies breaks the pool (every call rejects). Idle workers do
 * not keep the process alive; still, `close()` it when done.
 *
 * @example
 * const pool = await createScoringPool({ workers: 2, environment: { module: new URL('./scoring-env.js', import.meta.url), data: { seed: 1 } } });
 * try {
 *   const results = await pool.scorePlans(jobs);
 * } finally {
 *   await pool.close();
 * }
 */
export async function createScoringPool(options: ScoringPoolOptions): Promise<ScoringPool> {
  const { workers } = options;
  if (!(Number.isInteger(workers) && workers >= 1)) throw new RangeError(`workers must be a positive integer, got ${workers}`);
  const { Worker } = await import('node:worker_threads');
  const files = workerFiles();
  const module = moduleHref(options.environment.module);
  const init: WorkerInit = { entry: files.entry.href, typescript: files.typescript || TYPESCRIPT.test(new URL(module).pathname), environment: { module, data: options.environment.data } };
  // From the sources, the worker resolves workspace packages to their sources as well.
  const execArgv = init.typescript ? ['--conditions=@scall/source'] : undefined;

  const queue: Task[] = [];
  let nextId = 0;
  let broken: Error | undefined;
  let closed = false;
  const slots: Slot[] = [];

  const settle = (batch: Batch, error?: Error) => {
    if (batch.settled) return;
    batch.settled = true;
    if (error) batch.reject(error);
    else batch.resolve(batch.results);
  };
  const pendingBatches = () => new Set([...queue.map((t) => t.batch), ...slots.flatMap((s) => (s.task ? [s.task.batch] : []))]);

  const terminateAll = () => Promise.all(slots.map((s) => s.worker.terminate())).then(() => undefined);

  const fail = (error: Error) => {
    if (broken || closed) return;
    broken = error;
    for (const batch of pendingBatches()) settle(batch, error);
    queue.length = 0;
    for (const slot of slots) slot.task = undefined;
    void terminateAll();
  };

  // Busy workers keep the process alive; idle ones do not (a forgotten close() cannot hang it).
  const updateRefs = () => {
    const busy = queue.length > 0 || slots.some((s) => s.task);
    for (const slot of slots) (busy ? slot.worker.ref() : slot.worker.unref());
  };

  const dispatch = () => {
    for (const slot of slots) {
      if (!slot.ready || slot.task) continue;
      let task = queue.shift();
      while (task && task.batch.settled) task = queue.shift();
      if (!task) break;
      slot.task = task;
      try {
        slot.worker.postMessage({ type: 'job', id: task.id, job: task.job } satisfies ToWorker);
      } catch (error) {
        slot.task = undefined;
        settle(task.batch, new Error(`Cannot send scoring ${describeJob(task)} to a worker: ${errorMessage(error)}`));
      }
    }
    updateRefs();
  };

  const onMessage = (slot: Slot, message: FromWorker) => {
    if (message.type === 'ready') {
      slot.ready = true;
    } else if (message.type === 'failed') {
      fail(new Error(`Scoring worker ${slot.index} could not start: ${message.message}`));
      return;
    } else {
      const task = slot.task;
      if (!task || task.id !== message.id) return;
      slot.task = undefined;
      if (message.type === 'error') {
        settle(task.batch, new Error(`Scoring ${describeJob(task)} failed in worker ${slot.index}: ${message.message}`));
      } else if (!task.batch.settled) {
        task.batch.results[task.position] = message.embeddings ? { fitness: message.fitness, embeddings: message.embeddings } : { fitness: message.fitness };
        if (--task.batch.remaining === 0) settle(task.batch);
      }
    }
    dispatch();
  };

  for (let index = 0; index < workers; index++) {
    const worker = new Worker(files.bootstrap, { workerData: init, ...(execArgv ? { execArgv } : {}) });
    const slot: Slot = { index, worker, ready: false, task: undefined };
    slots.push(slot);
    worker.on('message', (message: FromWorker) => onMessage(slot, message));
    worker.on('error', (error) => fail(new Error(`Scoring worker ${index} crashed${slot.task ? ` during ${describeJob(slot.task)}` : ''}: ${error.message}`)));
    worker.on('exit', (code) => fail(new Error(`Scoring worker ${index} exited (code ${code})${slot.task ? ` during ${describeJob(slot.task)}` : ''}`)));
    worker.unref();
  }

  const toWire = (job: ScoreJob): WireJob => {
    const { segment, evaluation, ...rest } = job;
    if (evaluation === 'run') throw new Error("A scoring pool cannot score a job with evaluation: 'run': replace it with the run's evaluation settings (the runner's scorePlans option does)");
    return { ...rest, segment: segmentKey(segment), evaluation };
  };

  const scorePlans = (jobs: readonly ScoreJob[]): Promise<ScoreResult[]> => {
    if (closed) return Promise.reject(new Error('The scoring pool is closed'));
    if (broken) return Promise.reject(broken);
    if (jobs.length === 0) return Promise.resolve([]);
    let wire: WireJob[];
    try {
      wire = jobs.map(toWire);
    } catch (error) {
      return Promise.reject(error as Error);
    }
    return new Promise<ScoreResult[]>((resolve, reject) => {
      const batch: Batch = { total: jobs.length, results: new Array<ScoreResult>(jobs.length), remaining: jobs.length, settled: false, resolve, reject };
      wire.forEach((job, position) => queue.push({ id: nextId++, batch, position, job }));
      dispatch();
    });
  };

  return {
    size: workers,
    scorePlans,
    async close() {
      if (closed) return;
      closed = true;
      const error = new Error('The scoring pool was closed before the job finished');
      for (const batch of pendingBatches()) settle(batch, error);
      queue.length = 0;
      // `terminate()` alone does not keep the event loop alive (seen under load: a top-level
      // `await pool.close()` then exits with code 13, an unsettled await), so a timer holds
      // the loop open until every worker has stopped, or 10 s have passed.
      let timer: ReturnType<typeof setTimeout> | undefined;
      const limit = new Promise<void>((resolve) => { timer = setTimeout(resolve, 10_000); });
      try {
        await Promise.race([terminateAll(), limit]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
