import { listPlugins } from '@scall/plugin-utils';
import { describe, expect, it } from 'vitest';
import { assembleRun, BUILTIN_PLUGIN_PACKAGES, loadBuiltins, loadPlugins, packageVersions, parseConfig, RUNTIME_PACKAGES } from '../src/index.js';

describe('one door for every plug-in', () => {
  it('loads every built-in package through the plug-in loader, each exporting its own manifest', async () => {
    const registered = await loadBuiltins();
    for (const specifier of BUILTIN_PLUGIN_PACKAGES) {
      const fromPackage = await loadPlugins([specifier]);
      expect(fromPackage.length, specifier).toBeGreaterThan(0);
      for (const key of fromPackage) expect(registered).toContain(key);
    }
    expect(listPlugins('dataset')).toEqual(expect.arrayContaining(['synthetic-small', 'ml-100k', 'lastfm-2k']));
    expect(listPlugins('searcher')).toEqual(expect.arrayContaining(['scall', 'allocating', 'uniform', 'random', 'frequency']));
    expect(listPlugins('recommender')).toEqual(expect.arrayContaining(['lightgcn', 'mf']));
    expect(listPlugins('allocator')).toEqual(expect.arrayContaining(['scall', 'uniform', 'random', 'frequency']));
  });

  it('records the versions of the runtime and of every built-in plug-in package', () => {
    const versions = packageVersions([...RUNTIME_PACKAGES, ...BUILTIN_PLUGIN_PACKAGES]);
    for (const name of [...RUNTIME_PACKAGES, ...BUILTIN_PLUGIN_PACKAGES]) expect(versions[name], name).toMatch(/^\d+\.\d+\.\d+/);
    expect(RUNTIME_PACKAGES.filter((name) => BUILTIN_PLUGIN_PACKAGES.includes(name))).toEqual([]);
  });

  it('fails at assembly for a composition that cannot work or an option the plug-in does not know', async () => {
    const assemble = (extra: Record<string, unknown>) => assembleRun(parseConfig(extra), { dataDir: '../shared/data' });
    await expect(assemble({ allocator: { name: 'random' } })).rejects.toThrow(/searcher "scall" cannot use allocator "random": it draws random sizes and needs an RNG/);
    await expect(assemble({ allocator: { name: 'scall', options: { proportions: 'sampled' } } })).rejects.toThrow(/cannot use allocator "scall"/);
    await expect(assemble({ allocator: { name: 'scall', options: { proportion: 'sampled' } } })).rejects.toThrow(/scall allocator: unknown option "proportion" \(did you mean "proportions"\?\)/);
    await expect(assemble({ recommender: { name: 'lightgcn', options: { layer: 2 } } })).rejects.toThrow(/unknown option "layer" \(did you mean "layers"\?\)/);
    await expect(assemble({ recommender: { name: 'mf', options: { layers: 2 } } })).rejects.toThrow(/option "layers" is not supported/);
    await expect(assemble({ dataset: { name: 'synthetic-smal' } })).rejects.toThrow(/Unknown dataset "synthetic-smal"/);
    // BET builds its size families from the registry when the run is assembled: a family nothing registers fails there, by name.
    await expect(assemble({ searcher: { name: 'bet', options: { families: ['power-law', 'zipf'] } } })).rejects.toThrow(/BET searcher: size family 1 \("zipf"\) cannot be built: No distribution named "zipf"/);
    const bet = await assemble({ searcher: { name: 'bet', options: { preset: 'tiny' } } });
    expect(bet.searcher.name).toBe('bet');
    bet.searcher.dispose();
    // The allocating searcher takes the configured allocator, random included (it passes the run's RNG).
    const run = await assemble({ searcher: { name: 'allocating' }, allocator: { name: 'random' } });
    expect(run.searcher.name).toBe('allocating');
    run.searcher.dispose();
  });
});
