/** Throws naming the first option key not in `known`. */
export function assertOnlyOptions(where: string, options: object, known: readonly string[]): void {
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) throw new RangeError(`${where}: unknown option "${key}" (known: ${known.join(', ')})`);
  }
}

/** Throws a RangeError naming the option unless `ok`. */
export function checkOption(where: string, name: string, value: unknown, ok: boolean, rule: string): void {
  if (!ok) throw new RangeError(`${where}: option "${name}" must be ${rule} (got ${JSON.stringify(value)})`);
}
