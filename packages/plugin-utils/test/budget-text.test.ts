import { describe, expect, it } from 'vitest';
import { formatBudget, parseBudget } from '../src/index.js';

describe('budget text', () => {
  it('parses the CLI forms, a bytes budget with the unit it was written in', () => {
    expect(parseBudget('c=32')).toEqual({ kind: 'mean-size', meanSize: 32 });
    expect(parseBudget('B=10MB')).toEqual({ kind: 'bytes', bytes: 10_000_000, unit: 'MB' });
    expect(parseBudget('B=2.5e3')).toEqual({ kind: 'bytes', bytes: 2500 });
    expect(parseBudget('B=3kb')).toEqual({ kind: 'bytes', bytes: 3000, unit: 'KB' });
    expect(parseBudget('B=0.05MB')).toEqual({ kind: 'bytes', bytes: 50_000, unit: 'MB' });
    expect(parseBudget(' sparsity = 0.9 @ 256 ')).toEqual({ kind: 'sparsity', sparsity: 0.9, maxSize: 256 });
  });

  it('round-trips every canonical text (grid labels stay as written)', () => {
    const texts = ['c=16', 'c=0.5', 'B=0.05MB', 'B=0.07MB', 'B=3MB', 'B=1.5GB', 'B=2GB', 'B=50KB', 'B=0.3KB', 'B=2500', 'B=2500B', 'B=0', 'sparsity=0.5@128', 'sparsity=0@256', 'sparsity=0.975@64'];
    for (const text of texts) expect(formatBudget(parseBudget(text))).toBe(text);
    // Any case and spacing comes back canonical.
    expect(formatBudget(parseBudget('B = 10 mb'))).toBe('B=10MB');
    // A budget built without a unit: MB when whole, else bytes (as before).
    expect(formatBudget({ kind: 'bytes', bytes: 3e6 })).toBe('B=3MB');
    expect(formatBudget({ kind: 'bytes', bytes: 50_000 })).toBe('B=50000');
  });

  it('rejects malformed budgets and values out of range, naming the problem', () => {
    expect(() => parseBudget('d=3')).toThrow(/Cannot parse budget "d=3"/);
    expect(() => parseBudget('B=3XB')).toThrow(/unknown unit "XB"/);
    expect(() => parseBudget('c=3MB')).toThrow(/a mean size takes no unit/);
    expect(() => parseBudget('sparsity=0.5')).toThrow(/needs a MAX/);
    expect(() => parseBudget('sparsity=0.5@12.5')).toThrow(/MAX after @ must be a positive integer/);
    expect(() => parseBudget('c=8@256')).toThrow(/only a sparsity budget takes @<max>/);
    expect(() => parseBudget('c=0')).toThrow(/mean size must be above 0/);
    expect(() => parseBudget('c=-4')).toThrow(/mean size must be above 0/);
    expect(() => parseBudget('sparsity=1@256')).toThrow(/sparsity must be in \[0, 1\)/);
    expect(() => parseBudget('B=-1MB')).toThrow(/byte count must be at least 0/);
    expect(() => parseBudget('c=1e')).toThrow(/is not a number/);
  });
});
