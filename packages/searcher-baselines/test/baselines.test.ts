import { createFrequencyHeuristicAllocator, createRandomAllocator, createScallAllocator, createUniformAllocator } from '@scall/allocators';
import { powerLaw } from '@scall/distribution-power-law';
import { createRng } from '@scall/rng';
import { assertPlanWithinBudget, type SearchContext } from '@scall/spec';
import { createMockRecommender, createMockSegment } from '@scall/testkit';
import { describe, expect, it } from 'vitest';
import { createAllocatingSearcher, createFrequencySearcher, createRandomSearcher, createUniformSearcher, scallPlugins } from '../src/index.js';

const segment = createMockSegment({ numUsers: 40, numItems: 60, seed: 2 });
const context = (seed: number, meanSize = 8): SearchContext => ({
  segment,
  previous: undefined,
  budget: { kind: 'mean-size', meanSize },
  minSize: 1,
  maxSize: 32,
  rng: createRng(seed),
  createRecommender: () => createMockRecommender(),
  evaluate: async () => {
    throw new Error('baselines never evaluate');
  },
  emit: () => {
    throw new Error('baselines emit no policy steps');
  },
});

describe('baseline searchers', () => {
  it('uniform: equal sizes (within one unit) that use the whole budget', async () => {
    const plan = await createUniformSearcher({ allocator: createUniformAllocator() }).plan(context(1));
    const all = [...plan.userSizes, ...plan.itemSizes];
    expect(assertPlanWithinBudget(plan)).toBe(8 * 100);
    expect(Math.max(...all) - Math.min(...all)).toBeLessThanOrEqual(1);
  });

  it('random: within budget, seeded, and different for another seed', async () => {
    const searcher = createRandomSearcher({ allocator: createRandomAllocator() });
    const a = await searcher.plan(context(1));
    const b = await searcher.plan(context(1));
    const c = await searcher.plan(context(2));
    assertPlanWithinBudget(a);
    expect(Array.from(b.userSizes)).toEqual(Array.from(a.userSizes));
    expect(Array.from(c.userSizes)).not.toEqual(Array.from(a.userSizes));
  });

  it('frequency: more frequent entities never get smaller sizes', async () => {
    const plan = await createFrequencySearcher({ allocator: createFrequencyHeuristicAllocator({ beta: 0.5 }) }).plan(context(1));
    assertPlanWithinBudget(plan);
    const f = segment.userFrequencies;
    for (let u = 0; u < f.length; u++) for (let v = 0; v < f.length; v++) if (f[u] > f[v]) expect(plan.userSizes[u]).toBeGreaterThanOrEqual(plan.userSizes[v]);
  });

  it('honours a user share and rejects an invalid one; snapshots round-trip by name', async () => {
    const plan = await createUniformSearcher({ userShare: 0.2, allocator: createUniformAllocator() }).plan(context(1));
    const users = plan.userSizes.reduce((a, b) => a + b, 0);
    expect(users).toBeLessThanOrEqual(0.2 * 800);
    expect(users).toBeGreaterThan(0.2 * 800 - 40);
    expect(() => createUniformSearcher({ userShare: 1.5, allocator: createUniformAllocator() })).toThrow(/userShare must be in \[0, 1\]/);
    const s = createRandomSearcher({ allocator: createRandomAllocator() });
    expect(() => s.restore(s.snapshot())).not.toThrow();
    expect(() => s.restore({ kind: 'scall', meta: {}, arrays: {} })).toThrow(/Cannot restore a "scall" snapshot/);
  });
});

describe('the manifest: one allocating searcher, presets for the baselines', () => {
  const allocators = { uniform: createUniformAllocator, random: createRandomAllocator, frequency: createFrequencyHeuristicAllocator } as const;
  const components = (configured = createScallAllocator({ distribution: powerLaw })) => ({
    distribution: powerLaw,
    allocator: configured,
    agent: () => {
      throw new Error('baselines build no agent');
    },
    seed: 1,
    resolveAllocator: (name: string, options: Record<string, unknown> = {}) => allocators[name as keyof typeof allocators](options),
  });

  it('presets plan exactly as the allocating searcher with the matching allocator', async () => {
    for (const name of ['uniform', 'random', 'frequency'] as const) {
      const fromManifest = await scallPlugins.searcher[name]({}, components()).plan(context(3));
      const direct = await createAllocatingSearcher({ allocator: allocators[name]({}) }).plan(context(3));
      expect(Array.from(fromManifest.userSizes)).toEqual(Array.from(direct.userSizes));
      expect(Array.from(fromManifest.itemSizes)).toEqual(Array.from(direct.itemSizes));
    }
  });

  it('"allocating" uses the configured allocator; frequency passes beta on; typos are errors', async () => {
    const configured = createFrequencyHeuristicAllocator({ beta: 1 });
    const viaConfigured = await scallPlugins.searcher.allocating({}, components(configured)).plan(context(1));
    const viaPreset = await scallPlugins.searcher.frequency({ beta: 1 }, components()).plan(context(1));
    expect(Array.from(viaConfigured.itemSizes)).toEqual(Array.from(viaPreset.itemSizes));
    const beta0 = await scallPlugins.searcher.frequency({ beta: 0 }, components()).plan(context(1));
    expect(Array.from(beta0.itemSizes)).not.toEqual(Array.from(viaPreset.itemSizes));
    expect(() => scallPlugins.searcher.uniform({ usershare: 0.5 }, components())).toThrow(/unknown option "usershare" \(did you mean "userShare"\?\)/);
    expect(() => scallPlugins.searcher.uniform({}, { ...components(), resolveAllocator: undefined })).toThrow(/resolveAllocator/);
    expect(() => createUniformSearcher()).toThrow(/option allocator is required \(createUniformAllocator\(\)/);
  });
});
