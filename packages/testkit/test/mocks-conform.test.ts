import { createRng } from '@scall/rng';
import { describe, expect, it } from 'vitest';
import { createMockAgent, createMockRecommender, createMockSegment, createUniformPlan, describeAgent, describeRecommender, evaluateWithScores } from '../src/index.js';

// The kit's own mocks must pass the kit's suites.
describeAgent('mock agent', createMockAgent());
describeRecommender('mock recommender', () => createMockRecommender({ batchSize: 32 }));

describe('evaluateWithScores', () => {
  it('computes Recall@20 and NDCG@20 of scripted scores by hand', async () => {
    // One test user (0) with relevant item 2; items 0 and 1 are in the graph (masked).
    const segment = createMockSegment({ train: [[0, 0], [0, 1], [1, 2], [1, 3]], test: [[0, 2]] });
    const model = createMockRecommender({ score: (_u, i) => (i === 2 ? 0.5 : i === 3 ? 0.9 : 1) });
    model.build({ graph: segment.graph, numUsers: segment.numUsers, numItems: segment.numItems, plan: createUniformPlan(segment.numUsers, segment.numItems, 2), rng: createRng(1) });
    const result = await evaluateWithScores(model, segment);
    // Ranking after masking: item 3 (0.9), item 2 (0.5) -> hit at rank 2.
    expect(result.users).toBe(1);
    expect(result.metrics.recall[20]).toBe(1);
    expect(result.metrics.ndcg[20]).toBeCloseTo(1 / Math.log2(3));
  });
});
