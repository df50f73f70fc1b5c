import type { Rng, SnapshotArray, Transition } from '@scall/spec';

/** How a {@link ReplayBuffer} picks transitions for a gradient update. */
export type ReplaySampling = 'recency' | 'uniform';

/** A batch of transitions laid out row-major for the networks. */
export interface TransitionBatch {
  readonly size: number;
  /** `size x stateSize`. */
  readonly states: Float32Array;
  /** `size x actionSize`, as stored. */
  readonly actions: Float32Array;
  readonly rewards: Float32Array;
  /** `size x stateSize`. */
  readonly nextStates: Float32Array;
  /** 1 where the episode ended, else 0. */
  readonly dones: Float32Array;
}

/**
 * A bounded FIFO of transitions in flat typed arrays (a per-entity searcher stores
 * thousands per environment step), growing by doubling up to `capacity`; the oldest is
 * dropped beyond it. Draws are with replacement and use the caller's {@link Rng}:
 * `recency` is the SCALL reference's rule (with transitions indexed oldest first, index
 * `i` is drawn with probability proportional to `i + 1`), `uniform` gives every stored
 * transition the same chance. Snapshots are the arrays `replay.*`, oldest first.
 *
 * @example
 * const buffer = new ReplayBuffer(2, 1, 1000, 'uniform');
 * buffer.push({ state: Float32Array.of(0, 1), action: Float32Array.of(0.5), reward: 1, nextState: Float32Array.of(1, 1), done: false });
 * const batch = buffer.sample(8, createRng(1)); // 8 rows, drawn with replacement
 */
export class ReplayBuffer {
  private states = new Float32Array(0);
  private actions = new Float32Array(0);
  private rewards = new Float64Array(0);
  private nextStates = new Float32Array(0);
  private dones = new Uint8Array(0);
  /** Slots allocated so far; grows by doubling up to `capacity`. */
  private allocated = 0;
  /** Next slot to write. */
  private cursor = 0;
  private count = 0;

  constructor(
    readonly stateSize: number,
    readonly actionSize: number,
    readonly capacity: number,
    readonly sampling: ReplaySampling = 'recency',
    /** Names the owner in error messages, e.g. `"TD3"`. */
    readonly owner = 'replay buffer',
  ) {
    if (!(Number.isInteger(capacity) && capacity > 0)) throw new RangeError(`${owner}: replay capacity must be a positive integer (got ${capacity})`);
  }

  /** Number of stored transitions. */
  get length(): number {
    return this.count;
  }

  /** Checks and copies a transition in, dropping the oldest one when full. */
  push(transition: Transition): void {
    const { state, action, reward, nextState, done } = transition;
    this.check('state', state, this.stateSize);
    this.check('nextState', nextState, this.stateSize);
    this.check('action', action, this.actionSize);
    if (!Number.isFinite(reward)) throw new RangeError(`${this.owner} observe: transition reward must be finite (got ${reward})`);
    const S = this.stateSize;
    const slot = this.cursor;
    this.reserve(slot + 1);
    this.states.set(state, slot * S);
    this.nextStates.set(nextState, slot * S);
    this.actions.set(action, slot * this.actionSize);
    this.rewards[slot] = reward;
    this.dones[slot] = done ? 1 : 0;
    this.cursor = (slot + 1) % this.capacity;
    this.count = Math.min(this.capacity, this.count + 1);
  }

  /** A copy of the transition at chronological index `i` (0 = oldest). */
  at(i: number): Transition {
    if (!(Number.isInteger(i) && i >= 0 && i < this.count)) throw new RangeError(`${this.owner}: index ${i} is outside the ${this.count} stored transitions`);
    const s = this.slot(i);
    const S = this.stateSize;
    const A = this.actionSize;
    return {
      state: this.states.slice(s * S, (s + 1) * S),
      action: this.actions.slice(s * A, (s + 1) * A),
      reward: this.rewards[s],
      nextState: this.nextStates.slice(s * S, (s + 1) * S),
      done: this.dones[s] !== 0,
    };
  }

  /** Draws one chronological index following the sampling rule. */
  sampleIndex(rng: Rng): number {
    const n = this.count;
    if (this.sampling === 'uniform') return rng.nextInt(n);
    // P(i) = (i + 1) / (n (n + 1) / 2); invert the cumulative sum k (k + 1) / 2, k = i + 1.
    const u = rng.next() * ((n * (n + 1)) / 2);
    let k = Math.floor((Math.sqrt(8 * u + 1) - 1) / 2) + 1;
    if ((k * (k + 1)) / 2 <= u) k += 1; // guard against rounding at the boundaries
    else if (k > 1 && ((k - 1) * k) / 2 > u) k -= 1;
    return Math.min(n, Math.max(1, k)) - 1;
  }

  /** Draws a batch of `size` transitions (with replacement). The buffer must not be empty. */
  sample(size: number, rng: Rng): TransitionBatch {
    if (this.count === 0) throw new Error(`${this.owner}: cannot sample, the buffer is empty`);
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
      const s = this.slot(this.sampleIndex(rng));
      batch.states.set(this.states.subarray(s * S, (s + 1) * S), b * S);
      batch.nextStates.set(this.nextStates.subarray(s * S, (s + 1) * S), b * S);
      batch.actions.set(this.actions.subarray(s * A, (s + 1) * A), b * A);
      batch.rewards[b] = this.rewards[s];
      batch.dones[b] = this.dones[s];
    }
    return batch;
  }

  /** The whole buffer, oldest first, as snapshot arrays. */
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

  /** Replaces the contents with arrays written by {@link ReplayBuffer.toArrays}; checks every length first. */
  fromArrays(arrays: Record<string, SnapshotArray | undefined>): void {
    const rewards = arrays['replay.rewards'];
    if (!rewards) throw new Error(`${this.owner} restore: snapshot array "replay.rewards" is missing`);
    const n = rewards.length;
    if (n > this.capacity) throw new Error(`${this.owner} restore: the snapshot's replay buffer holds ${n} transitions, more than replayCapacity ${this.capacity}`);
    const need = (name: string, length: number): SnapshotArray => {
      const a = arrays[name];
      if (!a) throw new Error(`${this.owner} restore: snapshot array "${name}" is missing`);
      if (a.length !== length) throw new Error(`${this.owner} restore: snapshot array "${name}" has length ${a.length}, expected ${length}`);
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
    for (let i = 0; i < n; i++) this.dones[i] = dones[i] !== 0 ? 1 : 0;
    this.count = n;
    this.cursor = n % this.capacity;
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

  /** Slot of the transition at chronological index `i` (0 = oldest). */
  private slot(i: number): number {
    return this.count < this.capacity ? i : (this.cursor + i) % this.capacity;
  }

  private check(field: string, values: ArrayLike<number> | undefined, size: number): void {
    if (!values || values.length !== size) {
      throw new RangeError(`${this.owner} observe: transition ${field} must have length ${size} (got ${values ? values.length : String(values)})`);
    }
    for (let i = 0; i < size; i++) {
      if (!Number.isFinite(values[i])) throw new RangeError(`${this.owner} observe: transition ${field}[${i}] is not finite (${values[i]})`);
    }
  }
}
