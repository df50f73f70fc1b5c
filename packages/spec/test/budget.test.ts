import { describe, expect, it } from 'vitest';
import { budgetParameters, bytesPerParameter, contextBudgetParameters } from '../src/index.js';

describe('budgets', () => {
  it('converts B, c and sparsity to parameters as the paper does', () => {
    // 1 MB = 1e6 bytes = 250,000 float32 parameters (8e6 bits / 32).
    expect(budgetParameters({ kind: 'bytes', bytes: 1e6 }, 5, 5)).toBe(250_000);
    expect(budgetParameters({ kind: 'bytes', bytes: 1e6, bytesPerParameter: 2 }, 5, 5)).toBe(500_000);
    expect(budgetParameters({ kind: 'mean-size', meanSize: 32 }, 943, 1682)).toBe(32 * 2625);
    expect(budgetParameters({ kind: 'sparsity', sparsity: 0.75, maxSize: 256 }, 10, 10)).toBe(64 * 20);
  });

  it('rejects impossible budgets with a message naming the problem', () => {
    expect(() => budgetParameters({ kind: 'mean-size', meanSize: 0 }, 1, 1)).toThrow(/meanSize must be > 0/);
    expect(() => budgetParameters({ kind: 'sparsity', sparsity: 1, maxSize: 8 }, 1, 1)).toThrow(/\[0, 1\)/);
  });

  it('says how many bytes a parameter takes, and what a searcher may plan', () => {
    expect(bytesPerParameter({ kind: 'bytes', bytes: 1e6 })).toBe(4);
    expect(bytesPerParameter({ kind: 'bytes', bytes: 1e6, bytesPerParameter: 2 })).toBe(2);
    expect(bytesPerParameter({ kind: 'mean-size', meanSize: 8 })).toBe(4);
    expect(() => bytesPerParameter({ kind: 'bytes', bytes: 1e6, bytesPerParameter: 0 })).toThrow(/bytesPerParameter must be > 0/);
    const segment = { numUsers: 3, numItems: 2 } as Parameters<typeof contextBudgetParameters>[0]['segment'];
    expect(contextBudgetParameters({ budget: { kind: 'mean-size', meanSize: 8 }, segment })).toBe(40);
    expect(contextBudgetParameters({ budget: { kind: 'mean-size', meanSize: 8 }, budgetParameters: 39, segment })).toBe(39);
  });
});
