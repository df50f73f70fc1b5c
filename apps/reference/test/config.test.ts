import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatBudget } from '@scall/plugin-utils';
import type { Budget } from '@scall/spec';
import { describe, expect, it } from 'vitest';
import { assembleRun, builtinGridNames, cellConfig, expandGrid, flagsToConfig, loadConfig, loadDataset, loadGrid, parseConfig, searcherLabel } from '../src/index.js';

describe('run configuration', () => {
  it('fills every default of the protocol', () => {
    const config = parseConfig({});
    expect(config.dataset.name).toBe('synthetic-small');
    expect(config.budget).toEqual({ text: 'c=32', value: { kind: 'mean-size', meanSize: 32 } });
    expect(config.searcher.name).toBe('scall');
    expect(config.distribution.name).toBe('power-law');
    expect(config.agent.name).toBe('sac');
    expect(config.recommender.name).toBe('lightgcn');
    expect(config.training).toEqual({ blockSteps: 200, patience: 3, maxBlocks: 30, lossPlateau: 0.05, improvement: 'non-strict', grownInit: 'zero' });
    // The strict protocol is the default, written out knob by knob.
    expect(config.protocol).toBe('strict');
    expect(config.evaluation).toEqual({ selection: 'validation', candidates: 'catalogue', users: 'all-known', ks: [20] });
    expect(config.dataset).toMatchObject({ splitBase: 'with-replay', boundary: 'before', positives: 'current-uniform', negatives: 'current-items', validationRatio: 0.1 });
    expect(config.budgetOverflow).toBe('redistribute');
    expect([config.minSize, config.maxSize]).toEqual([1, 256]);
  });

  it('sets every knob of the reference and legacy protocols, and lets an explicit key win', () => {
    const reference = parseConfig({ protocol: 'reference' });
    expect(reference.evaluation).toEqual({ selection: 'test', candidates: 'reference', users: 'all-known', ks: [20] });
    expect(reference.dataset).toMatchObject({ splitBase: 'with-replay', boundary: 'before', positives: 'current-uniform', negatives: 'current-items', validationRatio: 0 });
    expect(reference.training).toMatchObject({ improvement: 'non-strict', grownInit: 'zero' });
    expect(reference.budgetOverflow).toBe('drop');
    const legacy = parseConfig({ protocol: 'legacy' });
    expect(legacy.evaluation).toEqual({ selection: 'test', candidates: 'test-items', users: 'known-pairs', ks: [20] });
    expect(legacy.dataset).toMatchObject({ splitBase: 'own', boundary: 'after', positives: 'new-first', negatives: 'known' });
    expect(legacy.training.improvement).toBe('strict');
    expect(legacy.training.grownInit).toBeUndefined();
    const mixed = parseConfig({ protocol: 'reference', evaluation: { candidates: 'catalogue' }, budgetOverflow: 'redistribute' });
    expect(mixed.evaluation.candidates).toBe('catalogue');
    expect(mixed.evaluation.selection).toBe('test');
    expect(mixed.budgetOverflow).toBe('redistribute');
    // Parsing a resolved config again changes nothing.
    expect(parseConfig(reference)).toEqual(reference);
    expect(() => parseConfig({ protocol: 'strict', dataset: { validationRatio: 0 } })).toThrow(/selection "validation" needs a validation slice/);
    expect(() => parseConfig({ protocol: 'honest' })).toThrow(/protocol/);
    expect(flagsToConfig({ protocol: 'reference' })).toEqual({ protocol: 'reference' });
  });

  it('rejects unknown keys with a suggestion, at any depth', () => {
    expect(() => parseConfig({ budjet: 'c=8' })).toThrow(/unknown key "budjet" \(did you mean "budget"\?\)/);
    expect(() => parseConfig({ training: { blocksteps: 10 } })).toThrow(/unknown key "training.blocksteps" \(did you mean "training.blockSteps"\?\)/);
    expect(() => parseConfig({ evaluation: { selection: 'val' } })).toThrow(/evaluation.selection/);
  });

  it('parses the budget with the rest of the config, reporting a bad one with the other errors', () => {
    expect(parseConfig({ budget: 'B=0.05MB' }).budget).toEqual({ text: 'B=0.05MB', value: { kind: 'bytes', bytes: 50_000, unit: 'MB' } });
    expect(parseConfig({ budget: 'sparsity=0.9@256' }).budget.value).toEqual({ kind: 'sparsity', sparsity: 0.9, maxSize: 256 });
    let message = '';
    try {
      parseConfig({ budget: 'c=banana', trainnig: { patience: 2 } });
    } catch (error) {
      message = (error as Error).message;
    }
    // Both problems, one message: the budget is no longer parsed after validation.
    expect(message).toMatch(/budget: Cannot parse budget "c=banana"/);
    expect(message).toMatch(/unknown key "trainnig" \(did you mean "training"\?\)/);
    expect(() => parseConfig({ budget: 'c=0' })).toThrow(/budget: Budget "c=0": the mean size must be above 0/);
    expect(() => parseConfig({ budget: 'sparsity=1@256' })).toThrow(/the sparsity must be in \[0, 1\)/);
    // A resolved config parses to itself (the bench writes and re-reads them).
    const resolved = parseConfig({ budget: 'B=50KB' });
    expect(parseConfig(resolved)).toEqual(resolved);
    expect(parseConfig(JSON.parse(JSON.stringify({ ...resolved, budget: resolved.budget.text })))).toEqual(resolved);
  });

  it('refuses a searcher option "seed": the run seed seeds the searcher through the seed tree', () => {
    expect(() => parseConfig({ searcher: { name: 'scall', options: { seed: 5 } } })).toThrow(
      /searcher.options.seed: searcher "scall": unknown option "seed": the run seed \(config `seed`, or --seed\) seeds the searcher through the seed tree/,
    );
    expect(() => parseConfig({ searcher: { name: 'ciess', options: { seed: 5 } }, budget: 'c=x' })).toThrow(/Cannot parse budget[\s\S]*searcher.options.seed: searcher "ciess": unknown option "seed"/);
    expect(parseConfig({ seed: 5 }).seed).toBe(5);
  });

  it('has a dataset.seed for the replay reservoirs, separate from the run seed', () => {
    expect(parseConfig({}).dataset.seed).toBeUndefined();
    expect(parseConfig({ dataset: { seed: 3 } }).dataset.seed).toBe(3);
    expect(() => parseConfig({ dataset: { seed: 1.5 } })).toThrow(/dataset.seed/);
  });

  it('keeps the stream fixed across run seeds; dataset.seed changes the replay sample', async () => {
    const replayed = async (input: Record<string, unknown>) => {
      const stream = await loadDataset(parseConfig(input), '../shared/data');
      const segment = stream.segment(2);
      return { seed: stream.protocol.seed, replayed: segment.stats.replayedRows, train: Array.from(segment.train.users.subarray(0, segment.stats.replayedRows)), test: Array.from(segment.test.users) };
    };
    const byDefault = await replayed({});
    expect(byDefault.seed).toBe(7);
    expect(byDefault.replayed).toBeGreaterThan(0);
    // Another run seed: the same stream, replay sample included.
    expect(await replayed({ seed: 99 })).toEqual(byDefault);
    expect(await replayed({ dataset: { seed: 7 } })).toEqual(byDefault);
    const reseeded = await replayed({ dataset: { seed: 3 } });
    expect(reseeded.seed).toBe(3);
    expect(reseeded.replayed).toBe(byDefault.replayed);
    expect(reseeded.train).not.toEqual(byDefault.train);
  });

  it('layers defaults < file < flags and names a bad file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'scall-config-'));
    try {
      const file = join(dir, 'run.json');
      await writeFile(file, JSON.stringify({ budget: 'c=16', seed: 3, training: { patience: 5 } }));
      const config = await loadConfig(file, flagsToConfig({ seed: '7', searcher: 'uniform', 'last-segment': '2' }));
      expect(config.budget.text).toBe('c=16');
      expect(config.seed).toBe(7);
      expect(config.training.patience).toBe(5);
      expect(config.training.blockSteps).toBe(200);
      expect(config.searcher).toEqual({ name: 'uniform', options: {} });
      expect(config.lastSegment).toBe(2);
      await writeFile(file, '{ not json');
      await expect(loadConfig(file)).rejects.toThrow(/run\.json is not valid JSON/);
      await expect(loadConfig(join(dir, 'missing.json'))).rejects.toThrow(/Cannot read config file .*missing\.json: ENOENT/);
      expect(() => flagsToConfig({ seed: 'x' })).toThrow(/--seed must be an integer/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('ships grid files whose cells are all valid configurations, one directory each', () => {
    const names = builtinGridNames();
    expect(names).toEqual(expect.arrayContaining(['quick', 'ml-100k', 'paper', 'budget-curve']));
    for (const name of names) {
      const { grid } = loadGrid(name, process.cwd());
      const cells = expandGrid(grid);
      const protocols = grid.protocols?.length ?? 1;
      expect(cells.length).toBe(grid.datasets.length * protocols * grid.searchers.length * grid.budgets.length * grid.seeds.length);
      expect(new Set(cells.map((c) => c.dir)).size).toBe(cells.length);
      for (const cell of cells) {
        const config = cellConfig(name, grid, cell, `runs/${cell.dir}`);
        expect(config.label).toBe(cell.searcher);
        expect([config.budget.text, config.seed, config.dataset.name, config.protocol]).toEqual([cell.budget, cell.seed, cell.dataset.name, cell.protocol]);
        const entry = grid.searchers.find((s) => searcherLabel(s) === cell.searcher)!;
        if (typeof entry === 'string') expect(config.searcher.name).toBe(entry);
      }
    }
    const curve = loadGrid('budget-curve', process.cwd()).grid;
    expect(curve.budgets).toEqual(['c=1', 'c=2', 'c=4', 'c=8', 'c=16', 'c=32', 'c=64']);
    expect(curve.protocols).toEqual(['strict', 'reference']);
    expect(curve.seeds.length).toBeGreaterThanOrEqual(3);
  });

  it('reads a grid from a user file, merges labelled variants over the base and names bad grids', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'scall-grid-file-'));
    try {
      const file = join(dir, 'my-grid.json');
      const grid = {
        datasets: [{ name: 'synthetic-small' }],
        searchers: ['uniform', { label: 'scall-short', config: { searcher: { name: 'scall', options: { maxPolicySteps: 2 } } } }],
        budgets: ['c=4'],
        seeds: [1, 2],
        protocols: ['strict', 'reference'],
        base: { training: { maxBlocks: 3 } },
      };
      await writeFile(file, JSON.stringify(grid));
      const loaded = loadGrid(file, dir);
      expect(loaded.name).toBe('my-grid');
      const cells = expandGrid(loaded.grid);
      expect(cells.map((c) => c.dir)).toContain('synthetic-small/reference/c=4/scall-short/seed-2');
      const variant = cellConfig('my-grid', loaded.grid, cells.find((c) => c.searcher === 'scall-short' && c.protocol === 'reference')!, 'runs/x');
      expect(variant.searcher).toEqual({ name: 'scall', options: { maxPolicySteps: 2 } });
      expect(variant.training.maxBlocks).toBe(3);
      expect(variant.evaluation.candidates).toBe('reference');
      const plain = cellConfig('my-grid', loaded.grid, cells.find((c) => c.searcher === 'uniform' && c.protocol === 'strict')!, 'runs/x');
      expect(plain.evaluation.candidates).toBe('catalogue');
      expect(plain.evaluation.selection).toBe('validation');
      // Budget labels round-trip: the cell, its config and the budget results.json records all say B=0.05MB.
      await writeFile(file, JSON.stringify({ ...grid, budgets: ['B=0.05MB', 'c=4'] }));
      const bytesGrid = loadGrid(file, dir).grid;
      const bytesCell = expandGrid(bytesGrid).find((c) => c.budget === 'B=0.05MB')!;
      expect(bytesCell.dir).toBe('synthetic-small/strict/B=0.05MB/uniform/seed-1');
      const bytesConfig = cellConfig('my-grid', bytesGrid, bytesCell, 'runs/x');
      expect(bytesConfig.budget.text).toBe('B=0.05MB');
      expect(formatBudget(JSON.parse(JSON.stringify(bytesConfig.budget.value)) as Budget)).toBe('B=0.05MB');
      await writeFile(file, JSON.stringify({ ...grid, budgets: ['c=4', 'B=3XB'] }));
      expect(() => loadGrid(file, dir)).toThrow(/Invalid benchmark grid.*budgets.1.*unknown unit "XB"/s);
      await writeFile(file, JSON.stringify({ ...grid, budget: ['c=4'] }));
      expect(() => loadGrid(file, dir)).toThrow(/Invalid benchmark grid.*unknown key "budget" \(did you mean "budgets"\?\)/s);
      await writeFile(file, JSON.stringify({ ...grid, searchers: ['uniform', 'uniform'] }));
      expect(() => loadGrid(file, dir)).toThrow(/label "uniform" appears twice/);
      expect(() => loadGrid('no-such-grid', dir)).toThrow(/Unknown grid "no-such-grid".*built-in: .*budget-curve/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('assembles every searcher of the quick grid (options reach only the components they belong to)', async () => {
    const { grid } = loadGrid('quick', process.cwd());
    for (const cell of expandGrid(grid).filter((c) => c.seed === grid.seeds[0] && c.budget === grid.budgets[0])) {
      const config = cellConfig('quick', grid, cell, 'runs/x');
      const run = await assembleRun(config, { dataDir: '../shared/data' });
      expect(run.searcher.name).toBe(cell.searcher);
      run.searcher.dispose();
    }
  });
});

describe('built-in configs', () => {
  it('resolves quickstart and ml-100k by name and both are valid', async () => {
    const { resolveConfigPath } = await import('../src/commands/run.js');
    for (const name of ['quickstart', 'ml-100k']) {
      const path = resolveConfigPath(name);
      expect(path).toMatch(new RegExp(`configs/${name}\\.json$`));
      const config = await loadConfig(path);
      expect(config.searcher.name).toBe('scall');
    }
    expect(resolveConfigPath('no-such-config')).toMatch(/no-such-config$/);
  });
});
