import type { Rng, SnapshotArray, Transition } from '@scall/spec';

/** A batch of transitions, row-major, actions normalised to [-1, 1]. */
export interface ReplayBatch {
  readonly size: number;
  /** `size x stateSize`. */
  readonly states: Float32Array;
  /** `size x actionSize`, normalised. */
  readonly actions: Float32Array;
  readonly rewards: Float32Array;
  /** `size x stateSize`. */
  readonly nextStates: Float32Array;
  /** 1 where the episode ended, else 0. */
  readonly dones: Float32Array;
}

/**
 * A bounded FIFO of transitions in flat typed arrays (a per-entity searcher stores
 * thousands per environment step), sampled uniformly with replacement. Actions are
 * stored as given (already normalised by the agent).
 */
export class ReplayMemory {
  private states: Float32Array;
  private actions: Float32Array;
  private rewards: Float64Array;
  private nextStates: Float32Array;
  private dones: Uint8Array;
  /** Slots allocated so far; grows by doubling up to `capacity`. */
  private allocated: number;
  /** Next slot to write. */
  private cursor = 0;
  private count = 0;

  constructor(
    readonly stateSize: number,
    readonly actionSize: number,
    readonly capacity: number,
  ) {
    this.allocated = 0;
    this.states = new Float32Array(0);
    this.actions = new Float32Array(0);
    this.rewards = new Float64Array(0);
    this.nextStates = new Float32Array(0);
    this.dones = new Uint8Array(0);
  }

  /** Makes room for `slots` slots (at most `capacity`), keeping the contents. */
  private reserve(slots: number): void {
    if (slots <= this.allocated) return;
    const next = Math.min(this.capacity, Math.max(slots, 2 * this.allocated, 1024));
    const grow = <T extends Float32Array | Float64Array | Uint8Array>(old: T, make: (n: number) => T, width: number): T => {
      const out = make(next * width);
      out.set(old);
      return out;
    };
    this.states = grow(this.states, (n) => new Float32Array(n), this.stateSize);
    this.nextStates = grow(this.nextStates, (n) => new Float32Array(n), this.stateSize);
    this.actions = grow(this.actions, (n) => new Float32Array(n), this.actionSize);
    this.rewards = grow(this.rewards, (n) => new Float64Array(n), 1);
    this.dones = grow(this.dones, (n) => new Uint8Array(n), 1);
    this.allocated = next;
  }

  /** Stored transitions. */
  get length(): number {
    return this.count;
  }

  /** Stores a transition whose action is already normalised; drops the oldest when full. */
  push(transition: Transition, normalisedAction: Float32Array): void {
    const S = this.stateSize;
    const slot = this.cursor;
    this.reserve(slot + 1);
    this.states.set(transition.state, slot * S);
    this.nextStates.set(transition.nextState, slot * S);
    this.actions.set(normalisedAction, slot * this.actionSize);
    this.rewards[slot] = transition.reward;
    this.dones[slot] = transition.done ? 1 : 0;
    this.cursor = (slot + 1) % this.capacity;
    this.count = Math.min(this.capacity, this.count + 1);
  }

  /** Slot of the transition at chronological index `i` (0 = oldest). */
  private slot(i: number): number {
    return this.count < this.capacity ? i : (this.cursor + i) % this.capacity;
  }

  /** `size` transitions drawn uniformly with replacement. The memory must not be empty. */
  sample(size: number, rng: Rng): ReplayBatch {
    if (this.count === 0) throw new Error('ReplayMemory.sample: the memory is empty');
    const S = this.stateSize;
    const A = this.actionSize;
    const batch = {
      size,
      states: new Float32Array(size * S),
      actions: new Float32Array(size * A),
      rewards: new Float32Array(size),
      nextStates: new Float32Array(size * S),
      dones: new Float32Array(size),
    };
    for (let b = 0; b < size; b++) {
      const s = this.slot(rng.nextInt(this.count));
      batch.states.set(this.states.subarray(s * S, (s + 1) * S), b * S);
      batch.nextStates.set(this.nextStates.subarray(s * S, (s + 1) * S), b * S);
      batch.actions.set(this.actions.subarray(s * A, (s + 1) * A), b * A);
      batch.rewards[b] = this.rewards[s];
      batch.dones[b] = this.dones[s];
    }
    return batch;
  }

  /** The contents, oldest first, as snapshot arrays. */
  toArrays(): Record<string, SnapshotArray> {
    const n = this.count;
    const S = this.stateSize;
    const A = this.actionSize;
    const out = {
      'replay.states': new Float32Array(n * S),
      'replay.actions': new Float32Array(n * A),
      'replay.rewards': new Float64Array(n),
      'replay.nextStates': new Float32Array(n * S),
      'replay.dones': new Uint8Array(n),
    };
    for (let i = 0; i < n; i++) {
      const s = this.slot(i);
      out['replay.states'].set(this.states.subarray(s * S, (s + 1) * S), i * S);
      out['replay.nextStates'].set(this.nextStates.subarray(s * S, (s + 1) * S), i * S);
      out['replay.actions'].set(this.actions.subarray(s * A, (s + 1) * A), i * A);
      out['replay.rewards'][i] = this.rewards[s];
      out['replay.dones'][i] = this.dones[s];
    }
    return out;
  }

  /** Replaces the contents with arrays written by {@link ReplayMemory.toArrays}; checks every length first. */
  fromArrays(arrays: Record<string, SnapshotArray | undefined>): void {
    const rewards = arrays['replay.rewards'];
    if (!rewards) throw new Error('TD3 restore: snapshot array "replay.rewards" is missing');
    const n = rewards.length;
    if (n > this.capacity) throw new Error(`TD3 restore: the snapshot's replay memory holds ${n} transitions, more than replayCapacity ${this.capacity}`);
    const need = (name: string, length: number): SnapshotArray => {
      const a = arrays[name];
      if (!a) throw new Error(`TD3 restore: snapshot array "${name}" is missing`);
      if (a.length !== length) throw new Error(`TD3 restore: snapshot array "${name}" has length ${a.length}, expected ${length}`);
      return a;
    };
    const states = need('replay.states', n * this.stateSize);
    const actions = need('replay.actions', n * this.actionSize);
    const nextStates = need('replay.nextStates', n * this.stateSize);
    const dones = need('replay.dones', n);
    this.reserve(n);
    this.states.set(states);
    this.actions.set(actions);
    this.nextStates.set(nextStates);
    this.rewards.set(rewards);
    this.dones.set(dones);
    this.count = n;
    this.cursor = n % this.capacity;
  }
}
