import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { appendFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { evaluate, trainToConvergence } from '@scall/evaluation';
import {
  assertPlanWithinBudget,
  budgetParameters,
  FLOAT32_BYTES,
  type EvaluationResult,
  type JsonValue,
  type PreviousSegment,
  type RecommenderV1,
  type RunEvent,
  type RunResults,
  type SegmentResult,
  type SizePlan,
  type StreamSegment,
} from '@scall/spec';
import type { RunStreamOptions } from './run-options.js';
import { segmentRng } from './segment-rng.js';
import { sizeByRank } from './size-by-rank.js';
import { readSnapshotFile, writeSnapshotFile } from './snapshot-file.js';

/** What {@link runStream} returns: the results (also written to `results.json`) and whether the run finished. */
export interface RunStreamOutcome {
  readonly results: RunResults;
  /** False when the run stopped early through `stopAfterSegment`. */
  readonly finished: boolean;
}

interface CheckpointState {
  readonly format: 'scall-checkpoint/v1';
  readonly configHash: string;
  readonly nextSegment: number;
  readonly segments: SegmentResult[];
  readonly referenceFitness: number;
  readonly events: number;
  readonly timings: { policy: number; training: number; evaluation: number; total: number };
}

const now = () => performance.now() / 1000;

/** A short, stable hash of a JSON value (keys sorted). */
export function hashConfig(value: JsonValue | undefined): string {
  const canonical = (v: JsonValue | undefined): string =>
    v === undefined
      ? 'null'
      : Array.isArray(v)
        ? `[${v.map(canonical).join(',')}]`
        : v !== null && typeof v === 'object'
          ? `{${Object.keys(v)
              .sort()
              .map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`)
              .join(',')}}`
          : JSON.stringify(v);
  return createHash('sha256').update(canonical(value)).digest('hex').slice(0, 12);
}

function mean(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return values.length ? s / values.length : 0;
}

function summarise(segments: readonly SegmentResult[], k: number): RunResults['summary'] {
  const reported = segments.filter((s) => s.index >= 1);
  const recall = reported.map((s) => s.test.metrics.recall?.[k] ?? 0);
  const ndcg = reported.map((s) => s.test.metrics.ndcg?.[k] ?? 0);
  const weights = reported.map((s) => s.test.users);
  const total = weights.reduce((a, b) => a + b, 0);
  const weighted = (xs: number[]) => (total > 0 ? xs.reduce((a, x, i) => a + x * weights[i], 0) / total : 0);
  return {
    k,
    recall: mean(recall),
    ndcg: mean(ndcg),
    weightedRecall: weighted(recall),
    weightedNdcg: weighted(ndcg),
    segments: reported.length,
  };
}

/**
 * Runs a searcher and a recommender over a stream (SCALL §5 "Streaming loop"): for each
 * segment, ask the searcher for a size plan (checked against the budget), build the
 * recommender warm-started from the previous segment, train it to convergence, evaluate
 * it, emit typed events, and checkpoint. With `outDir`, writes `results.json`,
 * `events.jsonl` and a checkpoint after every segment, so `resume: true` continues a
 * killed run and produces identical results.
 */
export async function runStream(options: RunStreamOptions): Promise<RunStreamOutcome> {
  const { dataset, searcher, createRecommender, budget, seed } = options;
  const minSize = options.minSize ?? 1;
  const maxSize = options.maxSize ?? 256;
  const selection = options.selection ?? 'test';
  const candidates = options.candidates ?? 'test-items';
  const ks = [...(options.ks ?? [20])];
  const lastSegment = Math.min(options.lastSegment ?? dataset.numSegments - 1, dataset.numSegments - 1);
  const configHash = hashConfig(options.config);
  const outDir = options.outDir;
  const checkpointDir = outDir ? join(outDir, 'checkpoint') : undefined;
  const eventsPath = outDir ? join(outDir, 'events.jsonl') : undefined;
  if (options.resume && !outDir) throw new Error('resume needs outDir (the directory holding checkpoint/)');
  if (outDir) await mkdir(outDir, { recursive: true });

  const evaluationOptions = { candidates, ks };
  const selectionSplit = selection === 'validation' ? ('validation' as const) : ('test' as const);
  const evaluateForSearch = (recommender: RecommenderV1, segment: StreamSegment) =>
    evaluate(recommender, segment, { ...evaluationOptions, split: selectionSplit });

  let segments: SegmentResult[] = [];
  let startSegment = 0;
  let eventCount = 0;
  let previous: PreviousSegment | undefined;
  const timings = { policy: 0, training: 0, evaluation: 0, total: 0 };
  let pending: string[] = [];

  const flushEvents = async () => {
    if (eventsPath && pending.length) {
      await appendFile(eventsPath, pending.join(''));
      pending = [];
    }
  };
  const emit = (event: RunEvent) => {
    eventCount++;
    if (eventsPath) pending.push(`${JSON.stringify(event)}\n`);
    options.onEvent?.(event);
  };

  // Resume from the last checkpoint, if asked and present.
  if (options.resume && checkpointDir && existsSync(join(checkpointDir, 'state.json'))) {
    const state = JSON.parse(await readFile(join(checkpointDir, 'state.json'), 'utf8')) as CheckpointState;
    if (state.format !== 'scall-checkpoint/v1') throw new Error(`${checkpointDir}/state.json: unknown checkpoint format "${state.format}"`);
    if (state.configHash !== configHash) {
      throw new Error(`Cannot resume: the checkpoint in ${checkpointDir} was written by a different configuration (hash ${state.configHash}, now ${configHash})`);
    }
    segments = state.segments;
    startSegment = state.nextSegment;
    eventCount = state.events;
    Object.assign(timings, state.timings);
    searcher.restore(await readSnapshotFile(join(checkpointDir, 'searcher.snap')));
    const t = startSegment - 1;
    const segment = dataset.segment(t);
    const planSnap = await readSnapshotFile(join(checkpointDir, 'plan.snap'));
    const plan: SizePlan = {
      userSizes: planSnap.arrays.userSizes as Int32Array,
      itemSizes: planSnap.arrays.itemSizes as Int32Array,
      minSize,
      maxSize,
      budgetParameters: Number(planSnap.meta.budgetParameters),
    };
    const deployed = createRecommender();
    deployed.build({ graph: segment.graph, numUsers: segment.numUsers, numItems: segment.numItems, plan, rng: segmentRng(seed, t, 'init') });
    deployed.restore(await readSnapshotFile(join(checkpointDir, 'recommender.snap')));
    previous = { segment, deployed, plan, referenceFitness: state.referenceFitness };
    if (eventsPath && existsSync(eventsPath)) {
      // Drop events written after the checkpoint by the interrupted run.
      const lines = (await readFile(eventsPath, 'utf8')).split('\n').filter(Boolean).slice(0, eventCount);
      await writeFile(eventsPath, lines.map((l) => `${l}\n`).join(''));
    }
  } else if (eventsPath) {
    await writeFile(eventsPath, '');
  }

  const build = (): RunResults => ({
    format: 'scall-results/v1',
    createdAt: new Date().toISOString(),
    config: options.config ?? {},
    configHash,
    seed,
    dataset: dataset.name,
    protocol: dataset.protocol,
    searcher: searcher.name,
    recommender: previous?.deployed.name ?? 'unknown',
    budget,
    selection,
    backend: options.backend ?? 'unknown',
    versions: options.versions ?? {},
    segments,
    summary: summarise(segments, ks[0]),
    timings: { ...timings },
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
  });

  let finished = true;
  for (let t = startSegment; t <= lastSegment; t++) {
    const segmentStart = now();
    const segment = dataset.segment(t);
    emit({ type: 'segment-started', segment: t, stats: segment.stats });

    // (a) the searcher plans sizes (a learning searcher first updates its policy on t-1).
    const policyStart = now();
    const plan = await searcher.plan({
      segment,
      previous,
      budget,
      minSize,
      maxSize,
      rng: segmentRng(seed, t, 'search'),
      createRecommender,
      evaluate: evaluateForSearch,
      emit,
    });
    const policySeconds = now() - policyStart;
    const allowed = budgetParameters(budget, segment.numUsers, segment.numItems);
    if (plan.userSizes.length !== segment.numUsers || plan.itemSizes.length !== segment.numItems) {
      throw new Error(
        `Searcher "${searcher.name}" planned ${plan.userSizes.length} users / ${plan.itemSizes.length} items for segment ${t}, which has ${segment.numUsers} / ${segment.numItems}`,
      );
    }
    if (plan.budgetParameters > allowed) {
      throw new Error(`Searcher "${searcher.name}" used a budget of ${plan.budgetParameters} parameters at segment ${t}; the run allows ${allowed}`);
    }
    const parameters = assertPlanWithinBudget(plan);

    // (b) build the recommender, warm-started from the deployed one, and train it.
    const recommender = createRecommender();
    recommender.build({
      graph: segment.graph,
      numUsers: segment.numUsers,
      numItems: segment.numItems,
      plan,
      rng: segmentRng(seed, t, 'init'),
      warmStart: previous?.deployed.embeddings(),
    });
    const usage = {
      parameters,
      budgetParameters: allowed,
      bytes: recommender.memoryBytes(),
      budgetBytes: allowed * FLOAT32_BYTES,
      meanUserSize: mean(plan.userSizes),
      meanItemSize: mean(plan.itemSizes),
    };
    emit({ type: 'plan-applied', segment: t, ...usage, seconds: policySeconds });
    const trainStart = now();
    const report = await trainToConvergence(recommender, segment, {
      rng: segmentRng(seed, t, 'train'),
      selection,
      candidates,
      ks,
      blockSteps: options.training?.blockSteps,
      patience: options.training?.patience,
      maxBlocks: options.training?.maxBlocks,
      lossPlateau: options.training?.lossPlateau,
      onBlock: (info) =>
        emit({
          type: 'training-block',
          segment: t,
          block: info.block,
          steps: info.steps,
          loss: info.loss,
          fitness: info.fitness,
          best: info.best,
          seconds: info.seconds,
        }),
    });
    const trainingSeconds = now() - trainStart;

    // (c) evaluate the kept checkpoint on the test part. The per-block evaluations of
    // trainToConvergence count as training time; this one pass is the evaluation phase.
    const evalStart = now();
    const test: EvaluationResult = await evaluate(recommender, segment, { ...evaluationOptions, split: 'test' });
    const evaluationSeconds = now() - evalStart;
    emit({ type: 'evaluation', segment: t, result: test, seconds: evaluationSeconds });

    timings.policy += policySeconds;
    timings.training += trainingSeconds;
    timings.evaluation += evaluationSeconds;
    segments.push({
      index: t,
      stats: segment.stats,
      test,
      ...usage,
      sizeByRank: {
        users: sizeByRank(plan.userSizes, segment.userFrequencies),
        items: sizeByRank(plan.itemSizes, segment.itemFrequencies),
      },
      blocks: report.blocks,
      bestBlock: report.bestBlock,
      timings: { policy: policySeconds, training: trainingSeconds, evaluation: evaluationSeconds },
    });
    previous?.deployed.dispose();
    previous = { segment, deployed: recommender, plan, referenceFitness: report.firstBlockFitness };
    const segmentSeconds = now() - segmentStart;
    timings.total += segmentSeconds;
    emit({ type: 'segment-finished', segment: t, seconds: segmentSeconds });
    await flushEvents();

    if (checkpointDir) {
      await writeSnapshotFile(join(checkpointDir, 'searcher.snap'), searcher.snapshot());
      await writeSnapshotFile(join(checkpointDir, 'recommender.snap'), recommender.snapshot());
      await writeSnapshotFile(join(checkpointDir, 'plan.snap'), {
        kind: 'size-plan',
        meta: { budgetParameters: plan.budgetParameters },
        arrays: { userSizes: plan.userSizes, itemSizes: plan.itemSizes },
      });
      const state: CheckpointState = {
        format: 'scall-checkpoint/v1',
        configHash,
        nextSegment: t + 1,
        segments,
        referenceFitness: report.firstBlockFitness,
        events: eventCount,
        timings: { ...timings },
      };
      await writeFile(join(checkpointDir, 'state.json.tmp'), JSON.stringify(state));
      await rename(join(checkpointDir, 'state.json.tmp'), join(checkpointDir, 'state.json'));
    }
    if (options.stopAfterSegment !== undefined && t >= options.stopAfterSegment && t < lastSegment) {
      finished = false;
      break;
    }
  }

  const results = build();
  if (outDir && finished) await writeFile(join(outDir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  previous?.deployed.dispose();
  return { results, finished };
}
