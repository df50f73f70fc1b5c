import type { AgentSpecV1, Rng, Snapshot } from '@scall/spec';
import { resolveActionBox, type ActionBox } from './action-box.js';
import { restoreAgent, snapshotAgent, type AgentState } from './agent-snapshot.js';

/** What {@link ActorCriticAgent.adopt} receives from a restored snapshot. */
export interface RestoredAgent {
  /** The counters named in {@link AgentState.counters}, as the snapshot held them. */
  readonly counters: { readonly [name: string]: number };
  /** The generators named in {@link AgentState.rngs}, restored. */
  readonly rngs: { readonly [name: string]: Rng };
}

/**
 * The shell an actor-critic agent (`AgentV1`) shares with the others: the checked
 * state size and action box, `snapshot()` / `restore()` through {@link snapshotAgent} /
 * {@link restoreAgent}, and a `dispose()` after which every method refuses to run. An
 * agent supplies its networks' part: {@link ActorCriticAgent.state} (what a snapshot
 * holds), {@link ActorCriticAgent.adopt} (take back counters and generators after a
 * restore) and {@link ActorCriticAgent.release} (free its tensors).
 *
 * @example
 * class MyAgent extends ActorCriticAgent implements AgentV1 {
 *   readonly name = 'mine';
 *   constructor(spec: AgentSpecV1) { super('Mine', spec); ... }
 *   protected override state(): AgentState { ... }
 *   protected override adopt({ counters, rngs }: RestoredAgent): void { ... }
 *   protected override release(): void { ... }
 *   act(...) { this.assertLive('act'); ... }
 * }
 */
export abstract class ActorCriticAgent {
  readonly specificationVersion = 'v1' as const;
  readonly stateSize: number;
  readonly actionSize: number;
  readonly actionLow: Float32Array;
  readonly actionHigh: Float32Array;
  /** The checked spec: sizes, bounds and half-ranges. */
  protected readonly box: ActionBox;
  /** `(actionHigh - actionLow) / 2` per action dimension. */
  protected readonly halfRange: Float32Array;
  private disposed = false;

  /** Checks `spec` (errors start with `<owner> agent:`). */
  protected constructor(
    /** Names the agent in errors, e.g. `"SAC"`. */
    protected readonly owner: string,
    spec: AgentSpecV1,
  ) {
    this.box = resolveActionBox(owner, spec);
    this.stateSize = this.box.stateSize;
    this.actionSize = this.box.actionSize;
    this.actionLow = this.box.actionLow;
    this.actionHigh = this.box.actionHigh;
    this.halfRange = this.box.halfRange;
  }

  /** Weights, targets, Adam moments, replay buffer, counters and RNG states. */
  snapshot(): Snapshot {
    this.assertLive('snapshot');
    return snapshotAgent(this.state());
  }

  /** Restores a snapshot of an agent of the same shape; nothing changes when it does not fit. */
  restore(snapshot: Snapshot): void {
    this.assertLive('restore');
    this.adopt(restoreAgent(this.state(), snapshot));
  }

  /** Frees the agent's tensors; a second call does nothing, any other call afterwards throws. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.release();
  }

  /** Throws when the agent has been disposed. */
  protected assertLive(method: string): void {
    if (this.disposed) throw new Error(`${this.owner} agent: ${method}() called after dispose()`);
  }

  /** What a snapshot holds. */
  protected abstract state(): AgentState;
  /** Takes back the counters and generators of a restored snapshot. */
  protected abstract adopt(restored: RestoredAgent): void;
  /** Frees the networks' variables. */
  protected abstract release(): void;
}
