import type { RunResults } from '@scall/spec';
import { expectField, fail, parseJson } from './field-checks.js';

/** The only `format` value this package reads. */
export const RESULTS_FORMAT = 'scall-results/v1';

/**
 * Parses and checks the text of a `results.json` written by the stream runner.
 * Checks the `format` field and the fields the report reads; throws an error that names
 * the file and the field at fault.
 *
 * @param text - the file's contents.
 * @param file - the file's path, used in error messages.
 */
export function parseRunResults(text: string, file: string): RunResults {
  const data = parseJson(text, file);
  expectField(file, data, '(root)', 'object');
  const run = data as Record<string, unknown>;
  if (run.format !== RESULTS_FORMAT) {
    fail(file, `format is ${JSON.stringify(run.format)}, expected "${RESULTS_FORMAT}" (is this a results.json of the SCALL stream runner?)`);
  }
  for (const key of ['dataset', 'searcher', 'recommender', 'backend', 'configHash'] as const) expectField(file, run[key], key, 'string');
  expectField(file, run.seed, 'seed', 'number');
  expectField(file, run.budget, 'budget', 'object');
  expectField(file, (run.budget as Record<string, unknown>).kind, 'budget.kind', 'string');
  expectField(file, run.versions, 'versions', 'object');
  expectField(file, run.summary, 'summary', 'object');
  const summary = run.summary as Record<string, unknown>;
  for (const key of ['k', 'recall', 'ndcg', 'weightedRecall', 'weightedNdcg', 'segments'] as const) {
    expectField(file, summary[key], `summary.${key}`, 'number');
  }
  expectField(file, run.timings, 'timings', 'object');
  const timings = run.timings as Record<string, unknown>;
  for (const key of ['total', 'policy', 'training', 'evaluation'] as const) expectField(file, timings[key], `timings.${key}`, 'number');
  expectField(file, run.peakRssBytes, 'peakRssBytes', 'number');
  expectField(file, run.segments, 'segments', 'array');
  (run.segments as unknown[]).forEach((segment, i) => {
    const at = `segments[${i}]`;
    expectField(file, segment, at, 'object');
    const s = segment as Record<string, unknown>;
    for (const key of ['index', 'parameters', 'budgetParameters', 'bytes', 'budgetBytes', 'meanUserSize', 'meanItemSize'] as const) {
      expectField(file, s[key], `${at}.${key}`, 'number');
    }
    expectField(file, s.stats, `${at}.stats`, 'object');
    expectField(file, (s.stats as Record<string, unknown>).testUsers, `${at}.stats.testUsers`, 'number');
    expectField(file, s.test, `${at}.test`, 'object');
    expectField(file, (s.test as Record<string, unknown>).metrics, `${at}.test.metrics`, 'object');
    expectField(file, s.timings, `${at}.timings`, 'object');
    expectField(file, s.sizeByRank, `${at}.sizeByRank`, 'object');
    for (const kind of ['users', 'items'] as const) {
      const byRank = (s.sizeByRank as Record<string, unknown>)[kind];
      expectField(file, byRank, `${at}.sizeByRank.${kind}`, 'object');
      for (const key of ['rank', 'size', 'frequency'] as const) {
        expectField(file, (byRank as Record<string, unknown>)[key], `${at}.sizeByRank.${kind}.${key}`, 'array');
      }
    }
  });
  return data as RunResults;
}
