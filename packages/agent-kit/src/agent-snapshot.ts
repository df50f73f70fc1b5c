import { restoreRng } from '@scall/rng';
import type { JsonValue, Rng, RngState, Snapshot } from '@scall/spec';
import { actionBoxJson, assertSameActionBox, type ActionBox } from './action-box.js';
import type { Adam } from './adam.js';
import { parameterArrays, prepareParameterLoad, type NamedParameter } from './named-parameters.js';
import type { ReplayBuffer } from './replay-buffer.js';
import { optionsJson, rngJson } from './snapshot-json.js';

/** Everything an actor-critic agent's snapshot holds, as {@link snapshotAgent} and {@link restoreAgent} read it. */
export interface AgentState {
  /** Names the agent in errors, e.g. `"SAC"`. */
  readonly owner: string;
  /** The snapshot `kind`, e.g. `"sac"`. */
  readonly kind: string;
  /** `meta.format`, e.g. `"sac/v1"`. */
  readonly format: string;
  readonly box: ActionBox;
  /** The resolved options (written to `meta.options`, not read back). */
  readonly options: Readonly<Record<string, unknown>>;
  /** Counters kept in `meta`, e.g. `{ updates: 12 }`. */
  readonly counters: { readonly [name: string]: number };
  /** The optimisers whose step counts `meta.adamSteps` keeps, by name. */
  readonly adams: { readonly [name: string]: Adam };
  /** Every persistent parameter (weights, targets), with its optimiser. */
  readonly parameters: readonly NamedParameter[];
  readonly replay: ReplayBuffer;
  /** The generators whose states `meta` keeps, by name (e.g. `policyRng`). */
  readonly rngs: { readonly [name: string]: Rng };
}

/**
 * An agent's snapshot: weights, targets and Adam moments (`parameterArrays`), the
 * replay buffer, and in `meta` the format, the action box, the options, the counters,
 * the optimisers' step counts (`adamSteps`) and the RNG states.
 *
 * @example
 * snapshot(): Snapshot { return snapshotAgent(this.state()); }
 */
export function snapshotAgent(state: AgentState): Snapshot {
  const arrays = { ...parameterArrays(state.parameters), ...state.replay.toArrays() };
  const meta: { [key: string]: JsonValue } = {
    format: state.format,
    ...actionBoxJson(state.box),
    options: optionsJson(state.options),
    ...state.counters,
    adamSteps: Object.fromEntries(Object.entries(state.adams).map(([name, adam]) => [name, adam.step])),
    ...Object.fromEntries(Object.entries(state.rngs).map(([name, rng]) => [name, rngJson(rng.getState())])),
  };
  return { kind: state.kind, meta, arrays };
}

/**
 * Restores a snapshot written by {@link snapshotAgent} for an agent of the same shape:
 * checks the kind, the action box, the counters, the RNG states and every array before
 * anything changes, then loads weights, moments, the replay buffer and the optimisers'
 * step counts, and returns the counters and generators for the agent to adopt. Errors
 * start with `<owner> restore:` and name what differs.
 *
 * @example
 * const { counters, rngs } = restoreAgent(this.state(), snapshot);
 * this.updates = counters.updates;
 * this.policyRng = rngs.policyRng;
 */
export function restoreAgent<C extends string, R extends string>(
  state: AgentState & { readonly counters: { readonly [name in C]: number }; readonly rngs: { readonly [name in R]: Rng } },
  snapshot: Snapshot,
): { counters: { [name in C]: number }; rngs: { [name in R]: Rng } } {
  const { owner } = state;
  if (snapshot?.kind !== state.kind) throw new Error(`${owner} restore: snapshot kind is "${String(snapshot?.kind)}", expected "${state.kind}"`);
  const meta = snapshot.meta;
  assertSameActionBox(owner, meta, state.box);
  const steps = meta.adamSteps as { [name: string]: JsonValue } | undefined;
  const counterNames = Object.keys(state.counters) as C[];
  if (!steps || counterNames.some((name) => typeof meta[name] !== 'number')) {
    throw new Error(`${owner} restore: snapshot meta needs "adamSteps" and the numbers ${counterNames.map((name) => `"${name}"`).join(', ')}`);
  }
  const rngs = Object.fromEntries(Object.keys(state.rngs).map((name) => [name, restoreRng(meta[name] as unknown as RngState)])) as { [name in R]: Rng };
  // Check every array before changing anything.
  const load = prepareParameterLoad(state.parameters, snapshot.arrays, `${owner} restore`);
  state.replay.fromArrays(snapshot.arrays);
  load();
  for (const [name, adam] of Object.entries(state.adams)) adam.step = Number(steps[name]);
  const counters = Object.fromEntries(counterNames.map((name) => [name, meta[name] as number])) as { [name in C]: number };
  return { counters, rngs };
}
