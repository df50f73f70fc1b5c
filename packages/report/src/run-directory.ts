import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { PolicyStepEvent, RunResults } from '@scall/spec';
import { readRunEvents } from './events-file.js';
import { parseRunResults } from './results-file.js';

/** The name of the result file the stream runner writes in each run directory. */
export const RESULTS_FILE = 'results.json';
/** The name of the event log the stream runner writes beside it. */
export const EVENTS_FILE = 'events.jsonl';

/** One run read from disk: its results and the parts of its event log the report uses. */
export interface LoadedRun {
  /** Absolute path of the run directory. */
  readonly dir: string;
  readonly resultsPath: string;
  /** Path of `events.jsonl`, or `undefined` when the run has none. */
  readonly eventsPath: string | undefined;
  readonly results: RunResults;
  /** Policy-step events (the agent's actions); empty for searchers that learn nothing. */
  readonly policySteps: readonly PolicyStepEvent[];
  /** True when the event log's last line was cut off and skipped. */
  readonly eventsTruncated: boolean;
}

/**
 * Reads one run directory: `results.json` (required, format checked) and
 * `events.jsonl` beside it (optional).
 *
 * @param dir - the run directory.
 * @throws when `results.json` is missing or malformed; the message names the file.
 */
export async function loadRunDirectory(dir: string): Promise<LoadedRun> {
  const absolute = resolve(dir);
  const resultsPath = join(absolute, RESULTS_FILE);
  let text: string;
  try {
    text = await readFile(resultsPath, 'utf8');
  } catch (error) {
    throw new Error(`${resultsPath}: cannot read the run's results (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  const results = parseRunResults(text, resultsPath);
  const eventsPath = join(absolute, EVENTS_FILE);
  if (!existsSync(eventsPath)) {
    return { dir: absolute, resultsPath, eventsPath: undefined, results, policySteps: [], eventsTruncated: false };
  }
  const events = await readRunEvents(eventsPath);
  return { dir: absolute, resultsPath, eventsPath, results, policySteps: events.policySteps, eventsTruncated: events.truncated };
}

async function findRunDirectories(dir: string, found: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  for (const entry of entries) {
    if (entry.isFile() && entry.name === RESULTS_FILE) found.push(dir);
  }
  for (const entry of entries) {
    if (entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules') {
      await findRunDirectories(join(dir, entry.name), found);
    }
  }
}

/**
 * Finds every `results.json` under `rootDir` (recursively; hidden folders and
 * `node_modules` skipped) and loads each run with {@link loadRunDirectory}, in sorted
 * path order so reports are reproducible.
 *
 * @param rootDir - the directory tree to search.
 * @throws when `rootDir` is not a directory or a run file is malformed.
 */
export async function collectRuns(rootDir: string): Promise<LoadedRun[]> {
  const root = resolve(rootDir);
  let info;
  try {
    info = await stat(root);
  } catch {
    throw new Error(`${root}: no such directory to collect runs from`);
  }
  if (!info.isDirectory()) throw new Error(`${root}: expected a directory of runs, got a file`);
  const dirs: string[] = [];
  await findRunDirectories(root, dirs);
  dirs.sort();
  const runs: LoadedRun[] = [];
  for (const dir of dirs) runs.push(await loadRunDirectory(dir));
  return runs;
}
