import { createRng } from '@scall/rng';
import { assertPlanWithinBudget, budgetParameters, type Budget, type PreviousSegment, type SearchContext, type SearchEvent, type SizePlan, type StreamSegment } from '@scall/spec';
import { createMockRecommender, createMockSegment, evaluateWithScores } from '@scall/testkit';
import { initTf } from '@scall/tf-runtime';
import { beforeAll, describe, expect, it } from 'vitest';
import { createBetSearcher, resolveBetOptions, scallPlugins, type BetSearcher } from '../src/index.js';

const budget: Budget = { kind: 'mean-size', meanSize: 5 };
const createRecommender = () => createMockRecommender({ batchSize: 32 });

describe('BET searcher over a stream', () => {
  let segments: StreamSegment[];
  beforeAll(async () => {
    await initTf({ backends: ['wasm', 'cpu'] });
    segments = [
      createMockSegment({ index: 0, numUsers: 20, numItems: 30, seed: 1 }),
      createMockSegment({ index: 1, numUsers: 26, numItems: 36, seed: 2 }),
      createMockSegment({ index: 2, numUsers: 30, numItems: 44, seed: 3 }),
    ];
  });

  const context = (t: number, previous: PreviousSegment | undefined, events: SearchEvent[]): SearchContext => ({
    segment: segments[t],
    previous,
    budget,
    minSize: 1,
    maxSize: 16,
    rng: createRng(50 + t),
    createRecommender,
    evaluate: (recommender, segment) => evaluateWithScores(recommender, segment),
    emit: (event) => events.push(event),
  });

  const deploy = async (t: number, plan: SizePlan): Promise<PreviousSegment> => {
    const segment = segments[t];
    const deployed = createRecommender();
    deployed.build({ graph: segment.graph, numUsers: segment.numUsers, numItems: segment.numItems, plan, rng: createRng(t) });
    await deployed.train(10, segment.sampler, createRng(t + 7));
    return { segment, deployed, plan, referenceFitness: 0.1 };
  };

  it('keeps every explored and deployed plan within budget, one training per step, the predictor across segments', async () => {
    const searcher: BetSearcher = createBetSearcher({ preset: 'tiny', steps: 6, populationSize: 2, retrainSteps: 5, seed: 1 });
    const events: SearchEvent[] = [];
    let previous: PreviousSegment | undefined;
    for (let t = 0; t < segments.length; t++) {
      const plan = await searcher.plan(context(t, previous, events));
      expect(plan.userSizes.length).toBe(segments[t].numUsers);
      expect(plan.itemSizes.length).toBe(segments[t].numItems);
      // Exact: the whole budget is used (no entity is at MAX with mean size 5).
      expect(assertPlanWithinBudget(plan)).toBe(budgetParameters(budget, segments[t].numUsers, segments[t].numItems));
      previous?.deployed.dispose();
      previous = await deploy(t, plan);
    }
    previous?.deployed.dispose();
    const probes = searcher.probes();
    // Segments 1 and 2 search: 6 probes + 2 retrainings each.
    expect(probes.length).toBe(16);
    expect(events.length).toBe(16);
    for (const probe of probes) expect(probe.parameters).toBe(probe.budgetParameters);
    for (const event of events) expect(event.parameters).toBeLessThanOrEqual(event.budgetParameters);
    expect(searcher.searches().map((s) => s.trainings)).toEqual([8, 8]);
    // The choice rule: random until the predictor has data, then 3 x predicted, neighbour, random.
    expect(probes.filter((p) => p.segment === 1).map((p) => p.choice)).toEqual(['random', 'random', 'predicted', 'neighbour', 'random', 'predicted', 'retrain', 'retrain']);
    expect(probes.filter((p) => p.segment === 2).map((p) => p.choice).slice(0, 6)).toEqual(['predicted', 'predicted', 'predicted', 'neighbour', 'random', 'predicted']);
    // The training set survives into the snapshot: 16 examples.
    const snapshot = searcher.snapshot();
    expect(snapshot.arrays['predictor/examples/targets'].length).toBe(16);
    searcher.dispose();
  });

  it('registers as "bet" and checks its options, naming the one at fault', () => {
    const factory = scallPlugins.searcher.bet;
    const searcher = factory({ preset: 'small' }, { seed: 4 } as never);
    expect(searcher.name).toBe('bet');
    searcher.dispose();
    expect(() => resolveBetOptions({ steps: 0 })).toThrow(/steps/);
    expect(() => resolveBetOptions({ preset: 'huge' as never })).toThrow(/preset/);
    expect(() => resolveBetOptions({ cycle: ['best' as never] })).toThrow(/cycle/);
    expect(() => resolveBetOptions({ stepz: 3 } as never)).toThrow(/stepz/);
    expect(() => resolveBetOptions({ predictor: { epochs: -1 } })).toThrow(/epochs/);
    expect(resolveBetOptions({ preset: 'small', candidates: 7 })).toMatchObject({ steps: 10, candidates: 7, retrainSteps: 0 });
  });
});
