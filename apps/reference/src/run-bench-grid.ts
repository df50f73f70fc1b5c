import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { consola } from 'consola';
import { cellConfig, expandGrid, type BenchCell, type BenchGrid } from './bench-grids.js';
import { executeRun } from './execute-run.js';

/** How a grid is run by {@link runBenchGrid}. */
export interface RunBenchGridOptions {
  /** Grid name, for labels and error messages. */
  readonly name: string;
  readonly grid: BenchGrid;
  /** Absolute root directory; each cell writes under `<root>/<cell.dir>`. */
  readonly root: string;
  /** Directory holding the dataset folders. */
  readonly dataDir?: string;
  /**
   * Cells run at once (default 1, in this process). With more, each cell runs in a
   * child process of the `scall` CLI — wasm is single-threaded, so two jobs use both
   * cores of a 2-core machine.
   */
  readonly jobs?: number;
  /** Scoring threads of every cell (its `execution.workers`); default: the cell config's. */
  readonly workers?: number;
  /** The command that starts the CLI in a child: default this process's node, its flags and script. */
  readonly cli?: { readonly command: string; readonly args: readonly string[] };
}

/** Runs `tasks` with at most `jobs` at once; rejects with the first failure after all settle. */
async function pool<T>(items: readonly T[], jobs: number, task: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const failures: unknown[] = [];
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      await task(items[index], index).catch((error: unknown) => failures.push(error));
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, items.length)) }, worker));
  if (failures.length) throw failures[0];
}

function runChild(command: string, args: readonly string[], label: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit', env: { ...process.env, CI: process.env.CI ?? '1' } });
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${label}: the child run exited with ${signal ?? `code ${code}`}`)),
    );
  });
}

/**
 * Runs every cell of a grid that has no `results.json` yet (interrupted cells resume from
 * their checkpoint), sequentially or `jobs` at a time. Returns the cells of the grid.
 */
export async function runBenchGrid(options: RunBenchGridOptions): Promise<BenchCell[]> {
  const { name, grid, root } = options;
  const jobs = options.jobs ?? 1;
  if (!(Number.isInteger(jobs) && jobs >= 1)) throw new RangeError(`jobs must be a positive integer, got ${jobs}`);
  const cells = expandGrid(grid);
  const cli = options.cli ?? { command: process.execPath, args: [...process.execArgv, process.argv[1]] };
  await pool(cells, jobs, async (cell, i) => {
    const label = `[${i + 1}/${cells.length}] ${cell.dir}`;
    const out = join(root, cell.dir);
    if (existsSync(join(out, 'results.json'))) {
      consola.info(`${label}: done already`);
      return;
    }
    const cellOptions = cellConfig(name, grid, cell, out, options.dataDir);
    const config = options.workers ? { ...cellOptions, execution: { ...cellOptions.execution, workers: options.workers } } : cellOptions;
    if (jobs === 1) {
      await executeRun(config, { resume: true, label });
      return;
    }
    await mkdir(out, { recursive: true });
    const file = join(out, 'bench-config.json');
    // The budget as written: the child parses it again, as every config.
    await writeFile(file, `${JSON.stringify({ ...config, budget: config.budget.text }, null, 2)}\n`);
    await runChild(cli.command, [...cli.args, 'run', '--config', file, '--resume', '--label', label], label);
  });
  return cells;
}
