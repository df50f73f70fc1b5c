import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { FrameError } from '@scall/embedding-table';
import type { Snapshot, SizePlan } from '@scall/spec';
import { CheckpointError } from './checkpoint-error.js';
import { describeGeneration, type CheckpointWriter } from './checkpoint-phase.js';
import { listGenerations, readGeneration, removePartialGenerations, type Generation } from './checkpoint-store.js';
import type { EventLog } from './event-log.js';
import type { RunContext, RunState } from './run-context.js';
import type { ResumePoint } from './run-options.js';
import { decodeSnapshot } from './snapshot-file.js';

const FRESH = 'Start fresh (run without --resume)';

/** The advice for a generation that cannot be used: start fresh, or fall back to the one before. */
function hintFor(gen: Generation, before: Generation | undefined): string {
  return before
    ? `${FRESH}, or delete ${gen.path} to resume from the previous generation ${describeGeneration(before)}`
    : `${FRESH}; there is no earlier checkpoint generation`;
}

/**
 * Resume phase: finds the newest complete checkpoint generation in `outDir/checkpoint`,
 * verifies every file of it against the manifest's checksums and the run's identity,
 * restores the searcher, the deployed recommender and the run's progress, and cuts
 * `events.jsonl` back to the checkpoint. Returns `undefined` when there is no checkpoint
 * to resume (the run starts fresh). Problems throw a {@link CheckpointError}.
 */
export async function resumeRun(ctx: RunContext, writer: CheckpointWriter, state: RunState, log: EventLog): Promise<ResumePoint | undefined> {
  const { checkpointDir } = ctx;
  const { dataset, searcher, createRecommender } = ctx.options;
  if (!checkpointDir) return undefined;
  await removePartialGenerations(checkpointDir, writer.fs);
  const generations = await listGenerations(checkpointDir);
  const gen = generations.at(-1);
  if (!gen) {
    if (existsSync(join(checkpointDir, 'state.json'))) {
      throw new CheckpointError(
        'unsupported-format',
        join(checkpointDir, 'state.json'),
        'a checkpoint of the older format scall-checkpoint/v1 (no checksums), which this version does not resume',
        FRESH,
      );
    }
    return undefined;
  }
  const hint = hintFor(gen, generations.at(-2));
  const { manifest, files } = await readGeneration(gen, hint);
  if (manifest.identity !== ctx.identity) {
    throw new CheckpointError(
      'different-configuration',
      join(gen.path, 'manifest.json'),
      `Cannot resume: the checkpoint was written by a different configuration (identity ${manifest.identity}, now ${ctx.identity}); only lastSegment may change between a run and its resumption`,
      `${FRESH}, or run with the configuration that wrote it`,
    );
  }
  if (manifest.segment > ctx.lastSegment) {
    throw new CheckpointError(
      'past-last-segment',
      gen.path,
      `the checkpoint already completes segment ${manifest.segment}, past the last segment asked for (${ctx.lastSegment})`,
      `Resume with a later last segment (or none), or start fresh`,
    );
  }
  const snapshot = (name: string): Snapshot => {
    const bytes = files[name];
    const path = join(gen.path, name);
    if (!bytes) throw new CheckpointError('corrupt', path, `the manifest lists no ${name}`, hint);
    try {
      return decodeSnapshot(bytes, path);
    } catch (error) {
      if (error instanceof FrameError) throw new CheckpointError(error.code === 'format' ? 'unsupported-format' : 'corrupt', path, error.problem, hint, { cause: error });
      throw error;
    }
  };
  const searcherSnap = snapshot('searcher.snap');
  const planSnap = snapshot('plan.snap');
  const recommenderSnap = snapshot('recommender.snap');
  const t = manifest.segment;
  const segment = dataset.segment(t);
  const plan: SizePlan = {
    userSizes: planSnap.arrays.userSizes as Int32Array,
    itemSizes: planSnap.arrays.itemSizes as Int32Array,
    minSize: ctx.minSize,
    maxSize: ctx.maxSize,
    budgetParameters: Number(planSnap.meta.budgetParameters),
  };
  if (!(plan.userSizes instanceof Int32Array) || !(plan.itemSizes instanceof Int32Array) || plan.userSizes.length !== segment.numUsers || plan.itemSizes.length !== segment.numItems) {
    throw new CheckpointError('corrupt', join(gen.path, 'plan.snap'), `the size plan does not fit segment ${t} (${segment.numUsers} users, ${segment.numItems} items)`, hint);
  }
  await log.restore(manifest.events, `${FRESH}; the checkpoint cannot be resumed without the events it recorded`);
  searcher.restore(searcherSnap);
  const deployed = createRecommender();
  deployed.build({ graph: segment.graph, numUsers: segment.numUsers, numItems: segment.numItems, plan, rng: ctx.seeds.child('init', t).rng() });
  deployed.restore(recommenderSnap);
  state.segments = manifest.segments;
  state.nextSegment = manifest.nextSegment;
  Object.assign(state.timings, manifest.timings);
  state.previous = { segment, deployed, plan, referenceFitness: manifest.referenceFitness };
  return { generation: gen.name, path: gen.path, segment: t };
}
