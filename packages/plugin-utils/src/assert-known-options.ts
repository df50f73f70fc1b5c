import { closest } from './edit-distance.js';

/**
 * Throws a `RangeError` when `options` holds a key outside `known`, naming the owner, the
 * key, the closest known key and the full list. Plug-in factories call it so that a typo
 * in a config (`batchsize`) is an error, not a silently ignored option.
 *
 * @example
 * assertKnownOptions('createLightGcn', { batchsize: 10 }, ['batchSize', 'layers']);
 * // RangeError: createLightGcn: unknown option "batchsize" (did you mean "batchSize"?); known: batchSize, layers
 */
export function assertKnownOptions(owner: string, options: object | undefined, known: readonly string[]): void {
  if (!options) return;
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue;
    const hint = closest(key, known);
    throw new RangeError(`${owner}: unknown option "${key}"${hint ? ` (did you mean "${hint}"?)` : ''}; known: ${known.join(', ') || '(none)'}`);
  }
}
