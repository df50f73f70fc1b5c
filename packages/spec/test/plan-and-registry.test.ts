import { describe, expect, it } from 'vitest';
import * as spec from '../src/index.js';
import { assertPlanWithinBudget, planParameters, shapeFromUnit } from '../src/index.js';

const plan = (users: number[], items: number[], budget: number) => ({
  userSizes: Int32Array.from(users),
  itemSizes: Int32Array.from(items),
  minSize: 1,
  maxSize: 8,
  budgetParameters: budget,
});

describe('size plans', () => {
  it('counts parameters and accepts a plan within budget', () => {
    expect(planParameters(plan([1, 2], [3], 10))).toBe(6);
    expect(assertPlanWithinBudget(plan([8, 1], [1], 10))).toBe(10);
  });
  it('names the overshoot and the out-of-range entity', () => {
    expect(() => assertPlanWithinBudget(plan([8, 2], [1], 10))).toThrow(/over its budget of 10 by 1/);
    expect(() => assertPlanWithinBudget(plan([1], [9], 100))).toThrow(/item 0 has size 9, outside \[1, 8\]/);
    expect(() => assertPlanWithinBudget(plan([0], [1], 100))).toThrow(/user 0 has size 0/);
  });
  it('maps unit actions onto a shape range, clamping', () => {
    expect(shapeFromUnit({ shapeRange: [0.1, 30] }, 0)).toBe(0.1);
    expect(shapeFromUnit({ shapeRange: [0.1, 30] }, 1)).toBe(30);
    expect(shapeFromUnit({ shapeRange: [30, 100] }, 2)).toBe(100);
  });
});

describe('deprecated aliases', () => {
  it('exports no runtime helper of @scall/plugin-utils (the contracts have no runtime dependency)', () => {
    for (const name of ['registerPlugins', 'resolvePlugin', 'parseBudget', 'assertKnownOptions', 'expectedOrderStatistics', 'normalCdf', 'closest']) {
      expect(name in spec, name).toBe(false);
    }
  });
});
