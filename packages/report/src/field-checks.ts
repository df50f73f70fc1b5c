/** Throws `<file>: <message>`: every file-format error of this package names its file. */
export function fail(file: string, message: string): never {
  throw new Error(`${file}: ${message}`);
}

/** The JSON types a field check distinguishes. */
export type FieldType = 'string' | 'number' | 'boolean' | 'object' | 'array';

/** Throws an error naming the file, the field's path and what it holds when `value` is not of `type`. */
export function expectField(file: string, value: unknown, path: string, type: FieldType): void {
  const ok =
    type === 'array' ? Array.isArray(value) : type === 'object' ? typeof value === 'object' && value !== null && !Array.isArray(value) : typeof value === type;
  if (!ok) {
    const got = value === undefined ? 'nothing' : value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value} (${JSON.stringify(value)?.slice(0, 40)})`;
    fail(file, `field "${path}" should be ${type === 'array' || type === 'object' ? 'an' : 'a'} ${type}, got ${got}`);
  }
}

/** {@link expectField} for each of `keys` of `record`, the paths prefixed by `at` (`at.key`, or `key` when `at` is empty). */
export function expectFields(file: string, record: Record<string, unknown>, at: string, keys: readonly string[], type: FieldType): void {
  for (const key of keys) expectField(file, record[key], at ? `${at}.${key}` : key, type);
}

/** Parses JSON text, or throws an error naming the file. */
export function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    fail(file, `not valid JSON (${(error as Error).message})`);
  }
}
