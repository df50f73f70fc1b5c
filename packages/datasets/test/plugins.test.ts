import { describe, expect, it } from 'vitest';
import { DATASET_PRESETS, datasetPreset, loadStream, scallPlugins } from '../src/index.js';

describe('the dataset manifest', () => {
  it('registers every preset, and a factory builds the preset with the config settings over it', async () => {
    expect(Object.keys(scallPlugins.dataset).sort()).toEqual([...DATASET_PRESETS].sort());
    const options = { threshold: 90, source: { format: 'synthetic', users: 200, items: 120, rows: 4000, topics: 4, seed: 3 } };
    const viaManifest = await scallPlugins.dataset['synthetic-small'](options, { dataDir: '.' });
    const direct = await loadStream({ ...datasetPreset('synthetic-small'), segmenter: { kind: 'new-entities', threshold: 90 }, source: options.source as never });
    expect(viaManifest.protocol).toEqual(direct.protocol);
    expect(viaManifest.protocol.segmenterValue).toBe(90); // the config's threshold, not the preset's 480
    expect(viaManifest.numSegments).toBe(direct.numSegments);
    expect(Array.from(viaManifest.segment(0).userFrequencies)).toEqual(Array.from(direct.segment(0).userFrequencies));
  });

  it('names a bad threshold and a missing data file', async () => {
    await expect(scallPlugins.dataset['synthetic-small']({ threshold: 0 }, { dataDir: '.' })).rejects.toThrow(/option threshold must be a positive integer \(got 0\)/);
    await expect(scallPlugins.dataset['ml-100k']({}, { dataDir: '/nonexistent' })).rejects.toThrow(/neither .*u\.data/);
  });
});
