import { assertKnownOptions } from '@scall/plugin-utils';

/** An option error a user can fix: `exitCode: 2` makes the `scall` CLI print the message without a stack trace. */
export type OptionError = RangeError & { readonly exitCode: 2 };

/**
 * The error for an option outside its range:
 * `<owner>: option "<option>" must be <expected> (got <value>)`, marked `exitCode: 2`.
 *
 * @example
 * throw optionError('createSac', 'tau', 2, 'in (0, 1]'); // createSac: option "tau" must be in (0, 1] (got 2)
 */
export function optionError(owner: string, option: string, value: unknown, expected: string): OptionError {
  return Object.assign(new RangeError(`${owner}: option "${option}" must be ${expected} (got ${JSON.stringify(value) ?? String(value)})`), { exitCode: 2 as const });
}

/**
 * Fills `defaults` under `options`: rejects a non-object and unknown keys (with a "did
 * you mean"; `known` defaults to the keys of `defaults`), ignores keys set to
 * `undefined`, and returns the merged options (not yet range-checked: see
 * {@link checkOptions}).
 *
 * @example
 * const o = resolveOptions('createTd3', TD3_DEFAULTS, { tau: 0.01, gamma: undefined }); // tau 0.01, gamma the default
 */
export function resolveOptions<T extends object>(owner: string, defaults: T, options: object | undefined, known: readonly string[] = Object.keys(defaults)): T {
  if (options === undefined) return { ...defaults };
  if (options === null || typeof options !== 'object') {
    throw Object.assign(new TypeError(`${owner}: options must be an object (got ${String(options)})`), { exitCode: 2 as const });
  }
  assertKnownOptions(owner, options, known);
  const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  return { ...defaults, ...given } as T;
}

/** A range rule of {@link checkOptions}: a test and the phrase an error uses for it. */
export interface OptionRule {
  readonly test: (value: unknown) => boolean;
  /** Completes "must be …", e.g. `"a number > 0"`. */
  readonly expected: string;
}

const number = (test: (v: number) => boolean) => (v: unknown) => typeof v === 'number' && test(v);

/** The range rules option checkers share. */
export const OPTION_RULES = {
  /** Layer widths: a non-empty array of positive integers. */
  layerWidths: { test: (v) => Array.isArray(v) && v.length > 0 && v.every((s) => Number.isInteger(s) && s > 0), expected: 'a non-empty array of positive integers' },
  positive: { test: number((v) => v > 0), expected: 'a number > 0' },
  finitePositive: { test: number((v) => v > 0 && Number.isFinite(v)), expected: 'a finite number > 0' },
  finiteNonNegative: { test: number((v) => v >= 0 && Number.isFinite(v)), expected: 'a finite number >= 0' },
  /** [0, 1): Adam's betas. */
  decay: { test: number((v) => v >= 0 && v < 1), expected: 'in [0, 1)' },
  /** [0, 1]: a discount factor. */
  unitInterval: { test: number((v) => v >= 0 && v <= 1), expected: 'in [0, 1]' },
  /** (0, 1]: a Polyak rate. */
  positiveFraction: { test: number((v) => v > 0 && v <= 1), expected: 'in (0, 1]' },
  positiveInteger: { test: number((v) => Number.isInteger(v) && v > 0), expected: 'a positive integer' },
  nonNegativeInteger: { test: number((v) => Number.isInteger(v) && v >= 0), expected: 'an integer >= 0' },
  boolean: { test: (v) => typeof v === 'boolean', expected: 'a boolean' },
} as const satisfies Record<string, OptionRule>;

/** Which options follow which rule of {@link OPTION_RULES}. */
export type OptionRules = { readonly [R in keyof typeof OPTION_RULES]?: readonly string[] };

/**
 * Checks resolved options against rules, rule by rule in the order given, and throws
 * {@link optionError} for the first option that breaks its rule.
 *
 * @example
 * checkOptions('createSac', o, { layerWidths: ['actorHiddenSizes'], positiveFraction: ['tau'] });
 */
export function checkOptions(owner: string, options: object, rules: OptionRules): void {
  const values = options as Record<string, unknown>;
  for (const [rule, keys] of Object.entries(rules) as [keyof typeof OPTION_RULES, readonly string[]][]) {
    const { test, expected } = OPTION_RULES[rule];
    for (const key of keys) if (!test(values[key])) throw optionError(owner, key, values[key], expected);
  }
}
