import type { Snapshot, SnapshotArray } from '@scall/spec';
import type { Adam } from './adam.js';
import type { Parameter } from './parameter.js';

/** Anything holding named parameters in a fixed order (a {@link DenseStack}, or a lone parameter). */
export interface ParameterSource {
  readonly parameters: readonly Parameter[];
  /** One name per parameter, e.g. `0.kernel`. */
  readonly parameterNames: readonly string[];
}

/** A parameter as it appears in a snapshot: its full name and, when trained, its optimiser and index there. */
export interface NamedParameter {
  /** `<prefix>.<name>`, e.g. `critic1.0.kernel`. */
  readonly name: string;
  readonly parameter: Parameter;
  /** The optimiser whose moments belong to this parameter (absent for target networks). */
  readonly adam?: Adam;
  /** Position of the parameter in `adam.params`. */
  readonly index: number;
}

/**
 * Names the parameters of `sources` (`<prefix>.<parameter name>`), numbering them in
 * order as `adam` holds them: pass the sources one optimiser trains, in the order its
 * parameter list was built, or no `adam` for untrained ones (target networks).
 *
 * @example
 * const named = [
 *   ...nameParameters([['critic1', critic1], ['critic2', critic2]], criticAdam),
 *   ...nameParameters([['target1', target1], ['target2', target2]]),
 * ];
 */
export function nameParameters(sources: readonly (readonly [string, ParameterSource])[], adam?: Adam): NamedParameter[] {
  const out: NamedParameter[] = [];
  let index = 0;
  for (const [prefix, source] of sources) {
    source.parameters.forEach((parameter, i) => out.push({ name: `${prefix}.${source.parameterNames[i]}`, parameter, adam, index: index++ }));
  }
  return out;
}

/** Snapshot arrays of named parameters: each one's values as `<name>`, its Adam moments as `<name>.adam.m` and `<name>.adam.v` (copies). */
export function parameterArrays(named: readonly NamedParameter[]): Record<string, SnapshotArray> {
  const arrays: Record<string, SnapshotArray> = {};
  for (const { name, parameter, adam, index } of named) {
    arrays[name] = Float32Array.from(parameter.values);
    if (adam) {
      arrays[`${name}.adam.m`] = Float32Array.from(adam.m[index]);
      arrays[`${name}.adam.v`] = Float32Array.from(adam.v[index]);
    }
  }
  return arrays;
}

/**
 * Checks that `arrays` holds every array {@link parameterArrays} writes for `named`,
 * with the right lengths, and returns the function that loads them (values uploaded,
 * moments copied). Nothing changes until it is called, so a restore can check
 * everything else first. `owner` starts the error messages, e.g. `"SAC restore"`.
 *
 * @example
 * const load = prepareParameterLoad(named, snapshot.arrays, 'SAC restore'); // throws on a bad snapshot
 * buffer.fromArrays(snapshot.arrays);
 * load();
 */
export function prepareParameterLoad(named: readonly NamedParameter[], arrays: Snapshot['arrays'], owner: string): () => void {
  const expect = (name: string, length: number): SnapshotArray => {
    const a = arrays[name];
    if (!a) throw new Error(`${owner}: snapshot array "${name}" is missing`);
    if (a.length !== length) throw new Error(`${owner}: snapshot array "${name}" has length ${a.length}, expected ${length} (were the hidden sizes the same?)`);
    return a;
  };
  const writes: (() => void)[] = [];
  for (const { name, parameter, adam, index } of named) {
    const size = parameter.values.length;
    const values = expect(name, size);
    writes.push(() => parameter.load(values));
    if (adam) {
      const m = expect(`${name}.adam.m`, size);
      const v = expect(`${name}.adam.v`, size);
      writes.push(() => {
        adam.m[index].set(m);
        adam.v[index].set(v);
      });
    }
  }
  return () => {
    for (const write of writes) write();
  };
}
