import { describe, expect, it } from 'vitest';
import { assembleRun, expandGrid, loadGrid, parseConfig } from '../src/index.js';

describe('sparse searchers in the app', () => {
  it('pairs sparserec and magprune with the sparse twin of the configured recommender', async () => {
    const names = async (extra: Record<string, unknown>) => {
      const run = await assembleRun(parseConfig(extra), { dataDir: '../shared/data' });
      const model = run.createRecommender();
      return [run.searcher.name, model.name];
    };
    expect(await names({ searcher: { name: 'sparserec' } })).toEqual(['sparserec', 'sparse-lightgcn']);
    expect(await names({ searcher: { name: 'magprune' }, recommender: { name: 'mf' } })).toEqual(['magprune', 'sparse-mf']);
    expect(await names({ searcher: { name: 'uniform' } })).toEqual(['uniform', 'lightgcn']);
  });

  it('ships the sparserec grid', async () => {
    const { grid } = loadGrid('sparserec', process.cwd());
    const cells = expandGrid(grid);
    // 2 datasets x 8 searchers x 3 budgets x 3 seeds x 1 protocol
    expect(cells.length).toBe(144);
  });
});
