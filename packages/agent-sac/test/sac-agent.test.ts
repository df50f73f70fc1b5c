import { initTf } from '@scall/tf-runtime';
import type { TfRuntime } from '@scall/tf-runtime';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { createPlugin, registerPlugins } from '@scall/plugin-utils';
import { ReplayBuffer, SAC_DEFAULTS, createSac, scallPlugins } from '../src/index.js';

let tf: TfRuntime['tf'];
beforeAll(async () => {
  ({ tf } = await initTf({ backends: ['wasm'] }));
});

const small = { actorHiddenSizes: [16, 16], criticHiddenSizes: [16, 16] };

function banditStep(agent: ReturnType<ReturnType<typeof createSac>>, state: Float32Array, best: number[]) {
  const action = agent.act(state, { explore: true });
  let reward = 0;
  action.forEach((x, i) => (reward -= 10 * (x - best[i]) ** 2));
  agent.observe({ state, action, reward, nextState: state, done: true });
  return agent.update();
}

describe('SAC agent', () => {
  it('uses the protocol defaults', () => {
    expect(SAC_DEFAULTS).toMatchObject({
      actorHiddenSizes: [512, 512],
      criticHiddenSizes: [512, 512],
      logStdMin: -20,
      logStdMax: 2,
      actorLearningRate: 2e-4,
      actorWeightDecay: 1e-4,
      actorGradClipNorm: 1,
      criticLearningRate: 3e-4,
      criticWeightDecay: 1e-4,
      tau: 0.005,
      gamma: 0.99,
      temperature: 0.2,
      learnTemperature: false,
      replayCapacity: 10_000,
      replaySampling: 'recency',
      batchSize: 8,
      smallBatchSize: 1,
      smallBufferLimit: 12,
      updatesPerStep: 3,
    });
    const agent = createSac()({ stateSize: 1028, actionSize: 3, actionLow: [0, 0, 0], actionHigh: [1, 1, 1], seed: 1 });
    const { arrays, meta } = agent.snapshot();
    expect(arrays['actor.trunk.0.kernel'].length).toBe(1028 * 512);
    expect(arrays['actor.trunk.1.kernel'].length).toBe(512 * 512);
    expect(arrays['actor.mean.0.kernel'].length).toBe(512 * 3);
    expect(arrays['actor.logStd.0.kernel'].length).toBe(512 * 3);
    expect(arrays['critic1.0.kernel.state'].length).toBe(1028 * 512);
    expect(arrays['critic1.0.kernel.action'].length).toBe(3 * 512);
    // The critic's first layer is one Xavier layer over the concatenated (state, action).
    const criticLimit = Math.sqrt(6 / (1031 + 512));
    expect(Math.max(...arrays['critic1.0.kernel.action'].map(Math.abs))).toBeLessThanOrEqual(criticLimit);
    expect(arrays['critic2.2.kernel'].length).toBe(512);
    expect(arrays['target1.0.kernel.state']).toEqual(arrays['critic1.0.kernel.state']);
    expect(arrays['critic1.0.bias'].every((x) => x === 0)).toBe(true);
    // Xavier-uniform: |w| <= sqrt(6 / (fan_in + fan_out)), variance limit^2 / 3.
    const limit = Math.sqrt(6 / (1028 + 512));
    const w = arrays['actor.trunk.0.kernel'];
    let sq = 0;
    let largest = 0;
    for (const x of w) {
      largest = Math.max(largest, Math.abs(x));
      sq += x * x;
    }
    expect(largest).toBeLessThanOrEqual(limit);
    expect(largest).toBeGreaterThan(0.99 * limit);
    expect(sq / w.length).toBeCloseTo((limit * limit) / 3, 5);
    expect(meta).toMatchObject({ stateSize: 1028, actionSize: 3, actionLow: [0, 0, 0], actionHigh: [1, 1, 1] });
    const action = agent.act(new Float32Array(1028).fill(0.5), { explore: true });
    expect(action.every((x) => x >= 0 && x <= 1)).toBe(true);
    expect(agent.temperature).toBeCloseTo(0.2, 6);
    agent.dispose();
  });

  it('learns a continuous bandit: the exploit action ends near the best action', () => {
    const best = [0.3, 0.8];
    const options = { ...small, actorLearningRate: 3e-3, criticLearningRate: 1e-2, learnTemperature: true, temperatureLearningRate: 3e-2, batchSize: 16 };
    for (const seed of [1, 2]) {
      const agent = createSac(options)({ stateSize: 4, actionSize: 2, actionLow: [0, 0], actionHigh: [1, 1], seed });
      const state = Float32Array.of(1, 0.5, -0.3, 0.2);
      const distance = () => Math.hypot(...Array.from(agent.act(state, { explore: false }), (x, i) => x - best[i]));
      const before = distance();
      for (let t = 0; t < 200; t++) banditStep(agent, state, best);
      expect(before).toBeGreaterThan(0.3);
      expect(distance()).toBeLessThan(0.06);
      agent.dispose();
    }
  });

  it('samples batches of 1 while the buffer holds at most 12 transitions, then of 8, 3 times per step', () => {
    const sample = vi.spyOn(ReplayBuffer.prototype, 'sample');
    const agent = createSac(small)({ stateSize: 3, actionSize: 1, seed: 5 });
    const state = Float32Array.of(1, 0, -1);
    const sizes: number[][] = [];
    for (let t = 0; t < 14; t++) {
      sample.mockClear();
      expect(banditStep(agent, state, [0.5]).updates).toBe(3);
      sizes.push(sample.mock.calls.map((call) => call[0]));
    }
    sample.mockRestore();
    expect(sizes.slice(0, 12)).toEqual(Array.from({ length: 12 }, () => [1, 1, 1]));
    expect(sizes.slice(12)).toEqual([
      [8, 8, 8],
      [8, 8, 8],
    ]);
    expect(agent.updates).toBe(42);
    agent.dispose();
  });

  it('moves the target critics by Polyak averaging with rate tau', () => {
    const tau = 0.25;
    const agent = createSac({ ...small, tau, updatesPerStep: 1 })({ stateSize: 3, actionSize: 2, seed: 2 });
    const state = Float32Array.of(0.1, 0.2, 0.3);
    agent.observe({ state, action: Float32Array.of(0.5, 0.5), reward: 1, nextState: state, done: false });
    const before = agent.snapshot().arrays;
    agent.update();
    const after = agent.snapshot().arrays;
    for (const name of ['0.kernel.state', '0.kernel.action', '1.bias', '2.kernel']) {
      const critic = after[`critic1.${name}`];
      expect(critic).not.toEqual(before[`critic1.${name}`]);
      after[`target1.${name}`].forEach((x, i) => {
        expect(x).toBeCloseTo(tau * critic[i] + (1 - tau) * before[`target1.${name}`][i], 5);
      });
    }
    agent.dispose();
  });

  it('keeps the temperature fixed unless asked to learn it', () => {
    const state = Float32Array.of(0, 1, 0);
    const run = (learnTemperature: boolean) => {
      const agent = createSac({ ...small, learnTemperature, temperatureLearningRate: 0.05 })({ stateSize: 3, actionSize: 1, seed: 3 });
      for (let t = 0; t < 5; t++) banditStep(agent, state, [0.5]);
      const report = agent.update();
      agent.dispose();
      return report.temperature;
    };
    expect(run(false)).toBeCloseTo(0.2, 6);
    expect(Math.abs((run(true) ?? 0) - 0.2)).toBeGreaterThan(1e-3);
  });

  it('leaks no tensors across act and update, and dispose frees all it made', () => {
    const baseline = tf.memory().numTensors;
    const agent = createSac(small)({ stateSize: 5, actionSize: 3, actionLow: [-1, 0, 2], actionHigh: [1, 1, 4], seed: 4 });
    const afterCreate = tf.memory().numTensors;
    const state = Float32Array.of(1, 2, 3, 4, 5);
    for (let t = 0; t < 15; t++) banditStep(agent, state, [0, 0.5, 3]);
    expect(tf.memory().numTensors).toBe(afterCreate);
    agent.restore(agent.snapshot());
    expect(tf.memory().numTensors).toBe(afterCreate);
    agent.dispose();
    expect(tf.memory().numTensors).toBe(baseline);
    expect(() => agent.act(state, { explore: false })).toThrow(/act\(\) called after dispose/);
  });

  it('defaults to the bounds [-1, 1]', () => {
    const agent = createSac(small)({ stateSize: 2, actionSize: 2, seed: 1 });
    expect(Array.from(agent.actionLow)).toEqual([-1, -1]);
    expect(Array.from(agent.actionHigh)).toEqual([1, 1]);
    agent.dispose();
  });

  it('names the option, value or array at fault', () => {
    expect(() => createSac({ actorLearningRate: -1 })).toThrow(/"actorLearningRate" must be a number > 0 \(got -1\)/);
    expect(() => createSac({ batchsize: 8 } as never)).toThrow(/unknown option "batchsize"/);
    expect(() => createSac({ criticHiddenSizes: [] })).toThrow(/"criticHiddenSizes"/);
    expect(() => createSac({ tau: 2 })).toThrow(/"tau" must be in \(0, 1\]/);
    const factory = createSac(small);
    expect(() => factory({ stateSize: 0, actionSize: 1, seed: 1 })).toThrow(/stateSize must be a positive integer \(got 0\)/);
    expect(() => factory({ stateSize: 2, actionSize: 2, actionLow: [0], seed: 1 })).toThrow(/actionLow must have length actionSize = 2 \(got 1\)/);
    expect(() => factory({ stateSize: 2, actionSize: 1, actionLow: [1], actionHigh: [1], seed: 1 })).toThrow(/actionLow\[0\] = 1 must be below actionHigh\[0\] = 1/);
    const agent = factory({ stateSize: 2, actionSize: 1, seed: 1 });
    expect(() => agent.act(Float32Array.of(1), { explore: true })).toThrow(/state must have length 2 \(got 1\)/);
    const other = createSac({ actorHiddenSizes: [8], criticHiddenSizes: [16, 16] })({ stateSize: 2, actionSize: 1, seed: 1 });
    expect(() => agent.restore(other.snapshot())).toThrow(/"actor.trunk.0.kernel" has length 16, expected 32/);
    const wide = createSac(small)({ stateSize: 3, actionSize: 1, seed: 1 });
    expect(() => agent.restore(wide.snapshot())).toThrow(/stateSize is 3, this agent has 2/);
    for (const a of [agent, other, wide]) a.dispose();
  });

  it('exports its manifest: the "sac" agent plug-in, options checked when it is created', () => {
    expect(registerPlugins(scallPlugins)).toEqual(['agent/sac']);
    const agent = createPlugin('agent', 'sac', { ...small })({ stateSize: 2, actionSize: 1, seed: 1 });
    expect(agent.name).toBe('sac');
    agent.dispose();
    expect(() => scallPlugins.agent.sac({ learningRat: 1 })).toThrow(/learningRat/);
  });
});
