import { createRng } from '@scall/rng';
import { describe, expect, it } from 'vitest';
import { ReplayBuffer } from '../src/index.js';

const transition = (k: number) => ({
  state: Float32Array.of(k, -k),
  action: Float32Array.of(k / 100),
  reward: k,
  nextState: Float32Array.of(k + 1, -k - 1),
  done: k % 2 === 0,
});

describe('ReplayBuffer', () => {
  it('keeps the newest transitions in order and drops the oldest beyond its capacity', () => {
    const buffer = new ReplayBuffer(2, 1, 4);
    for (let k = 0; k < 7; k++) buffer.push(transition(k));
    expect(buffer.length).toBe(4);
    expect([0, 1, 2, 3].map((i) => buffer.at(i).reward)).toEqual([3, 4, 5, 6]);
    expect(Array.from(buffer.at(0).nextState)).toEqual([4, -4]);
  });

  it('copies what it stores', () => {
    const buffer = new ReplayBuffer(2, 1, 4);
    const t = transition(1);
    buffer.push(t);
    t.state[0] = 99;
    expect(buffer.at(0).state[0]).toBe(1);
  });

  it('samples index i (oldest first) with probability proportional to i + 1', () => {
    const n = 10;
    const buffer = new ReplayBuffer(2, 1, 100);
    for (let k = 0; k < n; k++) buffer.push(transition(k));
    const rng = createRng(1);
    const counts = new Array<number>(n).fill(0);
    const draws = 55_000;
    for (let d = 0; d < draws; d++) counts[buffer.sampleIndex(rng)]++;
    const total = (n * (n + 1)) / 2;
    counts.forEach((c, i) => {
      const expected = (draws * (i + 1)) / total;
      // about 5 standard deviations of a binomial count
      expect(Math.abs(c - expected)).toBeLessThan(5 * Math.sqrt(expected) + 1);
    });
  });

  it('samples uniformly when asked', () => {
    const buffer = new ReplayBuffer(2, 1, 100, 'uniform');
    for (let k = 0; k < 4; k++) buffer.push(transition(k));
    const rng = createRng(2);
    const counts = [0, 0, 0, 0];
    for (let d = 0; d < 8000; d++) counts[buffer.sampleIndex(rng)]++;
    for (const c of counts) expect(Math.abs(c - 2000)).toBeLessThan(250);
  });

  it('lays a batch out row-major with rewards and done flags', () => {
    const buffer = new ReplayBuffer(2, 1, 10);
    buffer.push(transition(4));
    const batch = buffer.sample(3, createRng(3));
    expect(Array.from(batch.states)).toEqual([4, -4, 4, -4, 4, -4]);
    expect(Array.from(batch.nextStates)).toEqual([5, -5, 5, -5, 5, -5]);
    expect(Array.from(batch.rewards)).toEqual([4, 4, 4]);
    expect(Array.from(batch.dones)).toEqual([1, 1, 1]);
    expect(Array.from(batch.actions)).toEqual([0.04, 0.04, 0.04].map(Math.fround));
  });

  it('round-trips through snapshot arrays, oldest first', () => {
    const buffer = new ReplayBuffer(2, 1, 3);
    for (let k = 0; k < 5; k++) buffer.push(transition(k));
    const copy = new ReplayBuffer(2, 1, 3);
    copy.fromArrays(buffer.toArrays());
    expect([0, 1, 2].map((i) => copy.at(i))).toEqual([0, 1, 2].map((i) => buffer.at(i)));
  });

  it('names the field at fault on a malformed transition or snapshot', () => {
    const buffer = new ReplayBuffer(2, 1, 3);
    expect(() => buffer.push({ ...transition(0), state: Float32Array.of(1) })).toThrow(/state must have length 2 \(got 1\)/);
    expect(() => buffer.push({ ...transition(0), action: Float32Array.of(Number.NaN) })).toThrow(/action\[0\] is not finite/);
    expect(() => buffer.push({ ...transition(0), reward: Number.POSITIVE_INFINITY })).toThrow(/reward must be finite/);
    expect(() => buffer.sample(1, createRng(1))).toThrow(/empty/);
    const arrays = new ReplayBuffer(2, 1, 3);
    arrays.push(transition(1));
    const { 'replay.states': _states, ...rest } = arrays.toArrays();
    expect(() => buffer.fromArrays(rest)).toThrow(/"replay.states" is missing/);
  });
});
