import type { JsonValue, RngState } from '@scall/spec';

/** An RNG state as snapshot meta (a plain copy; restore it with `restoreRng` of `@scall/rng`). */
export function rngJson(state: RngState): JsonValue {
  return { algorithm: state.algorithm, words: [...state.words] };
}

/**
 * Resolved options as snapshot meta: arrays copied, non-finite numbers (`Infinity`, an
 * unclipped gradient norm) written as strings, since JSON has no such numbers.
 *
 * @example
 * optionsJson({ clipNorm: Infinity, widths: [8, 8] }); // { clipNorm: 'Infinity', widths: [8, 8] }
 */
export function optionsJson(options: Readonly<Record<string, unknown>>): JsonValue {
  const out: { [key: string]: JsonValue } = {};
  for (const [key, value] of Object.entries(options)) {
    if (typeof value === 'number' && !Number.isFinite(value)) out[key] = String(value);
    else out[key] = (Array.isArray(value) ? [...value] : value) as JsonValue;
  }
  return out;
}
