import { createRng } from '@scall/rng';
import { assertPlanWithinBudget, budgetParameters, type Budget, type SizeDistributionV1, type PolicyStepEvent, type PreviousSegment, type SearchContext, type SearchEvent, type SizePlan, type StreamSegment } from '@scall/spec';
import { createMockRecommender, createMockSegment, evaluateWithScores } from '@scall/testkit';
import { initTf } from '@scall/tf-runtime';
import { beforeAll, describe, expect, it } from 'vitest';
import { createBetSearcher, resolveBetOptions, scallPlugins, spearman, type BetSearcher } from '../src/index.js';
import { registryComponents } from './registry-components.js';

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
    const searcher: BetSearcher = createBetSearcher({ preset: 'tiny', steps: 6, populationSize: 2, retrainSteps: 5, seed: 1 }, registryComponents());
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
    // Events carry the forecast exactly where the predictor was trusted (the probes behind searches()' rank correlation).
    const steps = events as PolicyStepEvent[];
    const trustedSteps = (segment: number) => steps.filter((e) => e.segment === segment && e.forecast !== undefined);
    expect(trustedSteps(1).map((e) => e.step)).toEqual([2, 3, 4, 5]);
    expect(trustedSteps(2).map((e) => e.step)).toEqual([0, 1, 2, 3, 4, 5]);
    for (const [i, segment] of [1, 2].entries()) {
      const s = trustedSteps(segment);
      expect(spearman(s.map((e) => e.forecast!), s.map((e) => e.fitness))).toBe(searcher.searches()[i].rankCorrelation);
    }
    // The training set survives into the snapshot: 16 examples.
    const snapshot = searcher.snapshot();
    expect(snapshot.arrays['predictor/examples/targets'].length).toBe(16);
    searcher.dispose();
  });

  it('registers as "bet" and checks its options, naming the one at fault', () => {
    const factory = scallPlugins.searcher.bet;
    const searcher = factory({ preset: 'small' }, registryComponents(4));
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

describe('BET composition', () => {
  it('gets its families and allocators from the app, and fails at assembly when the registry lacks one, naming it', () => {
    const factory = scallPlugins.searcher.bet;
    // An app of revision 1 (no resolveDistribution): refused with what is missing.
    const { resolveDistribution: _r, revision: _v, ...revision1 } = registryComponents();
    expect(() => factory({}, revision1)).toThrow(/revision 2 .*got revision 1 < 2, no resolveDistribution/);
    // A registry without a default family: the error names the family and the registered ones.
    const withoutLogNormal = {
      ...registryComponents(),
      resolveDistribution: (name: string, options?: Record<string, unknown>) => {
        if (name === 'log-normal') throw new Error('No distribution named "log-normal" is registered. Known: power-law, shifted-normal, truncated-exponential.');
        return registryComponents().resolveDistribution!(name, options);
      },
    };
    expect(() => factory({}, withoutLogNormal)).toThrow(/size family 3 \("log-normal"\) cannot be built: No distribution named "log-normal"/);
    // A family named in the options that nothing registered, through the real registry.
    expect(() => factory({ families: ['power-law', 'zipf'] }, registryComponents())).toThrow(/size family 1 \("zipf"\) cannot be built: No distribution named "zipf" is registered/);
    // A family's options are its distribution's: a bad one fails the same way.
    expect(() => factory({ families: [{ name: 'power-law', options: { shapeRange: [5, 1] } }] }, registryComponents())).toThrow(/size family 0 \("power-law"\) cannot be built: .*shapeRange/);
    expect(() => factory({ families: [] }, registryComponents())).toThrow(/families must be a non-empty list/);
  });

  it('builds each family on its own distribution and sizes with the allocators it was given', () => {
    const built: string[] = [];
    const components = registryComponents();
    const recording = {
      ...components,
      resolveAllocator: (name: string, options?: Record<string, unknown>, parts?: { readonly distribution?: SizeDistributionV1 }) => {
        built.push(`${name}:${parts?.distribution?.name ?? '(configured)'}:${JSON.stringify(options ?? {})}`);
        return components.resolveAllocator!(name, options, parts);
      },
    };
    const searcher = createBetSearcher({ preset: 'tiny', proportions: 'sampled' }, recording);
    expect(built).toEqual([
      'scall:power-law:{"proportions":"sampled"}',
      'scall:shifted-normal:{"proportions":"sampled"}',
      'scall:truncated-exponential:{"proportions":"sampled"}',
      'scall:log-normal:{"proportions":"sampled"}',
      'uniform:(configured):{}',
    ]);
    searcher.dispose();
  });
});
