import { createRng } from '@scall/rng';
import { isBatchedAgent } from '@scall/spec';
import { initTf } from '@scall/tf-runtime';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TD3_DEFAULTS, Td3Agent, createTd3, resolveTd3Options, scallPlugins } from '../src/index.js';

beforeAll(() => initTf({ backends: ['cpu'] }));

const live: Td3Agent[] = [];
afterEach(() => {
  for (const agent of live.splice(0)) agent.dispose();
});
const small = { actorHiddenSizes: [32, 32], criticHiddenSizes: [32, 32], batchSize: 64 };
function make(options = {}, seed = 5): Td3Agent {
  const agent = createTd3({ ...small, ...options })({ stateSize: 2, actionSize: 1, actionLow: [0], actionHigh: [10], seed });
  live.push(agent);
  return agent;
}

/** Toy contextual bandit on [0, 10]: the best action is 5 + 3 s0, reward -((a - a*) / 5)^2. */
const optimum = (state: ArrayLike<number>) => 5 + 3 * state[0];

describe('TD3 agent', () => {
  it('learns a toy continuous task with a known optimum within 250 steps of 8 entities', () => {
    const agent = make({ explorationNoise: 0.2 });
    const rng = createRng(6);
    const probe = Array.from({ length: 40 }, () => Float32Array.of(2 * rng.next() - 1, 2 * rng.next() - 1));
    const error = () => probe.reduce((sum, s) => sum + Math.abs(agent.act(s, { explore: false })[0] - optimum(s)), 0) / probe.length;
    const before = error();
    for (let step = 0; step < 250; step++) {
      const states = Float32Array.from({ length: 16 }, () => 2 * rng.next() - 1);
      const actions = agent.actBatch(states, { explore: true });
      for (let r = 0; r < 8; r++) {
        const state = states.subarray(2 * r, 2 * r + 2);
        const reward = -(((actions[r] - optimum(state)) / 5) ** 2);
        agent.observe({ state, action: actions.subarray(r, r + 1), reward, nextState: state, done: true });
      }
      agent.update();
    }
    const after = error();
    // The untrained actor is off by more than 1 on average; the trained one is close to the optimum.
    expect(before).toBeGreaterThan(0.8);
    expect(after).toBeLessThan(0.4);
    expect(agent.bufferLength).toBe(2000);
    expect(agent.updates).toBe(250);
  });

  it('acts in batches exactly as row by row, and its critic answers per row', () => {
    const agent = make();
    expect(isBatchedAgent(agent)).toBe(true);
    const states = Float32Array.of(0.1, -0.4, 0.9, 0.2, -1, 1);
    const batch = agent.actBatch(states, { explore: false });
    expect(batch.length).toBe(3);
    for (let r = 0; r < 3; r++) expect(agent.act(states.subarray(2 * r, 2 * r + 2), { explore: false })[0]).toBeCloseTo(batch[r], 5);
    const values = agent.criticValues(states, Float32Array.of(0, 5, 10));
    expect(values.length).toBe(3);
    expect(agent.criticValues(states.subarray(2, 4), Float32Array.of(5))[0]).toBeCloseTo(values[1], 5);
    // Exploration noise is drawn per row: identical states get different actions.
    const same = agent.actBatch(new Float32Array(8).fill(0.3), { explore: true });
    expect(new Set(Array.from(same)).size).toBeGreaterThan(1);
  });

  it('rejects bad shapes, out-of-bounds actions and bad options by name', () => {
    const agent = make();
    expect(() => agent.actBatch(new Float32Array(3), { explore: false })).toThrow(/multiple of 2/);
    expect(() => agent.criticValues(new Float32Array(4), new Float32Array(3))).toThrow(/actions must have length 2/);
    expect(() => agent.observe({ state: Float32Array.of(0, 0), action: Float32Array.of(11), reward: 0, nextState: Float32Array.of(0, 0), done: false })).toThrow(/outside \[0, 10\]/);
    expect(() => createTd3({ policyDelay: 0 })).toThrow(/policyDelay/);
    expect(() => createTd3({ policyDelay: 0 })).toThrow(expect.objectContaining({ exitCode: 2 }));
    expect(() => createTd3({ batchsize: 3 } as never)).toThrow(/unknown option "batchsize".*batchSize/);
    expect(() => make({}, Number.NaN)).toThrow(/seed/);
  });

  it('documents the CIESS defaults and registers as "td3"', () => {
    expect(resolveTd3Options()).toEqual(TD3_DEFAULTS);
    expect(TD3_DEFAULTS.actorLearningRate).toBe(1e-3);
    expect(TD3_DEFAULTS.criticLearningRate).toBe(3e-3);
    expect(TD3_DEFAULTS.explorationNoise * 63.5).toBeCloseTo(6, 10);
    const factory = scallPlugins.agent.td3({ actorHiddenSizes: [4], criticHiddenSizes: [4] });
    const agent = factory({ stateSize: 3, actionSize: 1, actionLow: [1], actionHigh: [128], seed: 1 });
    expect(agent.name).toBe('td3');
    expect(agent.options.actorHiddenSizes).toEqual([4]);
    agent.dispose();
  });
});
