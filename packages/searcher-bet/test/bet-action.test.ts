import { createRng } from '@scall/rng';
import { planParameters } from '@scall/spec';
import { describe, expect, it } from 'vitest';
import { actionToPlan, sampleBetAction, type BetAction } from '../src/index.js';
import { betFamilies } from './registry-components.js';

/** Zipf-like frequencies with cold entities at the end. */
function frequencies(n: number, seed: number): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from({ length: n }, (_, i) => (i > n * 0.9 ? 0 : Math.floor(200 / (1 + i * (0.5 + rng.next())))));
}

describe('BET actions', () => {
  const families = betFamilies();
  const users = frequencies(300, 1);
  const items = frequencies(500, 2);

  for (const mode of ['expected', 'sampled'] as const) {
    it(`use the budget exactly and stay in [MIN, MAX] (${mode} proportions)`, () => {
      const rng = createRng(3);
      for (let k = 0; k < 60; k++) {
        const action = sampleBetAction(rng, families.length);
        const meanSize = [2, 4, 8, 16][k % 4];
        const budgetParameters = meanSize * 800;
        const plan = actionToPlan(action, { userFrequencies: users, itemFrequencies: items, budgetParameters, minSize: 1, maxSize: 128 }, betFamilies(mode));
        expect(planParameters(plan)).toBe(budgetParameters);
        for (const s of [...plan.userSizes, ...plan.itemSizes]) {
          expect(s).toBeGreaterThanOrEqual(1);
          expect(s).toBeLessThanOrEqual(128);
        }
      }
    });
  }

  it('gives more frequent entities at least the size of less frequent ones, new entities included', () => {
    const action: BetAction = { userShare: 0.4, userFamily: 0, userShape: 0.05, itemFamily: 3, itemShape: 0.9, seed: 1 };
    // The next segment: more entities, some new ones already frequent.
    const grown = Float64Array.from([...users, 150, 0, 3]);
    const plan = actionToPlan(action, { userFrequencies: grown, itemFrequencies: items, budgetParameters: 8 * (grown.length + items.length), minSize: 1, maxSize: 128 }, families);
    expect(plan.userSizes.length).toBe(grown.length);
    for (let a = 0; a < grown.length; a++)
      for (let b = 0; b < grown.length; b += 7) if (grown[a] > grown[b]) expect(plan.userSizes[a]).toBeGreaterThanOrEqual(plan.userSizes[b]);
    const newcomer = grown.length - 3;
    expect(plan.userSizes[newcomer]).toBeGreaterThan(plan.userSizes[grown.length - 2]);
  });

  it('splits the budget by the user share', () => {
    const target = { userFrequencies: users, itemFrequencies: items, budgetParameters: 16 * 800, minSize: 1, maxSize: 128 };
    const share = (w: number) => {
      const plan = actionToPlan({ userShare: w, userFamily: 1, userShape: 0.5, itemFamily: 1, itemShape: 0.5, seed: 0 }, target, families);
      return planParameters({ userSizes: plan.userSizes, itemSizes: new Int32Array(0) }) / target.budgetParameters;
    };
    expect(share(0.2)).toBeCloseTo(0.2, 2);
    expect(share(0.6)).toBeCloseTo(0.6, 2);
  });

  it('throws when the budget cannot give everyone MIN, and on a bad family index', () => {
    const target = { userFrequencies: users, itemFrequencies: items, budgetParameters: 700, minSize: 1, maxSize: 128 };
    const action: BetAction = { userShare: 0.5, userFamily: 0, userShape: 0.5, itemFamily: 0, itemShape: 0.5, seed: 0 };
    expect(() => actionToPlan(action, target, families)).toThrow();
    expect(() => actionToPlan({ ...action, itemFamily: 4 }, { ...target, budgetParameters: 8000 }, families)).toThrow(/itemFamily/);
  });
});
