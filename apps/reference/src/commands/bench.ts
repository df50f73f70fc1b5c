import { join, resolve } from 'node:path';
import { writeReport } from '@scall/report';
import { defineCommand } from 'citty';
import { consola } from 'consola';
import { builtinGridNames, expandGrid, loadGrid, searcherLabel } from '../bench-grids.js';
import { PROTOCOL_NAMES } from '../config-schema.js';
import { userDirectory } from '../execute-run.js';
import { runBenchGrid } from '../run-bench-grid.js';

export const benchCommand = defineCommand({
  meta: { name: 'bench', description: 'Run a benchmark grid (datasets x protocols x budgets x searchers x seeds), resumable, then write the report' },
  args: {
    grid: { type: 'string', description: `a grid file (./grid.json) or a built-in grid: ${builtinGridNames().join(', ')}`, default: 'quick' },
    quick: { type: 'boolean', description: 'shorthand for --grid quick', default: false },
    out: { type: 'string', description: 'root directory of the grid (default runs/bench-<grid>)' },
    'data-dir': { type: 'string', description: 'directory holding the dataset folders' },
    searchers: { type: 'string', description: 'comma-separated subset of the grid searchers (by label)' },
    budgets: { type: 'string', description: 'comma-separated subset (or replacement) of the grid budgets' },
    seeds: { type: 'string', description: 'comma-separated seeds replacing the grid seeds' },
    protocol: { type: 'string', description: `comma-separated protocols replacing the grid's: ${PROTOCOL_NAMES.join(', ')}` },
    datasets: { type: 'string', description: 'comma-separated subset of the grid datasets' },
    jobs: { type: 'string', description: 'cells run at once, each in its own process (default 1; 2 uses both cores of a 2-core machine)' },
    workers: { type: 'string', description: "threads scoring each cell's candidate plans (execution.workers, default the grid's or 1); results do not depend on it" },
  },
  async run({ args }) {
    const { name, grid, file } = loadGrid(args.quick ? 'quick' : args.grid, userDirectory());
    const root = resolve(userDirectory(), args.out ?? `runs/bench-${name}`);
    const only = (list: string | undefined) => list?.split(',').map((s) => s.trim()).filter(Boolean);
    const searcherNames = only(args.searchers);
    const unknownSearcher = searcherNames?.find((s) => !grid.searchers.some((g) => searcherLabel(g) === s));
    if (unknownSearcher) throw new Error(`--searchers: grid "${name}" has no searcher "${unknownSearcher}" (it has ${grid.searchers.map(searcherLabel).join(', ')})`);
    const datasetNames = only(args.datasets);
    const unknownDataset = datasetNames?.find((d) => !grid.datasets.some((g) => g.name === d));
    if (unknownDataset) throw new Error(`--datasets: grid "${name}" has no dataset "${unknownDataset}" (it has ${grid.datasets.map((d) => d.name).join(', ')})`);
    const protocols = only(args.protocol);
    const badProtocol = protocols?.find((p) => !(PROTOCOL_NAMES as readonly string[]).includes(p));
    if (badProtocol) throw new Error(`--protocol must be one of ${PROTOCOL_NAMES.join(', ')}, got "${badProtocol}"`);
    const seeds = only(args.seeds)?.map((seed) => {
      const n = Number(seed);
      if (!Number.isInteger(n)) throw new Error(`--seeds must be integers, got "${seed}"`);
      return n;
    });
    const jobs = args.jobs === undefined ? 1 : Number(args.jobs);
    if (!(Number.isInteger(jobs) && jobs >= 1)) throw new Error(`--jobs must be a positive integer, got "${args.jobs}"`);
    const workers = args.workers === undefined ? undefined : Number(args.workers);
    if (workers !== undefined && !(Number.isInteger(workers) && workers >= 1)) throw new Error(`--workers must be a positive integer, got "${args.workers}"`);
    const selected = {
      ...grid,
      datasets: datasetNames ? grid.datasets.filter((d) => datasetNames.includes(d.name)) : grid.datasets,
      searchers: searcherNames ? grid.searchers.filter((s) => searcherNames.includes(searcherLabel(s))) : grid.searchers,
      budgets: only(args.budgets) ?? grid.budgets,
      seeds: seeds ?? grid.seeds,
      ...(protocols ? { protocols: protocols as (typeof PROTOCOL_NAMES)[number][] } : {}),
    };
    consola.info(`grid "${name}" (${file}): ${grid.description}; ${expandGrid(selected).length} runs into ${root}, ${jobs} at a time`);
    const dataDir = args['data-dir'] === undefined ? undefined : resolve(userDirectory(), args['data-dir']);
    const started = performance.now();
    await runBenchGrid({ name, grid: selected, root, dataDir, jobs, ...(workers ? { workers } : {}) });
    consola.info(`grid "${name}": ${((performance.now() - started) / 1000).toFixed(0)} s of wall time in this invocation`);
    const written = await writeReport(root, join(root, 'report'));
    consola.success(`report: ${join(root, 'report')} (${written.files.length} files)`);
  },
});
