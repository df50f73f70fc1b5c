import { describe, expect, it } from 'vitest';
import {
  assertPlanWithinBudget,
  assertSparseLayout,
  budgetParameters,
  indexBytesPerEntry,
  isSparseSizePlan,
  layoutParameters,
  pairedRecommenderName,
  prefixLayout,
  sparseLayoutBytes,
  sparsePlanFromLayout,
  sparseRowsFrom,
  type SearcherV1,
  type SparseLayoutV1,
} from '../src/index.js';

const layout: SparseLayoutV1 = {
  specificationVersion: 'v1',
  maxSize: 128,
  users: sparseRowsFrom(128, [[0, 5, 127], [3]]),
  items: sparseRowsFrom(128, [[1, 2], [64], [0, 100]]),
};

describe('element-wise sparse layouts', () => {
  it('counts active parameters like a size plan and bytes with one index byte each up to MAX 256', () => {
    expect(layoutParameters(layout)).toBe(9);
    expect(sparseLayoutBytes(layout)).toEqual({ values: 36, indices: 9, total: 45 });
    expect([indexBytesPerEntry(256), indexBytesPerEntry(257), indexBytesPerEntry(65_536), indexBytesPerEntry(65_537)]).toEqual([1, 2, 2, 4]);
    expect(layout.users.indices).toBeInstanceOf(Uint8Array);
    expect(sparseRowsFrom(1000, [[999]]).indices).toBeInstanceOf(Uint16Array);
  });

  it('makes a SizePlan whose sizes are the active counts, so every existing budget check applies', () => {
    const budget = budgetParameters({ kind: 'sparsity', sparsity: 0.97, maxSize: 128 }, 2, 3); // floor(0.03 * 128 * 5) = 19
    const plan = sparsePlanFromLayout(layout, { budgetParameters: budget, minSize: 1 });
    expect(isSparseSizePlan(plan)).toBe(true);
    expect(Array.from(plan.userSizes)).toEqual([3, 1]);
    expect(assertPlanWithinBudget(plan)).toBe(9);
    expect(() => sparsePlanFromLayout(layout, { budgetParameters: 8, minSize: 1 })).toThrow(/over its budget of 8 by 1/);
    expect(isSparseSizePlan({ userSizes: new Int32Array(1), itemSizes: new Int32Array(1), minSize: 1, maxSize: 4, budgetParameters: 2 })).toBe(false);
  });

  it('rejects malformed layouts naming the entity', () => {
    const unsorted = { ...layout, users: sparseRowsFrom(128, [[5, 0], [3]]) };
    expect(() => assertSparseLayout(unsorted)).toThrow(/user 0 has index 0 after 5/);
    expect(() => assertSparseLayout(layout, { numUsers: 3 })).toThrow(/2 users, expected 3/);
    expect(() => assertSparseLayout(layout, { minActive: 2 })).toThrow(/user 1 has 1 active dimensions/);
    const tooWide = { ...layout, maxSize: 100 };
    expect(() => assertSparseLayout(tooWide)).toThrow(/below maxSize 100/);
  });

  it('reads a prefix plan as the layout {0, .., size-1} and pairs sparse searchers with sparse recommenders', () => {
    const prefix = prefixLayout({ userSizes: Int32Array.of(2), itemSizes: Int32Array.of(1, 3), maxSize: 4 });
    expect(Array.from(prefix.items.indices)).toEqual([0, 0, 1, 2]);
    expect(assertSparseLayout(prefix)).toBe(6);
    const dense = { name: 'uniform' } as SearcherV1;
    const sparse = { name: 'sparserec', sparseRecommenders: { lightgcn: 'sparse-lightgcn' } } as unknown as SearcherV1;
    expect(pairedRecommenderName(dense, 'lightgcn')).toBe('lightgcn');
    expect(pairedRecommenderName(sparse, 'lightgcn')).toBe('sparse-lightgcn');
    expect(pairedRecommenderName(sparse, 'mf')).toBe('mf');
  });
});
