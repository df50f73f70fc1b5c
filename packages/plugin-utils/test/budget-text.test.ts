import { describe, expect, it } from 'vitest';
import { formatBudget, parseBudget } from '../src/index.js';

describe('budget text', () => {
  it('parses the CLI forms and round-trips them', () => {
    expect(parseBudget('c=32')).toEqual({ kind: 'mean-size', meanSize: 32 });
    expect(parseBudget('B=10MB')).toEqual({ kind: 'bytes', bytes: 10_000_000 });
    expect(parseBudget('B=2.5e3')).toEqual({ kind: 'bytes', bytes: 2500 });
    expect(parseBudget('B=3kb')).toEqual({ kind: 'bytes', bytes: 3000 });
    expect(parseBudget('sparsity=0.9@256')).toEqual({ kind: 'sparsity', sparsity: 0.9, maxSize: 256 });
    for (const text of ['c=16', 'B=3MB', 'B=2500', 'sparsity=0.5@128']) expect(formatBudget(parseBudget(text))).toBe(text);
  });

  it('rejects malformed budgets with a message naming the problem', () => {
    expect(() => parseBudget('d=3')).toThrow(/Cannot parse budget "d=3"/);
    expect(() => parseBudget('B=3XB')).toThrow(/unknown unit "XB"/);
    expect(() => parseBudget('c=3MB')).toThrow(/a mean size takes no unit/);
    expect(() => parseBudget('sparsity=0.5')).toThrow(/needs a MAX/);
  });
});
