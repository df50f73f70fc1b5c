import { describe, expect, it } from 'vitest';
import { budgetParameters, formatBudget, parseBudget } from '../src/index.js';

describe('budgets', () => {
  it('converts B, c and sparsity to parameters as the paper does', () => {
    // 1 MB = 1e6 bytes = 250,000 float32 parameters (8e6 bits / 32).
    expect(budgetParameters({ kind: 'bytes', bytes: 1e6 }, 5, 5)).toBe(250_000);
    expect(budgetParameters({ kind: 'bytes', bytes: 1e6, bytesPerParameter: 2 }, 5, 5)).toBe(500_000);
    expect(budgetParameters({ kind: 'mean-size', meanSize: 32 }, 943, 1682)).toBe(32 * 2625);
    expect(budgetParameters({ kind: 'sparsity', sparsity: 0.75, maxSize: 256 }, 10, 10)).toBe(64 * 20);
  });

  it('parses the CLI forms and round-trips them', () => {
    expect(parseBudget('c=32')).toEqual({ kind: 'mean-size', meanSize: 32 });
    expect(parseBudget('B=10MB')).toEqual({ kind: 'bytes', bytes: 10_000_000 });
    expect(parseBudget('B=2.5e3')).toEqual({ kind: 'bytes', bytes: 2500 });
    expect(parseBudget('sparsity=0.9@256')).toEqual({ kind: 'sparsity', sparsity: 0.9, maxSize: 256 });
    for (const text of ['c=16', 'B=3MB', 'sparsity=0.5@128']) expect(formatBudget(parseBudget(text))).toBe(text);
  });

  it('rejects malformed budgets with a message naming the problem', () => {
    expect(() => parseBudget('d=3')).toThrow(/Cannot parse budget "d=3"/);
    expect(() => parseBudget('B=3XB')).toThrow(/unknown unit "XB"/);
    expect(() => parseBudget('sparsity=0.5')).toThrow(/needs a MAX/);
    expect(() => budgetParameters({ kind: 'mean-size', meanSize: 0 }, 1, 1)).toThrow(/meanSize must be > 0/);
    expect(() => budgetParameters({ kind: 'sparsity', sparsity: 1, maxSize: 8 }, 1, 1)).toThrow(/\[0, 1\)/);
  });
});
