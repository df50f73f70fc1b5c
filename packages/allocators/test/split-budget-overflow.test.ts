import { describe, expect, it } from 'vitest';
import { splitBudget } from '../src/split-budget.js';

describe("splitBudget's overflow rule", () => {
  const population = { nUsers: 10, nItems: 100, minSize: 1, maxSize: 8 };

  it("'redistribute' moves a side's share above MAX·n to the other side (the total is the budget)", () => {
    const s = splitBudget(400, 0.5, population);
    expect(s).toEqual({ userBudget: 80, itemBudget: 320 });
  });

  it("'drop' (the reference) leaves it unused: users capped at MAX·n, items keep their share", () => {
    const s = splitBudget(400, 0.5, population, 'drop');
    expect(s).toEqual({ userBudget: 80, itemBudget: 200 });
    expect(s.userBudget + s.itemBudget).toBeLessThan(400);
  });

  it("'drop' still gives each side at least MIN per entity and never more than the budget", () => {
    const s = splitBudget(150, 0.99, population, 'drop');
    expect(s.itemBudget).toBeGreaterThanOrEqual(100);
    expect(s.userBudget).toBeLessThanOrEqual(80);
    expect(s.userBudget + s.itemBudget).toBeLessThanOrEqual(150);
  });
});
