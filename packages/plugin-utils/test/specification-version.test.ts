import type { RecommenderV1, StreamDatasetV1 } from '@scall/spec';
import { describe, expect, it } from 'vitest';
import { assertSpecificationVersion, createPlugin, registerPlugins, SUPPORTED_SPECIFICATION_VERSIONS } from '../src/index.js';

describe('one version resolver for every family', () => {
  it('accepts v1 and names the plug-in and version otherwise', () => {
    const ok = { specificationVersion: 'v1', name: 'x' };
    expect(assertSpecificationVersion('allocator', 'x', ok)).toBe(ok);
    expect(() => assertSpecificationVersion('allocator', 'old', { name: 'old' })).toThrow('allocator "old" declares no specificationVersion; this release of @scall/spec supports "v1" for allocator plug-ins');
    expect(() => assertSpecificationVersion('searcher', 'future', { specificationVersion: 'v9' })).toThrow(/searcher "future" declares specificationVersion "v9"/);
    expect(Object.keys(SUPPORTED_SPECIFICATION_VERSIONS).sort()).toEqual(['agent', 'allocator', 'dataset', 'distribution', 'recommender', 'searcher']);
  });

  it('checks what deferred factories build: agents, recommenders and datasets', async () => {
    registerPlugins({
      agent: { 'versionless-agent': () => () => ({ name: 'a' }) as never },
      recommender: { 'v2-recommender': () => () => ({ specificationVersion: 'v2' }) as unknown as RecommenderV1 },
      dataset: { 'good-dataset': async () => ({ specificationVersion: 'v1', name: 'd' }) as unknown as StreamDatasetV1, 'bad-dataset': async () => ({}) as StreamDatasetV1 },
    });
    const createAgent = createPlugin('agent', 'versionless-agent', {});
    expect(() => createAgent({ stateSize: 1, actionSize: 1, seed: 1 })).toThrow(/agent "versionless-agent" declares no specificationVersion/);
    const createRecommender = createPlugin('recommender', 'v2-recommender', {});
    expect(() => createRecommender()).toThrow(/recommender "v2-recommender" declares specificationVersion "v2"/);
    await expect(createPlugin('dataset', 'good-dataset', {}, { dataDir: '.' })).resolves.toMatchObject({ name: 'd' });
    await expect(createPlugin('dataset', 'bad-dataset', {}, { dataDir: '.' })).rejects.toThrow(/dataset "bad-dataset"/);
    expect(() => createPlugin('distribution', 'no-such-distribution', {})).toThrow(/No distribution named "no-such-distribution"/);
  });
});
