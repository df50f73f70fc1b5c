import { createRng } from '@scall/rng';
import { initTf } from '@scall/tf-runtime';
import type { TfRuntime } from '@scall/tf-runtime';
import { beforeAll, describe, expect, it } from 'vitest';
import { Adam, actionBoxJson, assertSameActionBox, checkActorCriticOptions, DenseStack, nameParameters, optionsJson, Parameter } from '../src/index.js';
import { parameterArrays, prepareParameterLoad, ReplayBuffer, resolveActionBox, resolveOptions, restoreAgent, snapshotAgent, transpose, xavierUniform } from '../src/index.js';

let tf: TfRuntime['tf'];
beforeAll(async () => {
  ({ tf } = await initTf({ backends: ['wasm', 'cpu'] }));
});

describe('DenseStack initialisation and output', () => {
  it('draws torch-default kernels then biases from U(±1/sqrt(fanIn)), layer by layer', () => {
    const net = new DenseStack({ inputs: [{ name: 'x', width: 4, needsGradient: true }], widths: [3, 2], output: 'tanh', initialisation: 'torch-default' }, createRng(5));
    const rng = createRng(5);
    const draw = (n: number, fanIn: number) => Array.from({ length: n }, () => Math.fround((2 * rng.next() - 1) / Math.sqrt(fanIn)));
    const expected = [draw(12, 4), draw(3, 4), draw(6, 3), draw(2, 3)];
    expect(net.parameters.map((p) => Array.from(p.values))).toEqual(expected);
    expect(net.parameterNames).toEqual(['0.kernel', '0.bias', '1.kernel', '1.bias']);
    const y = net.apply([tf.ones([4, 5]) as never]);
    expect(y.shape).toEqual([2, 5]);
    for (const v of y.dataSync()) expect(Math.abs(v)).toBeLessThan(1);
    net.dispose();
  });

  it('gives Xavier kernels the same draws as xavierUniform, with zero biases', () => {
    const net = new DenseStack({ inputs: [{ name: 'x', width: 4, needsGradient: false }], widths: [3] }, createRng(2));
    expect(Array.from(net.parameters[0].values)).toEqual(Array.from(xavierUniform(createRng(2), 4, 3)));
    expect(Array.from(net.parameters[1].values)).toEqual([0, 0, 0]);
    net.dispose();
  });

  it('averages a target towards its source by Polyak', () => {
    const layout = { inputs: [{ name: 'x', width: 2, needsGradient: true }], widths: [2] };
    const source = new DenseStack(layout, createRng(1));
    const target = new DenseStack(layout, createRng(9));
    const before = Array.from(target.parameters[0].values);
    target.polyakFrom(source, 0.25);
    target.parameters[0].values.forEach((x, j) => expect(x).toBeCloseTo(0.25 * source.parameters[0].values[j] + 0.75 * before[j], 6));
    expect(Array.from(target.variables[0].dataSync())).toEqual(Array.from(target.parameters[0].values));
    source.dispose();
    target.dispose();
  });
});

describe('Adam clipping rules', () => {
  // A gradient whose norm sits between clipNorm - 1e-6 and clipNorm: torch scales it, above-norm does not.
  const step = (clipRule: 'torch' | 'above-norm') => {
    const p = new Parameter([1], Float32Array.of(0));
    const adam = new Adam([p], { learningRate: 1, clipNorm: 1, clipRule, beta1: 0, beta2: 0, epsilon: 0 });
    adam.apply([Float32Array.of(-1)]);
    p.dispose();
    return adam.m[0][0];
  };
  it('scales by min(1, clip / (norm + 1e-6)) under "torch" and only above the norm under "above-norm"', () => {
    expect(step('torch')).toBe(Math.fround(-1 / (1 + 1e-6)));
    expect(step('torch')).not.toBe(-1);
    expect(step('above-norm')).toBe(-1);
  });
});

describe('ReplayBuffer', () => {
  const t = (k: number) => ({ state: Float32Array.of(k), action: Float32Array.of(-k), reward: k, nextState: Float32Array.of(k + 1), done: k === 3 });

  it('wraps around at capacity and snapshots oldest first', () => {
    const buffer = new ReplayBuffer(1, 1, 3, 'uniform', 'TD3');
    for (let k = 0; k < 5; k++) buffer.push(t(k));
    expect([0, 1, 2].map((i) => buffer.at(i).reward)).toEqual([2, 3, 4]);
    const arrays = buffer.toArrays();
    expect(Array.from(arrays['replay.rewards'])).toEqual([2, 3, 4]);
    expect(Array.from(arrays['replay.dones'])).toEqual([0, 1, 0]);
    const copy = new ReplayBuffer(1, 1, 3, 'uniform', 'TD3');
    copy.fromArrays(arrays);
    copy.push(t(5));
    expect([0, 1, 2].map((i) => copy.at(i).reward)).toEqual([3, 4, 5]);
    expect(() => new ReplayBuffer(1, 1, 2, 'uniform', 'TD3').fromArrays(arrays)).toThrow(/TD3 restore: .*3 transitions, more than replayCapacity 2/);
    expect(() => buffer.at(3)).toThrow(/index 3/);
  });

  it('draws uniformly with the caller\'s rng', () => {
    const buffer = new ReplayBuffer(1, 1, 10, 'uniform');
    for (let k = 0; k < 4; k++) buffer.push(t(k));
    const a = buffer.sample(64, createRng(3));
    const b = buffer.sample(64, createRng(3));
    expect(Array.from(a.rewards)).toEqual(Array.from(b.rewards));
    expect(new Set(a.rewards).size).toBe(4);
  });
});

describe('agent shells', () => {
  it('checks the action box and compares it with a snapshot', () => {
    const box = resolveActionBox('TD3', { stateSize: 2, actionSize: 1, actionLow: [1], actionHigh: [128], seed: 1 });
    expect(Array.from(box.halfRange)).toEqual([63.5]);
    expect(() => resolveActionBox('TD3', { stateSize: 0, actionSize: 1, seed: 1 })).toThrow(/TD3 agent: stateSize must be a positive integer \(got 0\)/);
    expect(() => resolveActionBox('SAC', { stateSize: 1, actionSize: 1, actionLow: [2], actionHigh: [1], seed: 1 })).toThrow(/actionLow\[0\] = 2 must be below actionHigh\[0\] = 1/);
    const meta = JSON.parse(JSON.stringify(actionBoxJson(box)));
    expect(() => assertSameActionBox('TD3', meta, box)).not.toThrow();
    expect(() => assertSameActionBox('TD3', { ...meta, actionHigh: [127] }, box)).toThrow(/TD3 restore: snapshot actionHigh is \[127\]/);
  });

  it('snapshots named parameters with their moments and loads them only when all are there', () => {
    const net = new DenseStack({ inputs: [{ name: 'x', width: 2, needsGradient: true }], widths: [2] }, createRng(1));
    const adam = new Adam(net.parameters, { learningRate: 0.1, clipNorm: Infinity, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
    adam.apply([Float32Array.of(1, 2, 3, 4), Float32Array.of(1, 1)]);
    const named = nameParameters([['critic', net]], adam);
    expect(named.map((n) => [n.name, n.index])).toEqual([['critic.0.kernel', 0], ['critic.0.bias', 1]]);
    const arrays = parameterArrays(named);
    expect(Object.keys(arrays)).toEqual(['critic.0.kernel', 'critic.0.kernel.adam.m', 'critic.0.kernel.adam.v', 'critic.0.bias', 'critic.0.bias.adam.m', 'critic.0.bias.adam.v']);
    const other = new DenseStack(net.layout, createRng(2));
    const otherAdam = new Adam(other.parameters, adam.settings);
    const target = nameParameters([['critic', other]], otherAdam);
    const { 'critic.0.bias.adam.v': _v, ...partial } = arrays;
    expect(() => prepareParameterLoad(target, partial, 'X restore')).toThrow(/X restore: snapshot array "critic.0.bias.adam.v" is missing/);
    const before = Array.from(other.parameters[0].values);
    const load = prepareParameterLoad(target, arrays, 'X restore');
    expect(Array.from(other.parameters[0].values)).toEqual(before); // nothing changes before load()
    load();
    expect(Array.from(other.variables[0].dataSync())).toEqual(Array.from(net.parameters[0].values));
    expect(Array.from(otherAdam.v[1])).toEqual(Array.from(adam.v[1]));
    net.dispose();
    other.dispose();
  });

  it('resolves and checks the shared actor-critic options, naming the one at fault', () => {
    const defaults = { actorHiddenSizes: [4], criticHiddenSizes: [4], actorLearningRate: 1e-3, criticLearningRate: 1e-3, actorGradClipNorm: Infinity, criticGradClipNorm: 1, adamBeta1: 0.9, adamBeta2: 0.999, adamEpsilon: 1e-8, gamma: 0.99, tau: 0.005, replayCapacity: 10, batchSize: 2, updatesPerStep: 1 };
    const o = resolveOptions('createX', defaults, { tau: 0.5, gamma: undefined });
    expect(o).toMatchObject({ tau: 0.5, gamma: 0.99 });
    expect(() => checkActorCriticOptions('createX', o)).not.toThrow();
    expect(() => resolveOptions('createX', defaults, { taux: 1 })).toThrow(/createX: unknown option "taux" \(did you mean "tau"\?\)/);
    expect(() => checkActorCriticOptions('createX', { ...o, adamBeta2: 1 })).toThrow(/createX: option "adamBeta2" must be in \[0, 1\) \(got 1\)/);
    expect(() => checkActorCriticOptions('createX', { ...o, batchSize: 1.5 })).toThrow(expect.objectContaining({ exitCode: 2 }));
    expect(optionsJson(o)).toMatchObject({ actorGradClipNorm: 'Infinity', actorHiddenSizes: [4] });
    expect(Array.from(transpose(Float32Array.of(1, 2, 3, 4, 5, 6), 2, 3))).toEqual([1, 4, 2, 5, 3, 6]);
  });

  it('snapshots a whole agent state and restores it, refusing a snapshot of another kind or without its counters', () => {
    const box = resolveActionBox('X', { stateSize: 1, actionSize: 1, seed: 1 });
    const make = (seed: number) => {
      const net = new DenseStack({ inputs: [{ name: 'x', width: 1, needsGradient: true }], widths: [2] }, createRng(seed));
      const adam = new Adam(net.parameters, { learningRate: 0.1, clipNorm: 1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
      const replay = new ReplayBuffer(1, 1, 4, 'uniform', 'X');
      return { net, adam, replay, rng: createRng(seed + 10) };
    };
    const state = (a: ReturnType<typeof make>, steps: number) => ({
      owner: 'X', kind: 'x', format: 'x/v1', box, options: { tau: 0.5 }, counters: { steps }, adams: { net: a.adam },
      parameters: nameParameters([['net', a.net]], a.adam), replay: a.replay, rngs: { rng: a.rng },
    });
    const a = make(1);
    a.adam.apply([Float32Array.of(1, 1), Float32Array.of(1, 1)]);
    a.replay.push({ state: Float32Array.of(1), action: Float32Array.of(0), reward: 2, nextState: Float32Array.of(0), done: true });
    a.rng.next();
    const snapshot = snapshotAgent(state(a, 7));
    expect(snapshot.meta).toMatchObject({ format: 'x/v1', stateSize: 1, options: { tau: 0.5 }, steps: 7, adamSteps: { net: 1 } });
    const b = make(2);
    const { counters, rngs } = restoreAgent(state(b, 0), { ...snapshot, meta: JSON.parse(JSON.stringify(snapshot.meta)) });
    expect(counters.steps).toBe(7);
    expect(rngs.rng.next()).toBe(a.rng.next());
    expect(b.adam.step).toBe(1);
    expect(Array.from(b.net.parameters[0].values)).toEqual(Array.from(a.net.parameters[0].values));
    expect(b.replay.at(0).reward).toBe(2);
    expect(() => restoreAgent(state(b, 0), { ...snapshot, kind: 'y' })).toThrow(/X restore: snapshot kind is "y", expected "x"/);
    const { steps: _steps, ...withoutSteps } = snapshot.meta;
    expect(() => restoreAgent(state(b, 0), { ...snapshot, meta: withoutSteps })).toThrow(/X restore: snapshot meta needs "adamSteps" and the numbers "steps"/);
    a.net.dispose();
    b.net.dispose();
  });
});
