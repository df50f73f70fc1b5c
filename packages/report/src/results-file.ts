import type { RunResults } from '@scall/spec';
import { expectField, expectFields, fail, parseJson } from './field-checks.js';

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
  expectFields(file, run, '', ['dataset', 'searcher', 'recommender', 'backend', 'configHash'], 'string');
  expectField(file, run.seed, 'seed', 'number');
  expectField(file, run.budget, 'budget', 'object');
  expectField(file, (run.budget as Record<string, unknown>).kind, 'budget.kind', 'string');
  expectField(file, run.versions, 'versions', 'object');
  expectField(file, run.summary, 'summary', 'object');
  const summary = run.summary as Record<string, unknown>;
  expectFields(file, summary, 'summary', ['k', 'recall', 'ndcg', 'weightedRecall', 'weightedNdcg', 'segments'], 'number');
  expectField(file, run.timings, 'timings', 'object');
  const timings = run.timings as Record<string, unknown>;
  expectFields(file, timings, 'timings', ['total', 'policy', 'training', 'evaluation'], 'number');
  expectField(file, run.peakRssBytes, 'peakRssBytes', 'number');
  expectField(file, run.segments, 'segments', 'array');
  (run.segments as unknown[]).forEach((segment, i) => {
    const at = `segments[${i}]`;
    expectField(file, segment, at, 'object');
    const s = segment as Record<string, unknown>;
    expectFields(file, s, at, ['index', 'parameters', 'budgetParameters', 'bytes', 'budgetBytes', 'meanUserSize', 'meanItemSize'], 'number');
    expectField(file, s.stats, `${at}.stats`, 'object');
    expectField(file, (s.stats as Record<string, unknown>).testUsers, `${at}.stats.testUsers`, 'number');
    expectField(file, s.test, `${at}.test`, 'object');
    expectField(file, (s.test as Record<string, unknown>).metrics, `${at}.test.metrics`, 'object');
    expectField(file, s.timings, `${at}.timings`, 'object');
    expectField(file, s.sizeByRank, `${at}.sizeByRank`, 'object');
    for (const kind of ['users', 'items'] as const) {
      const byRank = (s.sizeByRank as Record<string, unknown>)[kind];
      expectField(file, byRank, `${at}.sizeByRank.${kind}`, 'object');
      expectFields(file, byRank as Record<string, unknown>, `${at}.sizeByRank.${kind}`, ['rank', 'size', 'frequency'], 'array');
    }
  });
  return data as RunResults;
}
