import { createRng } from '@scall/rng';
import type { RecommenderV1, SizePlan, StreamSegment } from '@scall/spec';
import { planParameters } from '@scall/spec';
import { beforeAll, describe, expect, it } from 'vitest';
import { createMockSegment } from './mocks.js';

/** Options of {@link describeRecommender}. */
export interface RecommenderSuiteOptions {
  /** Runs once before the suite (e.g. `() => initTf({ backends: ['cpu'] })`). */
  readonly setup?: () => unknown;
  /**
   * Bytes the implementation documents beyond 4 x sum of sizes in `memoryBytes()`
   * (index overhead), as a function of the plan. Default: none.
   */
  readonly overheadBytes?: (plan: SizePlan) => number;
  /** Training steps per `train` call in the suite. Default 3. */
  readonly steps?: number;
}

/** A plan with mixed sizes in [1, maxSize], drawn from `seed`. */
function mixedPlan(numUsers: number, numItems: number, seed: number, maxSize = 8): SizePlan {
  const rng = createRng(seed);
  const draw = (n: number) => Int32Array.from({ length: n }, () => 1 + rng.nextInt(maxSize));
  const plan = { userSizes: draw(numUsers), itemSizes: draw(numItems), minSize: 1, maxSize, budgetParameters: 0 };
  return { ...plan, budgetParameters: planParameters(plan) };
}

function build(factory: () => RecommenderV1, segment: StreamSegment, plan: SizePlan, seed: number, warmStart?: RecommenderV1): RecommenderV1 {
  const model = factory();
  model.build({
    graph: segment.graph,
    numUsers: segment.numUsers,
    numItems: segment.numItems,
    plan,
    rng: createRng(seed),
    warmStart: warmStart?.embeddings(),
  });
  return model;
}

function allIds(n: number): Int32Array {
  return Int32Array.from({ length: n }, (_, i) => i);
}

/**
 * The conformance suite of a {@link RecommenderV1}: memory = 4 x sum of plan sizes
 * (+ documented overhead), build / train / score shapes, warm starts that keep common
 * prefixes, snapshot / restore round trips of the full training state, and
 * determinism for a seed. Runs on a small generated segment (`createMockSegment`).
 *
 * @example
 * describeRecommender('lightgcn', () => createLightGcn({ batchSize: 64 }), {
 *   setup: () => initTf({ backends: ['cpu'] }),
 * });
 */
export function describeRecommender(name: string, factory: () => RecommenderV1, options: RecommenderSuiteOptions = {}): void {
  const steps = options.steps ?? 3;
  const segment = createMockSegment({ numUsers: 14, numItems: 18, seed: 3 });
  const plan = mixedPlan(segment.numUsers, segment.numItems, 1);

  describe(`RecommenderV1 conformance: ${name}`, () => {
    beforeAll(async () => {
      await options.setup?.();
    });

    it('declares specification v1 and a name', () => {
      const model = factory();
      expect(model.specificationVersion).toBe('v1');
      expect(typeof model.name).toBe('string');
      expect(model.name.length).toBeGreaterThan(0);
      model.dispose();
    });

    it('stores 4 x sum of plan sizes bytes (plus documented overhead)', () => {
      const model = build(factory, segment, plan, 1);
      const expected = 4 * planParameters(plan) + (options.overheadBytes?.(plan) ?? 0);
      expect(model.memoryBytes()).toBe(expected);
      const state = model.embeddings();
      expect(Array.from(state.users.sizes)).toEqual(Array.from(plan.userSizes));
      expect(Array.from(state.items.sizes)).toEqual(Array.from(plan.itemSizes));
      expect(state.users.values.length + state.items.values.length).toBe(planParameters(plan));
      model.dispose();
    });

    it('scores a row-major users x items matrix consistent across batches', async () => {
      const model = build(factory, segment, plan, 2);
      const report = await model.train(steps, segment.sampler, createRng(5));
      expect(report.steps).toBe(steps);
      expect(Number.isFinite(report.meanLoss)).toBe(true);
      const users = Int32Array.of(3, 0, 7);
      const items = allIds(segment.numItems);
      const all = model.score(users, items);
      expect(all.length).toBe(users.length * items.length);
      expect(Array.from(all).every(Number.isFinite)).toBe(true);
      const one = model.score(Int32Array.of(7), Int32Array.of(5, 2));
      expect(one[0]).toBeCloseTo(all[2 * items.length + 5], 5);
      expect(one[1]).toBeCloseTo(all[2 * items.length + 2], 5);
      model.dispose();
    });

    it('training changes the scores', async () => {
      const model = build(factory, segment, plan, 3);
      const before = model.score(allIds(segment.numUsers), allIds(segment.numItems));
      await model.train(steps, segment.sampler, createRng(6));
      const after = model.score(allIds(segment.numUsers), allIds(segment.numItems));
      expect(Array.from(after)).not.toEqual(Array.from(before));
      model.dispose();
    });

    it('warm starts keep the common prefix of every surviving entity', async () => {
      const previous = build(factory, segment, plan, 4);
      await previous.train(steps, segment.sampler, createRng(7));
      const old = previous.embeddings();
      const next = mixedPlan(segment.numUsers, segment.numItems, 2);
      const model = build(factory, segment, next, 5, previous);
      const state = model.embeddings();
      for (const [kind, before, after] of [['user', old.users, state.users], ['item', old.items, state.items]] as const) {
        for (let e = 0; e < after.sizes.length; e++) {
          const keep = Math.min(before.sizes[e], after.sizes[e]);
          const a = Array.from(after.values.subarray(after.offsets[e], after.offsets[e] + keep));
          const b = Array.from(before.values.subarray(before.offsets[e], before.offsets[e] + keep));
          expect(a, `${kind} ${e}`).toEqual(b);
        }
      }
      previous.dispose();
      model.dispose();
    });

    it('snapshot / restore round-trips the full training state', async () => {
      const model = build(factory, segment, plan, 6);
      await model.train(steps, segment.sampler, createRng(8));
      const snapshot = model.snapshot();
      await model.train(steps, segment.sampler, createRng(9));
      const continued = model.score(allIds(segment.numUsers), allIds(segment.numItems));
      const restored = build(factory, segment, plan, 99);
      restored.restore(snapshot);
      await restored.train(steps, segment.sampler, createRng(9));
      expect(Array.from(restored.score(allIds(segment.numUsers), allIds(segment.numItems)))).toEqual(Array.from(continued));
      expect(() => restored.restore({ ...snapshot, kind: `${snapshot.kind}-other` })).toThrow();
      model.dispose();
      restored.dispose();
    });

    it('is deterministic for a seed', async () => {
      const run = async () => {
        const model = build(factory, segment, plan, 7);
        await model.train(steps, segment.sampler, createRng(10));
        const scores = model.score(allIds(segment.numUsers), allIds(segment.numItems));
        model.dispose();
        return Array.from(scores);
      };
      expect(await run()).toEqual(await run());
    });
  });
}
