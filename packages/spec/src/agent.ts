import type { Snapshot } from './snapshot.js';

/** One environment step, as stored in an agent's replay buffer. */
export interface Transition {
  readonly state: Float32Array;
  readonly action: Float32Array;
  readonly reward: number;
  readonly nextState: Float32Array;
  /** True when the episode ended at `nextState`. */
  readonly done: boolean;
}

/** Losses and diagnostics from one call to {@link AgentV1.update}. */
export interface AgentUpdateReport {
  /** Gradient updates performed (0 while the buffer is empty). */
  readonly updates: number;
  readonly criticLoss?: number;
  readonly actorLoss?: number;
  readonly entropy?: number;
  readonly temperature?: number;
}

/**
 * A continuous-control agent acting on fixed-length states. Actions lie within
 * `[actionLow[i], actionHigh[i]]` per dimension.
 */
export interface AgentV1 {
  readonly specificationVersion: 'v1';
  /** Registry name, e.g. `"sac"`. */
  readonly name: string;
  readonly stateSize: number;
  readonly actionSize: number;
  readonly actionLow: Float32Array;
  readonly actionHigh: Float32Array;
  /**
   * Chooses an action: `explore: true` samples from the policy, `false` returns its
   * deterministic (mean) action. The agent's own seeded RNG makes sampling reproducible.
   */
  act(state: Float32Array, options: { explore: boolean }): Float32Array;
  /** Stores a transition in the replay buffer. */
  observe(transition: Transition): void;
  /** Runs the agent's gradient updates for one environment step. */
  update(): AgentUpdateReport;
  /** Weights, optimiser state, replay buffer and RNG state. */
  snapshot(): Snapshot;
  restore(snapshot: Snapshot): void;
  dispose(): void;
}

/** What an agent is created for. */
export interface AgentSpecV1 {
  readonly stateSize: number;
  readonly actionSize: number;
  readonly actionLow?: ArrayLike<number>;
  readonly actionHigh?: ArrayLike<number>;
  readonly seed: number;
}

/** Creates an agent for a state / action shape. */
export type AgentFactoryV1 = (spec: AgentSpecV1) => AgentV1;

/**
 * Optional capabilities of an agent that acts for many entities at once (one small
 * state per user or item, as CIESS does). Backward compatible: an {@link AgentV1} may
 * implement these members or not; check with {@link isBatchedAgent}. States and
 * actions are row-major: `count x stateSize` and `count x actionSize`.
 */
export interface BatchedAgentV1 extends AgentV1 {
  /** {@link AgentV1.act} for `states.length / stateSize` states at once; exploration noise is drawn per row. */
  actBatch(states: Float32Array, options: { explore: boolean }): Float32Array;
  /** The critic's value estimate Q(s, a) of every (state, action) row, e.g. to choose between candidate actions. */
  criticValues(states: Float32Array, actions: Float32Array): Float32Array;
}

/** True when `agent` implements the batched members of {@link BatchedAgentV1}. */
export function isBatchedAgent(agent: AgentV1): agent is BatchedAgentV1 {
  const a = agent as Partial<BatchedAgentV1>;
  return typeof a.actBatch === 'function' && typeof a.criticValues === 'function';
}
