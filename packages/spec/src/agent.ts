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
