import type { AgentSpecV1, JsonValue } from '@scall/spec';

/** An agent's state size and action box, checked. */
export interface ActionBox {
  readonly stateSize: number;
  readonly actionSize: number;
  readonly actionLow: Float32Array;
  readonly actionHigh: Float32Array;
  /** `(actionHigh - actionLow) / 2` per action dimension. */
  readonly halfRange: Float32Array;
}

/**
 * Checks an agent spec (positive integer sizes, a finite seed, bounds of length
 * `actionSize` with `actionLow < actionHigh`; bounds default to `[-1, 1]`) and returns
 * its box. `owner` names the agent in errors, e.g. `"SAC"` gives
 * `SAC agent: stateSize must be a positive integer (got 0)`.
 *
 * @example
 * const box = resolveActionBox('TD3', { stateSize: 3, actionSize: 1, actionLow: [1], actionHigh: [128], seed: 7 });
 * box.halfRange; // Float32Array [63.5]
 */
export function resolveActionBox(owner: string, spec: AgentSpecV1): ActionBox {
  const { stateSize, actionSize, seed } = spec;
  if (!(Number.isInteger(stateSize) && stateSize > 0)) throw new RangeError(`${owner} agent: stateSize must be a positive integer (got ${stateSize})`);
  if (!(Number.isInteger(actionSize) && actionSize > 0)) throw new RangeError(`${owner} agent: actionSize must be a positive integer (got ${actionSize})`);
  if (!Number.isFinite(seed)) throw new RangeError(`${owner} agent: seed must be a finite number (got ${seed})`);
  const actionLow = bounds(owner, 'actionLow', spec.actionLow, actionSize, -1);
  const actionHigh = bounds(owner, 'actionHigh', spec.actionHigh, actionSize, 1);
  const halfRange = new Float32Array(actionSize);
  for (let i = 0; i < actionSize; i++) {
    if (!(actionLow[i] < actionHigh[i])) throw new RangeError(`${owner} agent: actionLow[${i}] = ${actionLow[i]} must be below actionHigh[${i}] = ${actionHigh[i]}`);
    halfRange[i] = (actionHigh[i] - actionLow[i]) / 2;
  }
  return { stateSize, actionSize, actionLow, actionHigh, halfRange };
}

/** The box as snapshot meta: `stateSize`, `actionSize`, `actionLow`, `actionHigh`. */
export function actionBoxJson(box: ActionBox): { [key: string]: JsonValue } {
  return { stateSize: box.stateSize, actionSize: box.actionSize, actionLow: Array.from(box.actionLow), actionHigh: Array.from(box.actionHigh) };
}

/**
 * Throws unless snapshot meta written by {@link actionBoxJson} describes `box`, naming
 * the field that differs (`SAC restore: snapshot stateSize is 3, this agent has 2`).
 */
export function assertSameActionBox(owner: string, meta: { readonly [key: string]: JsonValue }, box: ActionBox): void {
  for (const key of ['stateSize', 'actionSize'] as const) {
    if (meta[key] !== box[key]) throw new Error(`${owner} restore: snapshot ${key} is ${JSON.stringify(meta[key])}, this agent has ${box[key]}`);
  }
  for (const key of ['actionLow', 'actionHigh'] as const) {
    const saved = meta[key];
    if (!Array.isArray(saved) || saved.length !== box.actionSize || saved.some((x, i) => x !== box[key][i])) {
      throw new Error(`${owner} restore: snapshot ${key} is ${JSON.stringify(saved)}, this agent has ${JSON.stringify(Array.from(box[key]))}`);
    }
  }
}

function bounds(owner: string, option: string, values: ArrayLike<number> | undefined, size: number, fallback: number): Float32Array {
  if (values === undefined) return new Float32Array(size).fill(fallback);
  if (values.length !== size) throw new RangeError(`${owner} agent: ${option} must have length actionSize = ${size} (got ${values.length})`);
  const out = Float32Array.from(values);
  out.forEach((x, i) => {
    if (!Number.isFinite(x)) throw new RangeError(`${owner} agent: ${option}[${i}] must be finite (got ${values[i]})`);
  });
  return out;
}
