import { createRng } from '@scall/rng';
import { planParameters, sparsePlanFromLayout, sparseRowsFrom, type SparseLayoutV1, type SparseSizePlan, type SparseTrainingV1, type TripleBatch } from '@scall/spec';
import { createMockSegment, describeRecommender } from '@scall/testkit';
import { initTf } from '@scall/tf-runtime';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSparseLightGcn, createSparseMatrixFactorization, SparseGraphBprRecommender } from '../src/index.js';

// A prefix plan through the sparse recommender behaves like a ragged table plus one index byte per parameter.
describeRecommender('sparse-lightgcn (prefix plans, cpu)', () => createSparseLightGcn({ batchSize: 64 }), {
  setup: () => initTf({ backends: ['cpu'] }),
  overheadBytes: (plan) => planParameters(plan),
});

const segment = createMockSegment({ numUsers: 12, numItems: 16, seed: 7 });

/** A random element-wise layout with `active` dimensions per entity drawn in [1, maxActive]. */
function randomLayout(maxSize: number, numUsers: number, numItems: number, seed: number, maxActive = 5): SparseLayoutV1 {
  const rng = createRng(seed);
  const rows = (n: number) =>
    Array.from({ length: n }, () => {
      const count = 1 + rng.nextInt(maxActive);
      const dims = new Set<number>();
      while (dims.size < count) dims.add(rng.nextInt(maxSize));
      return [...dims].sort((a, b) => a - b);
    });
  return { specificationVersion: 'v1', maxSize, users: sparseRowsFrom(maxSize, rows(numUsers)), items: sparseRowsFrom(maxSize, rows(numItems)) };
}

function planFor(layout: SparseLayoutV1, sparseTraining?: SparseTrainingV1): SparseSizePlan {
  const active = layout.users.indices.length + layout.items.indices.length;
  return sparsePlanFromLayout(layout, { budgetParameters: active, minSize: 1, sparseTraining });
}

function built(model: SparseGraphBprRecommender, plan: SparseSizePlan, seed = 1): SparseGraphBprRecommender {
  model.build({ graph: segment.graph, numUsers: segment.numUsers, numItems: segment.numItems, plan, rng: createRng(seed) });
  return model;
}

/** The protocol loss computed densely with stock tfjs ops on `x ⊙ mask`; returns its gradient w.r.t. x. */
function denseMaskedGradient(x: Float32Array, mask: Float32Array, width: number, layers: number, batch: TripleBatch): Float32Array {
  const { numUsers, numItems, graph } = segment;
  const n = numUsers + numItems;
  const adjacency = new Float32Array(n * n);
  for (let k = 0; k < graph.length; k++) {
    adjacency[graph.users[k] * n + numUsers + graph.items[k]] = 1;
    adjacency[(numUsers + graph.items[k]) * n + graph.users[k]] = 1;
  }
  const degree = Array.from({ length: n }, (_, r) => adjacency.subarray(r * n, r * n + n).reduce((s, v) => s + v, 0));
  for (let i = 0; i < n * n; i++) if (adjacency[i]) adjacency[i] /= Math.sqrt(degree[Math.floor(i / n)] * degree[i % n]);
  return tf.tidy(() => {
    const a = tf.tensor2d(adjacency, [n, n]);
    const m = tf.tensor2d(mask, [n, width]);
    const rows = (ids: Int32Array, shift: number) => tf.tensor1d(Int32Array.from(ids, (v) => v + shift), 'int32');
    const f = (input: tf.Tensor) => {
      const e0 = tf.mul(input, m) as tf.Tensor2D;
      const stack = [e0];
      for (let k = 0; k < layers; k++) stack.push(tf.matMul(a, stack[k]));
      const final = tf.div(tf.addN(stack), stack.length);
      const u = tf.gather(final, rows(batch.users, 0));
      const d = tf.sum(tf.mul(u, tf.sub(tf.gather(final, rows(batch.negatives, numUsers)), tf.gather(final, rows(batch.positives, numUsers)))), 1);
      const sq = [rows(batch.users, 0), rows(batch.positives, numUsers), rows(batch.negatives, numUsers)].map((r) => tf.sum(tf.square(tf.gather(e0, r))));
      return tf.add(tf.mean(tf.softplus(d)), tf.mul(tf.addN(sq), 1e-4 / batch.users.length)) as tf.Scalar;
    };
    return tf.grad(f)(tf.tensor2d(x, [n, width])).dataSync() as Float32Array;
  });
}

describe('sparse recommenders on element-wise layouts', () => {
  beforeAll(async () => {
    await initTf({ backends: ['cpu'] });
  });

  it('stores and optimises exactly the active count: 4 + 1 bytes per value, 8 bytes of Adam per value', () => {
    const layout = randomLayout(128, segment.numUsers, segment.numItems, 3, 9);
    const active = layout.users.indices.length + layout.items.indices.length;
    const model = built(createSparseLightGcn({ batchSize: 32 }), planFor(layout));
    expect(model.activeParameters()).toBe(active);
    expect(model.memoryBytes()).toBe(5 * active);
    expect(model.indexBytes()).toBe(active);
    expect(model.optimizerBytes()).toBe(8 * active);
    expect(model.scratchBytes()).toBe(0);
    const denseBytes = 4 * 128 * (segment.numUsers + segment.numItems);
    expect(model.memoryBytes()).toBeLessThan(denseBytes);
    // Indices past 256 take two bytes each.
    const wide = randomLayout(300, segment.numUsers, segment.numItems, 3, 9);
    const wideActive = wide.users.indices.length + wide.items.indices.length;
    expect(built(createSparseMatrixFactorization(), planFor(wide)).memoryBytes()).toBe(6 * wideActive);
  });

  for (const [label, make, layers] of [
    ['LightGCN', () => createSparseLightGcn({ batchSize: 40 }), 3],
    ['MF', () => createSparseMatrixFactorization({ batchSize: 40 }), 0],
  ] as const) {
    it(`${label}: the masked path's gradient equals the dense gradient with the mask applied`, () => {
      const width = 16;
      const layout = randomLayout(width, segment.numUsers, segment.numItems, 11, 6);
      const model = built(make(), planFor(layout));
      const batch = segment.sampler.sample(40, createRng(5));
      const sparseGradient = model.gradient(batch);
      const n = segment.numUsers + segment.numItems;
      const x = new Float32Array(n * width);
      const mask = new Float32Array(n * width);
      const state = model.embeddings();
      const junk = createRng(9);
      for (let i = 0; i < x.length; i++) x[i] = junk.next() - 0.5; // inactive entries must not matter
      let k = 0;
      for (const [shift, side] of [[0, 'users'], [segment.numUsers, 'items']] as const) {
        const rows = state.sparseLayout[side];
        for (let e = 0; e < rows.counts.length; e++) {
          for (let j = rows.offsets[e]; j < rows.offsets[e + 1]; j++) {
            x[(shift + e) * width + rows.indices[j]] = state[side].values[j];
            mask[(shift + e) * width + rows.indices[j]] = 1;
          }
        }
      }
      const reference = denseMaskedGradient(x, mask, width, layers, batch);
      let largest = 0;
      for (const [shift, side] of [[0, 'users'], [segment.numUsers, 'items']] as const) {
        const rows = state.sparseLayout[side];
        for (let e = 0; e < rows.counts.length; e++) {
          for (let j = rows.offsets[e]; j < rows.offsets[e + 1]; j++) {
            const expected = reference[(shift + e) * width + rows.indices[j]];
            expect(Math.abs(sparseGradient[k] - expected)).toBeLessThan(1e-6 + 1e-4 * Math.abs(expected));
            largest = Math.max(largest, Math.abs(expected));
            k++;
          }
        }
      }
      expect(k).toBe(sparseGradient.length);
      expect(largest).toBeGreaterThan(0);
    });
  }

  it('dynamic sparse training moves the mask and keeps the active count at every step', async () => {
    const layout = randomLayout(32, segment.numUsers, segment.numItems, 4, 4);
    const active = layout.users.indices.length + layout.items.indices.length;
    const training: SparseTrainingV1 = {
      specificationVersion: 'v1',
      mode: 'dynamic',
      regrowth: { interval: 3, initialDropFraction: 0.3, endStep: 12, accumulation: 'window' },
      sampledBackward: { fraction: 0.5 },
    };
    const model = built(createSparseLightGcn({ batchSize: 32 }), planFor(layout, training));
    const before = model.sparseLayout();
    const rng = createRng(2);
    for (let s = 0; s < 15; s++) {
      await model.train(1, segment.sampler, rng);
      expect(model.activeParameters()).toBe(active);
      expect(model.memoryBytes()).toBe(5 * active);
      expect(model.optimizerBytes()).toBe(8 * active);
      const counts = model.sparseLayout();
      expect([...counts.users.counts, ...counts.items.counts].every((c) => c >= 1)).toBe(true);
    }
    expect(model.maskUpdates().map((u) => u.step)).toEqual([3, 6, 9, 12]);
    expect(model.maskUpdates()[0].dropped).toBeGreaterThan(0);
    expect(model.maskUpdates().every((u) => u.dropped === u.regrown)).toBe(true);
    const after = model.sparseLayout();
    expect(Array.from(after.users.indices)).not.toEqual(Array.from(before.users.indices));
    expect(model.scratchBytes()).toBe(0); // accumulator released once the mask is final
  });

  it('sampled backward leaves rows outside the sample untouched (lazy Adam)', async () => {
    const layout = randomLayout(16, segment.numUsers, segment.numItems, 8, 4);
    const training: SparseTrainingV1 = { specificationVersion: 'v1', mode: 'static', sampledBackward: { fraction: 0.25 } };
    const model = built(createSparseMatrixFactorization({ batchSize: 8 }), planFor(layout, training));
    const before = model.embeddings();
    await model.train(1, segment.sampler, createRng(3));
    const after = model.embeddings();
    const changedRows = (side: 'users' | 'items') =>
      Array.from(before[side].sizes, (_, e) => {
        const a = before[side].values.subarray(before[side].offsets[e], before[side].offsets[e + 1]);
        const b = after[side].values.subarray(after[side].offsets[e], after[side].offsets[e + 1]);
        return a.some((v, i) => v !== b[i]);
      }).filter(Boolean).length;
    const changed = changedRows('users') + changedRows('items');
    expect(changed).toBeGreaterThan(0);
    expect(changed).toBeLessThanOrEqual(Math.ceil(0.25 * (segment.numUsers + segment.numItems)));
  });

  it('build refuses an entity below the plan\'s minSize and a pruning minimum under it', () => {
    const layout = randomLayout(16, segment.numUsers, segment.numItems, 9, 3);
    const rows = Array.from({ length: segment.numUsers }, (_, e) => Array.from(layout.users.indices.subarray(layout.users.offsets[e], layout.users.offsets[e + 1])));
    rows[3] = [];
    const empty: SparseLayoutV1 = { ...layout, users: sparseRowsFrom(16, rows) };
    const loose = sparsePlanFromLayout(empty, { budgetParameters: 10_000, minSize: 0 });
    expect(() => built(createSparseMatrixFactorization(), { ...loose, minSize: 1 })).toThrow(/user 3 has 0 active dimensions, outside \[1, 16\]/);
    // With the run's minimum at 0 the empty row is legitimate.
    expect(() => built(createSparseMatrixFactorization(), loose)).not.toThrow();
    const dynamic: SparseTrainingV1 = { specificationVersion: 'v1', mode: 'dynamic', minActive: 0, regrowth: { interval: 2, initialDropFraction: 0.3, endStep: 10, accumulation: 'window' } };
    expect(() => built(createSparseMatrixFactorization(), planFor(layout, dynamic))).toThrow(/minActive 0 is below the plan's minSize 1/);
  });

  it('frozen plans deploy their initial values without training', async () => {
    const layout = randomLayout(16, segment.numUsers, segment.numItems, 6, 3);
    const users = Float32Array.from({ length: layout.users.indices.length }, (_, i) => 0.01 * (i + 1));
    const items = Float32Array.from({ length: layout.items.indices.length }, (_, i) => -0.01 * (i + 1));
    const plan = sparsePlanFromLayout(layout, {
      budgetParameters: users.length + items.length,
      minSize: 1,
      sparseTraining: { specificationVersion: 'v1', mode: 'frozen' },
      initialValues: { users, items },
    });
    const model = built(createSparseMatrixFactorization(), plan);
    const report = await model.train(5, segment.sampler, createRng(1));
    expect(report.steps).toBe(0);
    expect(Array.from(model.embeddings().users.values)).toEqual(Array.from(users));
  });

  it('warm starts keep values by dimension and snapshots restore a moved mask', async () => {
    const layout = randomLayout(32, segment.numUsers, segment.numItems, 12, 5);
    const training: SparseTrainingV1 = {
      specificationVersion: 'v1',
      mode: 'dynamic',
      regrowth: { interval: 2, initialDropFraction: 0.5, endStep: 6, accumulation: 'last-batch' },
    };
    const plan = planFor(layout, training);
    const model = built(createSparseLightGcn({ batchSize: 16 }), plan);
    await model.train(4, segment.sampler, createRng(4));
    const snap = model.snapshot();
    const scores = model.score(Int32Array.of(0, 1, 2), Int32Array.of(0, 3, 5));
    // Restore into a model built from the same counts as a prefix plan.
    const fresh = createSparseLightGcn({ batchSize: 16 });
    fresh.build({ graph: segment.graph, numUsers: segment.numUsers, numItems: segment.numItems, plan: { ...plan, sparseLayout: undefined } as never, rng: createRng(1) });
    expect(() => fresh.restore(snap)).not.toThrow();
    expect(Array.from(fresh.score(Int32Array.of(0, 1, 2), Int32Array.of(0, 3, 5)))).toEqual(Array.from(scores));
    // Warm start: a new layout that keeps some dimensions of each entity and adds others.
    const state = model.embeddings();
    const next = built(createSparseLightGcn(), planFor(randomLayout(32, segment.numUsers, segment.numItems, 13, 8)), 2);
    const warm = createSparseLightGcn();
    const nextLayout = next.sparseLayout();
    warm.build({ graph: segment.graph, numUsers: segment.numUsers, numItems: segment.numItems, plan: planFor(nextLayout), rng: createRng(3), warmStart: state });
    const warmState = warm.embeddings();
    let kept = 0;
    for (let e = 0; e < segment.numUsers; e++) {
      const prev = new Map<number, number>();
      for (let j = state.sparseLayout.users.offsets[e]; j < state.sparseLayout.users.offsets[e + 1]; j++) prev.set(state.sparseLayout.users.indices[j], state.users.values[j]);
      for (let j = nextLayout.users.offsets[e]; j < nextLayout.users.offsets[e + 1]; j++) {
        const d = nextLayout.users.indices[j];
        if (prev.has(d)) {
          expect(warmState.users.values[j]).toBe(prev.get(d));
          kept++;
        }
      }
    }
    expect(kept).toBeGreaterThan(0);
  });

  it('rejects a layout whose counts disagree with the plan sizes', () => {
    const layout = randomLayout(16, segment.numUsers, segment.numItems, 2, 3);
    const plan = planFor(layout);
    const bad = { ...plan, userSizes: plan.userSizes.map((s) => s + 1) };
    expect(() => built(createSparseLightGcn(), bad)).toThrow(/active counts/);
  });
});
