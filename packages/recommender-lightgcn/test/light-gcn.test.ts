import { createRng } from '@scall/rng';
import { planParameters } from '@scall/spec';
import type { SizePlan } from '@scall/spec';
import { createMockSegment, describeRecommender } from '@scall/testkit';
import { initTf } from '@scall/tf-runtime';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { createLightGcn, learningRateAt, resolveGraphBprOptions } from '../src/index.js';

describeRecommender('lightgcn (cpu)', () => createLightGcn({ batchSize: 64 }), { setup: () => initTf({ backends: ['cpu'] }) });
describeRecommender('lightgcn (wasm)', () => createLightGcn({ batchSize: 64 }), { setup: () => initTf({ backends: ['wasm'] }) });

const segment = createMockSegment({ numUsers: 20, numItems: 25, seed: 4 });

/** A power-law-like plan: a few entities at MAX, most small, mean about `mean`. */
function skewedPlan(numUsers: number, numItems: number, maxSize: number): SizePlan {
  const sizes = (n: number) => Int32Array.from({ length: n }, (_, r) => Math.max(1, Math.min(maxSize, Math.round(maxSize / (1 + r) ** 1.3))));
  const plan = { userSizes: sizes(numUsers), itemSizes: sizes(numItems), minSize: 1, maxSize, budgetParameters: 0 };
  return { ...plan, budgetParameters: planParameters(plan) };
}

/** The protocol's loss computed densely with stock tfjs ops from the model's stored embeddings. */
function denseReferenceLoss(model: ReturnType<typeof createLightGcn>, plan: SizePlan, batch: { users: Int32Array; positives: Int32Array; negatives: Int32Array }): number {
  const { numUsers, numItems, graph } = segment;
  const n = numUsers + numItems;
  const width = plan.maxSize;
  const state = model.embeddings();
  const e0 = new Float32Array(n * width);
  for (const [offset, table] of [[0, state.users], [numUsers, state.items]] as const) {
    for (let e = 0; e < table.sizes.length; e++) e0.set(table.values.subarray(table.offsets[e], table.offsets[e + 1]), (offset + e) * width);
  }
  const adjacency = new Float32Array(n * n);
  for (let k = 0; k < graph.length; k++) {
    adjacency[graph.users[k] * n + numUsers + graph.items[k]] = 1;
    adjacency[(numUsers + graph.items[k]) * n + graph.users[k]] = 1;
  }
  const degree = Array.from({ length: n }, (_, r) => adjacency.subarray(r * n, r * n + n).reduce((s, v) => s + v, 0));
  for (let i = 0; i < n * n; i++) if (adjacency[i]) adjacency[i] /= Math.sqrt(degree[Math.floor(i / n)] * degree[i % n]);
  return tf.tidy(() => {
    const a = tf.tensor2d(adjacency, [n, n]);
    const layers = [tf.tensor2d(e0, [n, width])];
    for (let k = 0; k < 3; k++) layers.push(tf.matMul(a, layers[k]));
    const final = tf.div(tf.addN(layers), 4);
    const rows = (ids: Int32Array, shift: number) => tf.tensor1d(Int32Array.from(ids, (v) => v + shift), 'int32');
    const u = tf.gather(final, rows(batch.users, 0));
    const d = tf.sum(tf.mul(u, tf.sub(tf.gather(final, rows(batch.negatives, numUsers)), tf.gather(final, rows(batch.positives, numUsers)))), 1);
    const bpr = tf.mean(tf.softplus(d));
    const sq = [rows(batch.users, 0), rows(batch.positives, numUsers), rows(batch.negatives, numUsers)].map((r) => tf.sum(tf.square(tf.gather(layers[0], r))));
    return tf.add(bpr, tf.mul(tf.addN(sq), 1e-4 / batch.users.length)).dataSync()[0];
  });
}

describe.each(['cpu', 'wasm'] as const)('LightGCN on %s', (backend) => {
  it('computes the protocol loss of a dense reference (ragged sizes, 3 layers)', async () => {
    await initTf({ backends: [backend] });
    const plan = skewedPlan(segment.numUsers, segment.numItems, 16);
    const model = createLightGcn({ batchSize: 50 });
    model.build({ graph: segment.graph, numUsers: segment.numUsers, numItems: segment.numItems, plan, rng: createRng(1) });
    const batch = segment.sampler.sample(50, createRng(2));
    const expected = denseReferenceLoss(model, plan, batch);
    const report = await model.train(1, { sample: () => batch }, createRng(3));
    expect(Math.abs(report.meanLoss - expected)).toBeLessThan(1e-6);
    model.dispose();
  });

  it('trains identically (within 1e-5) with the fused SIMD step and with tfjs autodiff', async () => {
    await initTf({ backends: [backend] });
    const plan = skewedPlan(segment.numUsers, segment.numItems, 40);
    const trained = async (fusedStep: boolean) => {
      const model = createLightGcn({ batchSize: 64, learningRate: 0.05, fusedStep });
      model.build({ graph: segment.graph, numUsers: segment.numUsers, numItems: segment.numItems, plan, rng: createRng(1) });
      const report = await model.train(6, segment.sampler, createRng(2));
      const { users, items } = model.embeddings();
      const scores = model.score(Int32Array.of(0, 3, 7), Int32Array.from({ length: segment.numItems }, (_, i) => i));
      model.dispose();
      return { loss: report.meanLoss, values: Float32Array.from([...users.values, ...items.values]), scores };
    };
    const fused = await trained(true);
    const composed = await trained(false);
    expect(Math.abs(fused.loss - composed.loss)).toBeLessThan(1e-5);
    let worst = 0;
    for (let i = 0; i < fused.values.length; i++) worst = Math.max(worst, Math.abs(fused.values[i] - composed.values[i]));
    expect(worst).toBeLessThan(1e-5);
    for (let i = 0; i < fused.scores.length; i++) expect(Math.abs(fused.scores[i] - composed.scores[i])).toBeLessThan(1e-6);
    // Six Adam steps moved the parameters well beyond that tolerance.
    const start = createLightGcn({ fusedStep: false });
    start.build({ graph: segment.graph, numUsers: segment.numUsers, numItems: segment.numItems, plan, rng: createRng(1) });
    const initial = Float32Array.from([...start.embeddings().users.values, ...start.embeddings().items.values]);
    expect(initial.some((v, i) => Math.abs(v - fused.values[i]) > 1e-3)).toBe(true);
    start.dispose();
  });

  it('trains bit for bit the same on two threads as on one (threads option)', async () => {
    await initTf({ backends: [backend] });
    const plan = skewedPlan(segment.numUsers, segment.numItems, 40);
    const trained = async (threads: number) => {
      const model = createLightGcn({ batchSize: 64, learningRate: 0.05, threads });
      expect(model.options.threads).toBe(threads);
      model.build({ graph: segment.graph, numUsers: segment.numUsers, numItems: segment.numItems, plan, rng: createRng(1) });
      const report = await model.train(6, segment.sampler, createRng(2));
      const snapshot = model.snapshot();
      model.dispose();
      // Usable on one thread after dispose, still the same function.
      await model.train(1, segment.sampler, createRng(3));
      return { loss: report.meanLoss, parameters: snapshot.arrays.parameters as Float32Array, after: model.snapshot().arrays.parameters as Float32Array };
    };
    const one = await trained(1);
    const two = await trained(2);
    expect(two.loss).toBe(one.loss);
    expect(Buffer.from(two.parameters.buffer).equals(Buffer.from(one.parameters.buffer))).toBe(true);
    expect(Buffer.from(two.after.buffer).equals(Buffer.from(one.after.buffer))).toBe(true);
    expect(Buffer.from(two.after.buffer).equals(Buffer.from(two.parameters.buffer))).toBe(false);
    expect(() => createLightGcn({ threads: 0 })).toThrow(/Option "threads" must be an integer >= 1 \(got 0\)/);
  });

  it("trains in bfloat16 products (propagationPrecision), near float32's and the same on two threads", async () => {
    await initTf({ backends: [backend] });
    const plan = skewedPlan(segment.numUsers, segment.numItems, 40);
    const trained = async (propagationPrecision: 'float32' | 'bfloat16', threads: number) => {
      const model = createLightGcn({ batchSize: 64, learningRate: 0.05, threads, propagationPrecision });
      model.build({ graph: segment.graph, numUsers: segment.numUsers, numItems: segment.numItems, plan, rng: createRng(1) });
      const report = await model.train(6, segment.sampler, createRng(2));
      const parameters = model.snapshot().arrays.parameters as Float32Array;
      model.dispose();
      return { loss: report.meanLoss, parameters };
    };
    const full = await trained('float32', 1);
    const half = await trained('bfloat16', 1);
    const halfTwo = await trained('bfloat16', 2);
    expect(halfTwo.loss).toBe(half.loss);
    expect(Buffer.from(halfTwo.parameters.buffer).equals(Buffer.from(half.parameters.buffer))).toBe(true);
    // Adam moves near-zero gradient entries by about the learning rate whatever their
    // size, so compare the whole update: bfloat16's differs from float32's by a few percent.
    const start = createLightGcn({ fusedStep: false });
    start.build({ graph: segment.graph, numUsers: segment.numUsers, numItems: segment.numItems, plan, rng: createRng(1) });
    const initial = start.snapshot().arrays.parameters as Float32Array;
    start.dispose();
    let moved = 0;
    let apart = 0;
    for (let i = 0; i < full.parameters.length; i++) {
      moved += (full.parameters[i] - initial[i]) ** 2;
      apart += (full.parameters[i] - half.parameters[i]) ** 2;
    }
    expect(apart).toBeGreaterThan(0); // the rounding shows
    expect(Math.sqrt(apart / moved)).toBeLessThan(0.02); // and stays small against the update
    expect(Math.abs(half.loss - full.loss)).toBeLessThan(1e-4);
  });

  it('refuses bfloat16 products where the fused step cannot run, naming the option', async () => {
    await initTf({ backends: [backend] });
    expect(() => createLightGcn({ fusedStep: false, propagationPrecision: 'bfloat16' })).toThrow(/"propagationPrecision" "bfloat16" needs the fused step/);
    expect(() => createLightGcn({ propagationPrecision: 'half' as never })).toThrow(/Option "propagationPrecision" must be "float32" or "bfloat16" \(got half\)/);
  });

  it('profiles the fused steps and Adam on request (profile option), with unchanged training', async () => {
    await initTf({ backends: [backend] });
    const plan = skewedPlan(segment.numUsers, segment.numItems, 40);
    const trained = async (profile: boolean) => {
      const model = createLightGcn({ batchSize: 64, learningRate: 0.05, threads: 2, profile });
      model.build({ graph: segment.graph, numUsers: segment.numUsers, numItems: segment.numItems, plan, rng: createRng(1) });
      await model.train(4, segment.sampler, createRng(2));
      const first = model.takeStepProfile();
      await model.train(2, segment.sampler, createRng(3));
      const second = model.takeStepProfile();
      const parameters = model.snapshot().arrays.parameters as Float32Array;
      model.dispose();
      return { first, second, parameters };
    };
    const plain = await trained(false);
    expect(plain.first).toBeNull();
    const profiled = await trained(true);
    expect(Buffer.from(profiled.parameters.buffer).equals(Buffer.from(plain.parameters.buffer))).toBe(true);
    expect(profiled.first!.steps).toBe(4);
    expect(profiled.second!.steps).toBe(2); // each call starts a new sum
    expect(Object.keys(profiled.first!.ms).sort()).toEqual(['adam', 'backward', 'bprDiff', 'bprGrad', 'bprLoss', 'forward', 'pack', 'unpack']);
    expect(profiled.first!.ms.adam).toBeGreaterThan(0);
    expect(profiled.first!.ms.forward).toBeGreaterThan(0);
    expect(() => createLightGcn({ profile: 1 as unknown as boolean })).toThrow(/Option "profile" must be true or false/);
  });

  it('trains at mean size well below MAX without MAX-wide parameters or Adam state', async () => {
    await initTf({ backends: [backend] });
    const plan = skewedPlan(segment.numUsers, segment.numItems, 256);
    const total = planParameters(plan);
    expect(total / (segment.numUsers + segment.numItems)).toBeLessThan(40);
    const model = createLightGcn({ batchSize: 64 });
    model.build({ graph: segment.graph, numUsers: segment.numUsers, numItems: segment.numItems, plan, rng: createRng(1) });
    await model.train(2, segment.sampler, createRng(2));
    expect(model.memoryBytes()).toBe(4 * total);
    expect(model.optimizerBytes()).toBe(8 * total);
    const snapshot = model.snapshot();
    for (const name of ['parameters', 'adamFirstMoment', 'adamSecondMoment']) expect(snapshot.arrays[name].length).toBe(total);
    expect(total).toBeLessThan(256 * (segment.numUsers + segment.numItems) / 4);
    model.dispose();
  });

  it('lowers the training loss on a learnable segment', async () => {
    await initTf({ backends: [backend] });
    const model = createLightGcn({ batchSize: 128, learningRate: 0.05 });
    const plan = skewedPlan(segment.numUsers, segment.numItems, 16);
    model.build({ graph: segment.graph, numUsers: segment.numUsers, numItems: segment.numItems, plan, rng: createRng(1) });
    const first = await model.train(5, segment.sampler, createRng(2));
    const tensors = tf.memory().numTensors;
    await model.train(30, segment.sampler, createRng(3));
    expect(tf.memory().numTensors).toBe(tensors); // no tensor leaks per step
    const last = await model.train(5, segment.sampler, createRng(4));
    expect(last.meanLoss).toBeLessThan(first.meanLoss - 0.05);
    model.dispose();
  });
});

describe('options', () => {
  it('defaults to the protocol values and decays the learning rate per block to the floor', () => {
    const o = resolveGraphBprOptions({}, 3);
    expect(o).toMatchObject({ layers: 3, learningRate: 0.03, decay: 0.95, decaySteps: 200, minLearningRate: 0.001, l2: 1e-4, batchSize: 10_000, initStd: 0.01 });
    expect(learningRateAt(o, 199)).toBe(0.03);
    expect(learningRateAt(o, 200)).toBeCloseTo(0.0285, 10);
    expect(learningRateAt(o, 200 * 1000)).toBe(0.001);
    expect(() => createLightGcn({ batchSize: 0 })).toThrow(/Option "batchSize" must be a positive integer \(got 0\)/);
    expect(o.fusedStep).toBe(true);
    expect(() => createLightGcn({ fusedStep: 'yes' as unknown as boolean })).toThrow(/Option "fusedStep" must be true or false/);
  });

  it('rejects plans that do not match the segment', () => {
    const model = createLightGcn();
    const plan = skewedPlan(segment.numUsers - 1, segment.numItems, 8);
    expect(() => model.build({ graph: segment.graph, numUsers: segment.numUsers, numItems: segment.numItems, plan, rng: createRng(1) })).toThrow(
      /plan has 19 user sizes but the segment has 20 users/,
    );
    expect(() => model.score(Int32Array.of(0), Int32Array.of(0))).toThrow(/call build\(\) before/);
  });

  it('rejects sampler batches with ids outside the segment', async () => {
    await initTf({ backends: ['cpu'] });
    const model = createLightGcn({ batchSize: 2 });
    model.build({ graph: segment.graph, numUsers: segment.numUsers, numItems: segment.numItems, plan: skewedPlan(segment.numUsers, segment.numItems, 8), rng: createRng(1) });
    const bad = { sample: () => ({ users: Int32Array.of(0, 1), positives: Int32Array.of(2, 25), negatives: Int32Array.of(3, 4) }) };
    await expect(model.train(1, bad, createRng(2))).rejects.toThrow(/batch triple 1 has items \(25, 4\), outside \[0, 25\)/);
  });
});
