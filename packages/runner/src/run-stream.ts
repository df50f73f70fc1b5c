import type { RunResults } from '@scall/spec';
import { checkpointWriter, flushEvents, startFresh, writeCheckpoint, writeResults } from './checkpoint-phase.js';
import { evaluateSegment } from './evaluate-phase.js';
import { EventLog } from './event-log.js';
import { planSegment } from './plan-phase.js';
import { resumeRun } from './resume-phase.js';
import { createRunContext, now, type RunContext, type RunState } from './run-context.js';
import { acquireRunLock } from './run-lock.js';
import type { ResumePoint, RunStreamOptions } from './run-options.js';
import { summarise } from './run-summary.js';
import { sizeByRank } from './size-by-rank.js';
import { trainSegment } from './train-phase.js';

export { hashConfig } from './run-identity.js';

/** What {@link runStream} returns: the results (also written to `results.json`) and whether the run finished. */
export interface RunStreamOutcome {
  readonly results: RunResults;
  /** False when the run stopped early through `stopAfterSegment`. */
  readonly finished: boolean;
  /** The checkpoint generation the run continued from, if it resumed. */
  readonly resumedFrom: ResumePoint | undefined;
}

function buildResults(ctx: RunContext, state: RunState): RunResults {
  const { options } = ctx;
  return {
    format: 'scall-results/v1',
    createdAt: new Date().toISOString(),
    config: options.config ?? {},
    configHash: ctx.configHash,
    seed: ctx.seed,
    dataset: options.dataset.name,
    protocol: options.dataset.protocol,
    searcher: options.searcher.name,
    recommender: state.previous?.deployed.name ?? 'unknown',
    budget: options.budget,
    selection: ctx.selection,
    backend: options.backend ?? 'unknown',
    versions: options.versions ?? {},
    segments: state.segments,
    // A single-segment dataset (the static protocol) has no warm-up: its one segment is the result.
    summary: summarise(state.segments, ctx.ks[0], options.dataset.numSegments === 1 ? 0 : 1),
    timings: { ...state.timings },
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
  };
}

/**
 * Runs a searcher and a recommender over a stream (SCALL §5 "Streaming loop"): for each
 * segment, ask the searcher for a size plan (checked against the budget), build the
 * recommender warm-started from the previous segment, train it to convergence, evaluate
 * it, emit typed events, and checkpoint. With `outDir`, writes `results.json`,
 * `events.jsonl` and a checkpoint generation after every segment, so `resume: true`
 * continues a killed (or finished, to a later `lastSegment`) run from the newest
 * complete generation and produces identical results. The output directory is locked
 * (`run.lock`) while the run lasts; a second run on it is refused. Checkpoint problems
 * (damage, another configuration, a failed write, the lock) throw a `CheckpointError`
 * (`exitCode` 2) that names the file and says what to do. A fresh run (without
 * `resume`) removes any checkpoint already in `outDir`.
 *
 * The phases live in their own modules: resume (`resume-phase.ts`), plan
 * (`plan-phase.ts`), train (`train-phase.ts`), evaluate (`evaluate-phase.ts`) and
 * checkpoint (`checkpoint-phase.ts`).
 */
export async function runStream(options: RunStreamOptions): Promise<RunStreamOutcome> {
  const ctx = createRunContext(options);
  const writer = checkpointWriter(ctx);
  const { dataset } = options;
  if (options.resume && !ctx.outDir) throw new Error('resume needs outDir (the directory holding checkpoint/)');
  const lock = ctx.outDir ? await acquireRunLock(ctx.outDir, writer.fs) : undefined;
  const state: RunState = { segments: [], previous: undefined, timings: { policy: 0, training: 0, evaluation: 0, total: 0 }, nextSegment: 0 };
  try {
    const log = new EventLog(ctx.eventsPath, writer.fs, options.onEvent);
    let resumedFrom: ResumePoint | undefined;
    if (options.resume) {
      resumedFrom = await resumeRun(ctx, writer, state, log);
      options.onResume?.(resumedFrom);
    }
    if (!resumedFrom) await startFresh(ctx, writer, log);

    let finished = true;
    for (let t = state.nextSegment; t <= ctx.lastSegment; t++) {
      const segmentStart = now();
      const segment = dataset.segment(t);
      log.emit({ type: 'segment-started', segment: t, stats: segment.stats });

      const planned = await planSegment(ctx, state, t, segment, log.emit);
      const { recommender, report, usage, trainingSeconds } = await trainSegment(ctx, state, t, segment, planned, log.emit);
      const { test, evaluationSeconds } = evaluateSegment(t, report, log.emit);

      const { plan, policySeconds } = planned;
      state.timings.policy += policySeconds;
      state.timings.training += trainingSeconds;
      state.timings.evaluation += evaluationSeconds;
      state.segments.push({
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
      state.previous?.deployed.dispose();
      state.previous = { segment, deployed: recommender, plan, referenceFitness: report.firstBlockFitness };
      state.nextSegment = t + 1;
      const segmentSeconds = now() - segmentStart;
      state.timings.total += segmentSeconds;
      log.emit({ type: 'segment-finished', segment: t, seconds: segmentSeconds });

      await flushEvents(ctx, writer, log, t);
      await writeCheckpoint(ctx, writer, state, t, recommender, plan, report.firstBlockFitness, log);
      if (options.stopAfterSegment !== undefined && t >= options.stopAfterSegment && t < ctx.lastSegment) {
        finished = false;
        break;
      }
    }

    const results = buildResults(ctx, state);
    if (finished) await writeResults(ctx, writer, `${JSON.stringify(results, null, 2)}\n`, ctx.lastSegment);
    return { results, finished, resumedFrom };
  } finally {
    state.previous?.deployed.dispose();
    await lock?.release();
  }
}
