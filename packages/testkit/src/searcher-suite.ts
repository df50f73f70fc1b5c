import { createRng } from '@scall/rng';
import {
  assertPlanWithinBudget,
  budgetParameters,
  type Budget,
  type PreviousSegment,
  type RecommenderFactoryV1,
  type SearchContext,
  type SearchEvent,
  type SearcherV1,
  type SizePlan,
  type StreamSegment,
} from '@scall/spec';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateWithScores } from './mock-evaluation.js';
import { createMockRecommender, createMockSegment } from './mocks.js';

/** Options of {@link describeSearcher}. */
export interface SearcherSuiteOptions {
  /** Runs once before the suite (e.g. `() => initTf({ backends: ['cpu'] })`). */
  readonly setup?: () => unknown;
  /** Recommenders the searcher may train while planning; default a small mock. */
  readonly createRecommender?: RecommenderFactoryV1;
  /** Budget of the suite's contexts; default mean size 6. */
  readonly budget?: Budget;
  /** MAX of the suite's contexts; default 16. */
  readonly maxSize?: number;
}

/**
 * Conformance suite for {@link SearcherV1}: over two growing mock segments, every plan
 * covers the population, stays in [MIN, MAX] and within the budget (and so does every
 * explored plan a learning searcher reports); the same inputs give the same plans; a
 * snapshot restored into a fresh searcher plans exactly as the original; a budget
 * below MIN x population is an error.
 *
 * @example
 * describeSearcher('uniform', () => createUniformSearcher());
 */
export function describeSearcher(name: string, factory: () => SearcherV1, options: SearcherSuiteOptions = {}): void {
  const budget = options.budget ?? { kind: 'mean-size', meanSize: 6 };
  const maxSize = options.maxSize ?? 16;
  const createRecommender = options.createRecommender ?? (() => createMockRecommender({ batchSize: 32 }));
  let segments: StreamSegment[];

  const context = (t: number, previous: PreviousSegment | undefined, events: SearchEvent[] = [], override: Partial<SearchContext> = {}): SearchContext => ({
    segment: segments[t],
    previous,
    budget,
    minSize: 1,
    maxSize,
    rng: createRng(1000 + t),
    createRecommender,
    evaluate: (recommender, segment) => evaluateWithScores(recommender, segment),
    emit: (event) => events.push(event),
    ...override,
  });

  const deploy = async (t: number, plan: SizePlan): Promise<PreviousSegment> => {
    const segment = segments[t];
    const deployed = createRecommender();
    deployed.build({ graph: segment.graph, numUsers: segment.numUsers, numItems: segment.numItems, plan, rng: createRng(t) });
    await deployed.train(10, segment.sampler, createRng(t + 7));
    return { segment, deployed, plan, referenceFitness: 0.1 };
  };

  const checkPlan = (plan: SizePlan, segment: StreamSegment) => {
    expect(plan.userSizes.length).toBe(segment.numUsers);
    expect(plan.itemSizes.length).toBe(segment.numItems);
    expect(plan.budgetParameters).toBeLessThanOrEqual(budgetParameters(budget, segment.numUsers, segment.numItems));
    assertPlanWithinBudget(plan);
  };

  describe(`SearcherV1 conformance: ${name}`, () => {
    beforeAll(async () => {
      await options.setup?.();
      segments = [
        createMockSegment({ index: 0, numUsers: 16, numItems: 24, seed: 11 }),
        createMockSegment({ index: 1, numUsers: 24, numItems: 30, seed: 12 }),
      ];
    });

    it('declares specification v1 and a name', () => {
      const searcher = factory();
      expect(searcher.specificationVersion).toBe('v1');
      expect(typeof searcher.name).toBe('string');
      expect(searcher.name.length).toBeGreaterThan(0);
      searcher.dispose();
    });

    it('plans for every entity, within [MIN, MAX] and the budget, segment after segment', async () => {
      const searcher = factory();
      const events: SearchEvent[] = [];
      const plan0 = await searcher.plan(context(0, undefined, events));
      checkPlan(plan0, segments[0]);
      const previous = await deploy(0, plan0);
      const plan1 = await searcher.plan(context(1, previous, events));
      checkPlan(plan1, segments[1]);
      for (const event of events) expect(event.parameters).toBeLessThanOrEqual(event.budgetParameters);
      previous.deployed.dispose();
      searcher.dispose();
    });

    it('gives the same plans for the same inputs', async () => {
      const run = async () => {
        const searcher = factory();
        const plan0 = await searcher.plan(context(0, undefined));
        const previous = await deploy(0, plan0);
        const plan1 = await searcher.plan(context(1, previous));
        previous.deployed.dispose();
        searcher.dispose();
        return [Array.from(plan0.userSizes), Array.from(plan1.userSizes), Array.from(plan1.itemSizes)];
      };
      expect(await run()).toEqual(await run());
    });

    it('continues identically after snapshot and restore', async () => {
      const original = factory();
      const plan0 = await original.plan(context(0, undefined));
      const previous = await deploy(0, plan0);
      await original.plan(context(1, previous));
      const snapshot = original.snapshot();
      const copy = factory();
      copy.restore({ kind: snapshot.kind, meta: JSON.parse(JSON.stringify(snapshot.meta)), arrays: snapshot.arrays });
      const a = await original.plan(context(1, previous));
      const b = await copy.plan(context(1, previous));
      expect(Array.from(b.userSizes)).toEqual(Array.from(a.userSizes));
      expect(Array.from(b.itemSizes)).toEqual(Array.from(a.itemSizes));
      previous.deployed.dispose();
      original.dispose();
      copy.dispose();
    });

    it('rejects a budget below MIN x population', async () => {
      const searcher = factory();
      await expect(searcher.plan(context(0, undefined, [], { budget: { kind: 'bytes', bytes: 4 } }))).rejects.toThrow();
      searcher.dispose();
    });
  });
}
