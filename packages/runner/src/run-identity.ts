import { createHash } from 'node:crypto';
import type { JsonValue } from '@scall/spec';
import type { RunStreamOptions } from './run-options.js';

function canonical(v: JsonValue | undefined): string {
  return v === undefined
    ? 'null'
    : Array.isArray(v)
      ? `[${v.map(canonical).join(',')}]`
      : v !== null && typeof v === 'object'
        ? `{${Object.keys(v)
            .sort()
            .map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`)
            .join(',')}}`
        : JSON.stringify(v);
}

/** A short, stable hash of a JSON value (keys sorted). */
export function hashConfig(value: JsonValue | undefined): string {
  return createHash('sha256').update(canonical(value)).digest('hex').slice(0, 12);
}

/** Options that do not change a run's results, or are not JSON: left out of {@link resumeIdentity}. */
const NOT_IDENTITY = new Set([
  'dataset',
  'searcher',
  'createRecommender',
  'scorePlans',
  'config',
  'lastSegment',
  'outDir',
  'resume',
  'onResume',
  'stopAfterSegment',
  'onEvent',
  'versions',
  'checkpoint',
]);

function jsonOnly(value: unknown): JsonValue | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (Array.isArray(value)) return value.map((v) => jsonOnly(v) ?? null);
  if (typeof value === 'object' && !ArrayBuffer.isView(value)) {
    const out: { [key: string]: JsonValue } = {};
    for (const [key, v] of Object.entries(value as object)) {
      const j = jsonOnly(v);
      if (j !== undefined) out[key] = j;
    }
    return out;
  }
  return undefined;
}

function withoutUnit(budget: unknown): unknown {
  if (typeof budget !== 'object' || budget === null || !('unit' in budget)) return budget;
  const { unit: _shown, ...rest } = budget as { unit?: unknown };
  return rest;
}

/**
 * The resume identity of a run: a hash of everything that changes its results, which a
 * checkpoint must match to be resumed. It covers the recorded `config` except its
 * `lastSegment` key, the dataset's and searcher's names, and every JSON-valued option
 * (seed, budget, sizes, selection, candidates, ks, training, backend, and any protocol
 * option) except those that only say how far to run or where to write (`lastSegment`,
 * `stopAfterSegment`, `outDir`, `resume`, `checkpoint`) and the package `versions`. So a
 * finished or killed run can be continued to more segments, and nothing else.
 */
export function resumeIdentity(options: RunStreamOptions): string {
  const run: { [key: string]: JsonValue } = {};
  for (const [key, value] of Object.entries(options)) {
    if (NOT_IDENTITY.has(key)) continue;
    // The unit a bytes budget was written in (`B=0.05MB`) only says how it is shown.
    const j = jsonOnly(key === 'budget' ? withoutUnit(value) : value);
    if (j !== undefined) run[key] = j;
  }
  const { lastSegment: _ignored, ...config } = options.config ?? {};
  return hashConfig({ config, run, dataset: options.dataset.name, searcher: options.searcher.name });
}
