import { createPowerLaw } from '@scall/distribution-power-law';
import { describe, expect, it } from 'vitest';
import { rememberExpectedProportions } from '../src/remembered-distribution.js';

describe('rememberExpectedProportions', () => {
  it('returns the distribution\'s own proportions, computing each (n, shape) once while it is among the last few', () => {
    const power = createPowerLaw();
    let calls = 0;
    const counted = { ...power, expectedProportions: (n: number, shape: number) => (calls++, power.expectedProportions(n, shape)) };
    const remembered = rememberExpectedProportions(counted, 2);
    const first = remembered.expectedProportions(50, 2);
    first[0] = -1; // a caller's change must not reach the next caller
    expect(Array.from(remembered.expectedProportions(50, 2))).toEqual(Array.from(power.expectedProportions(50, 2)));
    expect(calls).toBe(1);
    remembered.expectedProportions(50, 3);
    remembered.expectedProportions(50, 2);
    remembered.expectedProportions(60, 2);
    expect(calls).toBe(3); // (50, 2) stayed among the last two; (50, 3) and (60, 2) were new
    remembered.expectedProportions(50, 3);
    expect(calls).toBe(4); // evicted
    expect([remembered.name, remembered.shapeRange, remembered.skewDirection]).toEqual([power.name, power.shapeRange, power.skewDirection]);
  });
});
