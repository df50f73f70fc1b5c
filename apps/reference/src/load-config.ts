import { readFile } from 'node:fs/promises';
import { closest } from '@scall/plugin-utils';
import type { z } from 'zod';
import { runConfigSchema, type RunConfig } from './config-schema.js';
import { withProtocolSettings } from './protocol.js';
import { UserError } from './user-error.js';

type Json = { [key: string]: unknown };

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Deep merge of plain objects; arrays and scalars of `over` replace those of `base`. */
export function mergeConfig(base: Json, over: Json): Json {
  const out: Json = { ...base };
  for (const [key, value] of Object.entries(over)) {
    out[key] = isObject(value) && isObject(out[key]) ? mergeConfig(out[key] as Json, value) : value;
  }
  return out;
}

function knownKeysAt(path: readonly PropertyKey[]): string[] {
  let node: unknown = runConfigSchema.parse({});
  for (const key of path) node = isObject(node) ? node[key as string] : undefined;
  return isObject(node) ? Object.keys(node).concat(path.length === 0 ? ['lastSegment'] : []) : [];
}

/** Formats zod issues as one message per line, with "did you mean" for unknown keys. */
export function describeConfigIssues(error: z.ZodError, source: string): string {
  const lines = error.issues.map((issue) => {
    const where = issue.path.length ? issue.path.join('.') : '(top level)';
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeysAt(issue.path);
      return issue.keys
        .map((key) => {
          const hint = closest(key, known);
          const prefix = issue.path.length ? `${issue.path.join('.')}.` : '';
          return `unknown key "${prefix}${key}"${hint ? ` (did you mean "${prefix}${hint}"?)` : ''}; known keys here: ${known.join(', ')}`;
        })
        .join('\n  ');
    }
    return `${where}: ${issue.message}`;
  });
  return `Invalid configuration in ${source}:\n  ${lines.join('\n  ')}`;
}

/**
 * Validates a merged configuration object, throwing one readable error for all issues,
 * and writes out every knob of its `protocol` explicitly (explicit keys win).
 */
export function parseConfig(input: unknown, source = 'configuration'): RunConfig {
  const result = runConfigSchema.safeParse(input);
  if (!result.success) throw new UserError(describeConfigIssues(result.error, source));
  try {
    return withProtocolSettings(result.data);
  } catch (error) {
    throw new UserError(`Invalid configuration in ${source}:\n  ${(error as Error).message}`);
  }
}

/**
 * Layered configuration, as RecBole does: defaults < config file (JSON) < CLI flags.
 */
export async function loadConfig(file: string | undefined, flags: Json = {}): Promise<RunConfig> {
  let fromFile: Json = {};
  if (file) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw new UserError(`Cannot read config file ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { hint: 'give a JSON file path, or a built-in config by name: quickstart, ml-100k' });
    }
    try {
      const parsed = JSON.parse(text) as unknown;
      if (!isObject(parsed)) throw new Error('the top level must be an object');
      fromFile = parsed;
    } catch (error) {
      throw new UserError(`Config file ${file} is not valid JSON: ${(error as Error).message}`);
    }
  }
  return parseConfig(mergeConfig(fromFile, flags), file ? `${file} (+ command-line flags)` : 'command-line flags');
}
