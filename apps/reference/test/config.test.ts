import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assembleRun, BENCH_GRIDS, cellConfig, expandGrid, flagsToConfig, loadConfig, parseConfig } from '../src/index.js';

describe('run configuration', () => {
  it('fills every default of the protocol', () => {
    const config = parseConfig({});
    expect(config.dataset.name).toBe('synthetic-small');
    expect(config.budget).toBe('c=32');
    expect(config.searcher.name).toBe('scall');
    expect(config.distribution.name).toBe('power-law');
    expect(config.agent.name).toBe('sac');
    expect(config.recommender.name).toBe('lightgcn');
    expect(config.training).toEqual({ blockSteps: 200, patience: 3, maxBlocks: 30, lossPlateau: 0.05 });
    expect(config.evaluation).toEqual({ selection: 'test', candidates: 'test-items', ks: [20] });
    expect([config.minSize, config.maxSize]).toEqual([1, 256]);
  });

  it('rejects unknown keys with a suggestion, at any depth', () => {
    expect(() => parseConfig({ budjet: 'c=8' })).toThrow(/unknown key "budjet" \(did you mean "budget"\?\)/);
    expect(() => parseConfig({ training: { blocksteps: 10 } })).toThrow(/unknown key "training.blocksteps" \(did you mean "training.blockSteps"\?\)/);
    expect(() => parseConfig({ evaluation: { selection: 'val' } })).toThrow(/evaluation.selection/);
  });

  it('layers defaults < file < flags and names a bad file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'scall-config-'));
    try {
      const file = join(dir, 'run.json');
      await writeFile(file, JSON.stringify({ budget: 'c=16', seed: 3, training: { patience: 5 } }));
      const config = await loadConfig(file, flagsToConfig({ seed: '7', searcher: 'uniform', 'last-segment': '2' }));
      expect(config.budget).toBe('c=16');
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

  it('declares bench grids whose cells are all valid configurations', () => {
    for (const [name, grid] of Object.entries(BENCH_GRIDS)) {
      const cells = expandGrid(grid);
      expect(cells.length).toBe(grid.datasets.length * grid.searchers.length * grid.budgets.length * grid.seeds.length);
      expect(new Set(cells.map((c) => c.dir)).size).toBe(cells.length);
      for (const cell of cells) {
        const config = cellConfig(name, grid, cell, `runs/${cell.dir}`);
        expect(config.searcher.name).toBe(cell.searcher);
        expect([config.budget, config.seed, config.dataset.name]).toEqual([cell.budget, cell.seed, cell.dataset.name]);
        if (cell.searcher !== 'scall') expect(config.searcher.options).toEqual({});
      }
    }
    expect(BENCH_GRIDS['ml-100k'].budgets).toEqual(['c=16', 'c=32']);
  });

  it('assembles every searcher of the quick grid (options reach only the components they belong to)', async () => {
    const grid = BENCH_GRIDS.quick;
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
