import { describe, expect, it } from 'vitest';
import * as spec from '../src/index.js';
import { assertPlanSizes, assertPlanWithinBudget, planParameters, shapeFromUnit } from '../src/index.js';

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
  it('checks against the run\'s limits when given, under the one rule [minSize, maxSize]', () => {
    const limits = { numUsers: 2, numItems: 1, minSize: 2, maxSize: 4, budgetParameters: 9 };
    expect(assertPlanWithinBudget(plan([2, 4], [3], 9), limits)).toBe(9);
    // The run's bounds win over what the plan declares (minSize 1, maxSize 8 here).
    expect(() => assertPlanWithinBudget(plan([1, 4], [3], 9), limits)).toThrow(/user 0 has size 1, outside \[2, 4\]/);
    expect(() => assertPlanWithinBudget(plan([2, 5], [2], 9), limits)).toThrow(/user 1 has size 5, outside \[2, 4\]/);
    expect(() => assertPlanWithinBudget(plan([2, 2], [2], 10), limits)).toThrow(/declares a budget of 10 parameters; the run allows 9/);
    expect(() => assertPlanWithinBudget(plan([4, 4], [2], 9), limits)).toThrow(/over its budget of 9 by 1/);
    expect(() => assertPlanWithinBudget(plan([2], [2], 9), limits)).toThrow(/plan has 1 user sizes but the segment has 2 users/);
    expect(assertPlanSizes(plan([1, 8], [3], 0))).toBe(12);
    expect(() => assertPlanSizes(plan([1], [2, 3], 0), { numItems: 3 })).toThrow(/plan has 2 item sizes but the segment has 3 items/);
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
