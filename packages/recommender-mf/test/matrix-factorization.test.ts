import { createRng } from '@scall/rng';
import { planParameters } from '@scall/spec';
import { createMockSegment, describeRecommender } from '@scall/testkit';
import { initTf } from '@scall/tf-runtime';
import { describe, expect, it } from 'vitest';
import { createMatrixFactorization } from '../src/index.js';

describeRecommender('mf (cpu)', () => createMatrixFactorization({ batchSize: 64 }), { setup: () => initTf({ backends: ['cpu'] }) });
describeRecommender('mf (wasm)', () => createMatrixFactorization({ batchSize: 64 }), { setup: () => initTf({ backends: ['wasm'] }) });

describe('matrix factorisation', () => {
  it('scores the dot product over the shared prefix of the two sizes', async () => {
    await initTf({ backends: ['cpu'] });
    const segment = createMockSegment({ train: [[0, 0], [1, 1], [2, 2], [0, 3]], test: [[1, 0]] });
    const plan = { userSizes: Int32Array.of(2, 5, 1), itemSizes: Int32Array.of(4, 1, 5, 3), minSize: 1, maxSize: 5, budgetParameters: 0 };
    const model = createMatrixFactorization();
    model.build({ graph: segment.graph, numUsers: 3, numItems: 4, plan: { ...plan, budgetParameters: planParameters(plan) }, rng: createRng(1) });
    const { users, items } = model.embeddings();
    const scores = model.score(Int32Array.of(0, 1, 2), Int32Array.of(0, 1, 2, 3));
    for (let u = 0; u < 3; u++) {
      for (let i = 0; i < 4; i++) {
        let dot = 0;
        for (let k = 0; k < Math.min(users.sizes[u], items.sizes[i]); k++) dot += users.values[users.offsets[u] + k] * items.values[items.offsets[i] + k];
        expect(scores[u * 4 + i]).toBeCloseTo(dot, 7);
      }
    }
    expect(model.name).toBe('mf');
  });

  it('has no layers option', () => {
    expect(() => createMatrixFactorization({ layers: 2 } as never)).toThrow(/option "layers" is not supported/);
  });
});
