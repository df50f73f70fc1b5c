import type { Rng, SnapshotArray, Transition } from '@scall/spec';
import type { ReplaySampling } from './sac-options.js';

/** A batch of transitions laid out row-major for the networks. */
export interface TransitionBatch {
  readonly size: number;
  /** `size x stateSize`. */
  readonly states: Float32Array;
  /** `size x actionSize`. */
  readonly actions: Float32Array;
  readonly rewards: Float32Array;
  /** `size x stateSize`. */
  readonly nextStates: Float32Array;
  /** 1 where the episode ended, else 0. */
  readonly dones: Float32Array;
}

/**
 * A bounded FIFO of transitions with the SCALL reference's recency-weighted sampling:
 * with transitions indexed oldest first, index `i` is drawn with probability
 * proportional to `i + 1`. Draws are with replacement and use the caller's {@link Rng}.
 */
export class ReplayBuffer {
  private readonly items: Transition[] = [];
  /** Position of the oldest transition in `items` once the buffer is full. */
  private head = 0;

  constructor(
    readonly stateSize: number,
    readonly actionSize: number,
    readonly capacity: number,
    readonly sampling: ReplaySampling = 'recency',
  ) {}

  /** Number of stored transitions. */
  get length(): number {
    return this.items.length;
  }

  /** Copies and stores a transition, dropping the oldest one when full. */
  push(transition: Transition): void {
    const { state, action, reward, nextState, done } = transition;
    check('state', state, this.stateSize);
    check('nextState', nextState, this.stateSize);
    check('action', action, this.actionSize);
    if (!Number.isFinite(reward)) throw new RangeError(`observe: transition reward must be finite (got ${reward})`);
    const copy: Transition = {
      state: Float32Array.from(state),
      action: Float32Array.from(action),
      reward,
      nextState: Float32Array.from(nextState),
      done: Boolean(done),
    };
    if (this.items.length < this.capacity) {
      this.items.push(copy);
    } else {
      this.items[this.head] = copy;
      this.head = (this.head + 1) % this.capacity;
    }
  }

  /** The transition at chronological index `i` (0 = oldest). */
  at(i: number): Transition {
    return this.items[(this.head + i) % this.items.length];
  }

  /** Draws one chronological index following the sampling rule. */
  sampleIndex(rng: Rng): number {
    const n = this.items.length;
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
    if (this.items.length === 0) throw new Error('ReplayBuffer.sample: the buffer is empty');
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
      const t = this.at(this.sampleIndex(rng));
      batch.states.set(t.state, b * S);
      batch.actions.set(t.action, b * A);
      batch.rewards[b] = t.reward;
      batch.nextStates.set(t.nextState, b * S);
      batch.dones[b] = t.done ? 1 : 0;
    }
    return batch;
  }

  /** The whole buffer, oldest first, as snapshot arrays. */
  toArrays(): Record<string, SnapshotArray> {
    const n = this.items.length;
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
      const t = this.at(i);
      out['replay.states'].set(t.state, i * S);
      out['replay.actions'].set(t.action, i * A);
      out['replay.rewards'][i] = t.reward;
      out['replay.nextStates'].set(t.nextState, i * S);
      out['replay.dones'][i] = t.done ? 1 : 0;
    }
    return out;
  }

  /** Replaces the contents with arrays written by {@link ReplayBuffer.toArrays}. */
  fromArrays(arrays: Record<string, SnapshotArray | undefined>): void {
    const rewards = arrays['replay.rewards'];
    if (!rewards) throw new Error('SAC snapshot: array "replay.rewards" is missing');
    const n = rewards.length;
    if (n > this.capacity) throw new Error(`SAC snapshot: replay buffer holds ${n} transitions, more than replayCapacity ${this.capacity}`);
    const S = this.stateSize;
    const A = this.actionSize;
    const states = expectArray(arrays, 'replay.states', n * S);
    const actions = expectArray(arrays, 'replay.actions', n * A);
    const nextStates = expectArray(arrays, 'replay.nextStates', n * S);
    const dones = expectArray(arrays, 'replay.dones', n);
    this.items.length = 0;
    this.head = 0;
    for (let i = 0; i < n; i++) {
      this.items.push({
        state: Float32Array.from(states.subarray(i * S, (i + 1) * S)),
        action: Float32Array.from(actions.subarray(i * A, (i + 1) * A)),
        reward: rewards[i],
        nextState: Float32Array.from(nextStates.subarray(i * S, (i + 1) * S)),
        done: dones[i] !== 0,
      });
    }
  }
}

function check(field: string, values: ArrayLike<number> | undefined, size: number): void {
  if (!values || values.length !== size) {
    throw new RangeError(`observe: transition ${field} must have length ${size} (got ${values ? values.length : String(values)})`);
  }
  for (let i = 0; i < size; i++) {
    if (!Number.isFinite(values[i])) throw new RangeError(`observe: transition ${field}[${i}] is not finite (${values[i]})`);
  }
}

function expectArray(arrays: Record<string, SnapshotArray | undefined>, name: string, length: number): SnapshotArray {
  const a = arrays[name];
  if (!a) throw new Error(`SAC snapshot: array "${name}" is missing`);
  if (a.length !== length) throw new Error(`SAC snapshot: array "${name}" has length ${a.length}, expected ${length}`);
  return a;
}
