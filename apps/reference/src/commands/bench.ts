import { join, resolve } from 'node:path';
import { writeReport } from '@scall/report';
import { defineCommand } from 'citty';
import { consola } from 'consola';
import { BENCH_GRIDS, expandGrid } from '../bench-grids.js';
import { userDirectory } from '../execute-run.js';
import { runBenchGrid } from '../run-bench-grid.js';

export const benchCommand = defineCommand({
  meta: { name: 'bench', description: 'Run a declared grid (datasets x searchers x budgets x seeds), resumable, then write the report' },
  args: {
    grid: { type: 'string', description: `grid name: ${Object.keys(BENCH_GRIDS).join(', ')}`, default: 'quick' },
    quick: { type: 'boolean', description: 'shorthand for --grid quick', default: false },
    out: { type: 'string', description: 'root directory of the grid (default runs/bench-<grid>)' },
    'data-dir': { type: 'string', description: 'directory holding the dataset folders' },
    searchers: { type: 'string', description: 'comma-separated subset of the grid searchers' },
    budgets: { type: 'string', description: 'comma-separated subset (or replacement) of the grid budgets' },
    seeds: { type: 'string', description: 'comma-separated seeds replacing the grid seeds' },
    jobs: { type: 'string', description: 'cells run at once, each in its own process (default 1; 2 uses both cores of a 2-core machine)' },
  },
  async run({ args }) {
    const name = args.quick ? 'quick' : args.grid;
    const grid = BENCH_GRIDS[name];
    if (!grid) throw new Error(`Unknown grid "${name}" (known: ${Object.keys(BENCH_GRIDS).join(', ')})`);
    const root = resolve(userDirectory(), args.out ?? `runs/bench-${name}`);
    const only = (list: string | undefined) => list?.split(',').map((s) => s.trim()).filter(Boolean);
    const searchers = only(args.searchers);
    const budgets = only(args.budgets);
    const seeds = only(args.seeds)?.map((seed) => {
      const n = Number(seed);
      if (!Number.isInteger(n)) throw new Error(`--seeds must be integers, got "${seed}"`);
      return n;
    });
    const jobs = args.jobs === undefined ? 1 : Number(args.jobs);
    if (!(Number.isInteger(jobs) && jobs >= 1)) throw new Error(`--jobs must be a positive integer, got "${args.jobs}"`);
    const selected = { ...grid, searchers: searchers ?? grid.searchers, budgets: budgets ?? grid.budgets, seeds: seeds ?? grid.seeds };
    consola.info(`grid "${name}": ${grid.description}; ${expandGrid(selected).length} runs into ${root}, ${jobs} at a time`);
    const dataDir = args['data-dir'] === undefined ? undefined : resolve(userDirectory(), args['data-dir']);
    await runBenchGrid({ name, grid: selected, root, dataDir, jobs });
    const written = await writeReport(root, join(root, 'report'));
    consola.success(`report: ${join(root, 'report')} (${written.files.length} files)`);
  },
});
