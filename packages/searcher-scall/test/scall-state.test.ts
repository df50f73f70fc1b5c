import { describe, expect, it } from 'vitest';
import { buildState, poolFrequencies, policyConverged, scallReward, stateSize, uniformPlan } from '../src/index.js';

describe('SCALL state', () => {
  it('has length 2G + 2 + 2 MAX + 2 = 1028 for G = MAX = 256', () => {
    expect(stateSize(256, 256)).toBe(1028);
    const state = buildState({ userFrequencies: [1, 2], itemFrequencies: [3], lastReward: 0.5, embeddings: undefined, userSpread: 1, itemSpread: 2, groups: 256, maxSize: 256 });
    expect(state.length).toBe(1028);
    expect(state[512]).toBe(0.5); // last reward
    expect(state[513]).toBeCloseTo(2 / 3); // user share
    expect(state[1026]).toBe(1);
    expect(state[1027]).toBe(2);
  });

  it('sorts, min-max normalises and mean-pools frequencies into contiguous runs', () => {
    const out = new Float32Array(3);
    // sorted: 9 7 5 3 1 -> normalised 1 .75 .5 .25 0 -> runs of ceil(5/3)=2: [1,.75] [.5,.25] [0]
    poolFrequencies([5, 1, 9, 3, 7], 3, out, 0);
    expect(Array.from(out)).toEqual([0.875, 0.375, 0]);
    const few = new Float32Array(4);
    poolFrequencies([2, 4], 4, few, 0); // fewer entities than groups: zero-padded
    expect(Array.from(few)).toEqual([1, 0, 0, 0]);
  });

  it('writes mean embeddings zero-padded to MAX', () => {
    const ragged = (sizes: number[], values: number[]) => {
      const offsets = new Float64Array(sizes.length + 1);
      sizes.forEach((s, i) => (offsets[i + 1] = offsets[i] + s));
      return { sizes: Int32Array.from(sizes), offsets, values: Float32Array.from(values) };
    };
    const state = buildState({
      userFrequencies: [1, 1],
      itemFrequencies: [1],
      lastReward: 0,
      embeddings: { users: ragged([2, 1], [1, 2, 3]), items: ragged([1], [5]) },
      userSpread: 0,
      itemSpread: 0,
      groups: 2,
      maxSize: 3,
    });
    // users: ([1,2,0] + [3,0,0]) / 2 = [2, 1, 0]; items: [5, 0, 0]
    expect(Array.from(state.subarray(6, 9))).toEqual([2, 1, 0]);
    expect(Array.from(state.subarray(9, 12))).toEqual([5, 0, 0]);
  });
});

describe('reward and convergence', () => {
  it('rescales fitness relative to the reference onto [0, 10] over (low, high)', () => {
    expect(scallReward(0.9, 1, [0.9, 1.1])).toBeCloseTo(0);
    expect(scallReward(1.1, 1, [0.9, 1.1])).toBeCloseTo(10);
    expect(scallReward(0.2, 0.2, [0.7, 1.2])).toBeCloseTo(6);
  });
  it('needs the minimum steps and a stable window', () => {
    expect(policyConverged([0.5, 0.5, 0.5, 0.5, 0.5], 10, 5, 0.01)).toBe(false);
    expect(policyConverged(Array(10).fill(0.5), 10, 5, 0.01)).toBe(true);
    expect(policyConverged([...Array(9).fill(0.5), 0.52], 10, 5, 0.01)).toBe(false);
  });
  it('plans uniform sizes for the warm-up and names a budget below MIN', () => {
    const plan = uniformPlan(3, 2, 100, 1, 16);
    expect(Array.from(plan.userSizes)).toEqual([16, 16, 16]);
    expect(uniformPlan(3, 2, 12, 1, 16).itemSizes[0]).toBe(2);
    expect(() => uniformPlan(3, 2, 4, 1, 16)).toThrow(/short by 1/);
  });
});
