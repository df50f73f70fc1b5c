import { createRng } from '@scall/rng';
import type { AllocationRequest, BudgetAllocatorV1, SizePlan } from '@scall/spec';
import { assertPlanWithinBudget } from '@scall/spec';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

/** Options of {@link describeBudgetAllocator}. */
export interface BudgetAllocatorSuiteOptions {
  /** Shape range to draw `userShape` / `itemShape` from (the allocator's distribution's). Omit if shapes are ignored. */
  readonly shapeRange?: readonly [number, number];
  /** Whether more frequent entities must never get smaller sizes (false for random sizes). Default `true`. */
  readonly frequencyMonotone?: boolean;
  /** fast-check runs per property on small populations (1..60 per side). Default `10_000`. */
  readonly numRuns?: number;
  /** Runs of the property on large populations (up to `largePopulation` per side). Default `3`. */
  readonly largeRuns?: number;
  /** Largest population per side in the large runs. Default `500_000` (10^6 in all). */
  readonly largePopulation?: number;
  /** fast-check seed, for reproducible failures. Default `7`. */
  readonly seed?: number;
}

interface Case {
  readonly request: AllocationRequest;
  readonly seed: number;
}

/** Frequencies with many ties and cold (0) entities. */
function frequenciesArb(maxLength: number): fc.Arbitrary<number[]> {
  return fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 1000 })), { minLength: 0, maxLength });
}

function caseArb(maxPerSide: number, shapeRange: readonly [number, number] | undefined): fc.Arbitrary<Case> {
  return fc
    .record({
      users: frequenciesArb(maxPerSide),
      items: frequenciesArb(maxPerSide),
      minSize: fc.integer({ min: 1, max: 8 }),
      span: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 300 })),
      meanFraction: fc.double({ min: 0, max: 1.3, noNaN: true }),
      userShare: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
      userShapeUnit: fc.double({ min: 0, max: 1, noNaN: true }),
      itemShapeUnit: fc.double({ min: 0, max: 1, noNaN: true }),
      seed: fc.integer(),
    })
    .filter((c) => c.users.length + c.items.length > 0)
    .map((c) => {
      const maxSize = c.minSize + c.span;
      const population = c.users.length + c.items.length;
      const mean = c.minSize + c.meanFraction * (maxSize - c.minSize + 1);
      const budgetParameters = Math.max(c.minSize * population, Math.floor(mean * population));
      const shape = (u: number) => (shapeRange ? shapeRange[0] + u * (shapeRange[1] - shapeRange[0]) : undefined);
      const request: AllocationRequest = {
        budgetParameters,
        userFrequencies: c.users,
        itemFrequencies: c.items,
        userShare: c.userShare,
        userShape: shape(c.userShapeUnit),
        itemShape: shape(c.itemShapeUnit),
        minSize: c.minSize,
        maxSize,
      };
      return { request, seed: c.seed };
    });
}

/** Large populations built from a seed (fast-check shrinks the seed, not megabyte arrays). */
function largeCaseArb(maxPerSide: number, shapeRange: readonly [number, number] | undefined): fc.Arbitrary<Case> {
  return fc
    .record({
      nUsers: fc.integer({ min: 1, max: maxPerSide }),
      nItems: fc.integer({ min: 1, max: maxPerSide }),
      mean: fc.integer({ min: 1, max: 300 }),
      userShare: fc.double({ min: 0, max: 1, noNaN: true }),
      unit: fc.double({ min: 0, max: 1, noNaN: true }),
      seed: fc.integer(),
    })
    .map((c) => {
      const rng = createRng(c.seed);
      const freqs = (n: number) => Int32Array.from({ length: n }, () => (rng.next() < 0.3 ? 0 : Math.floor(1 / (1e-4 + rng.next()))));
      const shape = shapeRange ? shapeRange[0] + c.unit * (shapeRange[1] - shapeRange[0]) : undefined;
      const request: AllocationRequest = {
        budgetParameters: c.mean * (c.nUsers + c.nItems),
        userFrequencies: freqs(c.nUsers),
        itemFrequencies: freqs(c.nItems),
        userShare: c.userShare,
        userShape: shape,
        itemShape: shape,
        minSize: 1,
        maxSize: 256,
      };
      return { request, seed: c.seed };
    });
}

function allocate(allocator: BudgetAllocatorV1, c: Case): SizePlan {
  return allocator.allocate({ ...c.request, rng: createRng(c.seed) });
}

/** Throws unless a more frequent entity never has a smaller size than a less frequent one. */
function checkMonotone(frequencies: ArrayLike<number>, sizes: Int32Array, who: string): void {
  const ids = Array.from({ length: frequencies.length }, (_, i) => i).sort((a, b) => frequencies[b] - frequencies[a]);
  let minHigher = Infinity;
  let i = 0;
  while (i < ids.length) {
    let j = i;
    let groupMin = Infinity;
    while (j < ids.length && frequencies[ids[j]] === frequencies[ids[i]]) {
      const s = sizes[ids[j]];
      if (s > minHigher) {
        throw new Error(`${who} ${ids[j]} (frequency ${frequencies[ids[j]]}) has size ${s}, more than a more frequent ${who} (size ${minHigher})`);
      }
      groupMin = Math.min(groupMin, s);
      j++;
    }
    minHigher = Math.min(minHigher, groupMin);
    i = j;
  }
}

function checkPlan(c: Case, plan: SizePlan, monotone: boolean): void {
  const { request } = c;
  expect(plan.userSizes).toBeInstanceOf(Int32Array);
  expect(plan.itemSizes).toBeInstanceOf(Int32Array);
  expect(plan.userSizes.length).toBe(request.userFrequencies.length);
  expect(plan.itemSizes.length).toBe(request.itemFrequencies.length);
  expect(plan.budgetParameters).toBe(request.budgetParameters);
  expect(plan.minSize).toBe(request.minSize);
  expect(plan.maxSize).toBe(request.maxSize);
  const total = assertPlanWithinBudget(plan); // sizes in [min, max], total <= budget
  const population = plan.userSizes.length + plan.itemSizes.length;
  const leftover = request.budgetParameters - total;
  if (leftover >= population) {
    const allMax = plan.userSizes.every((s) => s === request.maxSize) && plan.itemSizes.every((s) => s === request.maxSize);
    if (!allMax) throw new Error(`leftover ${leftover} >= population ${population} although some entity is below maxSize ${request.maxSize}`);
  }
  if (monotone) {
    checkMonotone(request.userFrequencies, plan.userSizes, 'user');
    checkMonotone(request.itemFrequencies, plan.itemSizes, 'item');
  }
}

/**
 * Vitest + fast-check conformance suite for a `BudgetAllocatorV1`. Properties, each over
 * `numRuns` random requests (populations, bounds, budgets, shares, shapes, frequencies
 * with ties and cold entities) plus a few requests of up to 10^6 entities: sizes within
 * [minSize, maxSize], total within the budget, leftover below the population unless
 * every entity is at maxSize, more frequent never smaller (unless `frequencyMonotone:
 * false`), the same request and RNG seed give the same plan, and a budget below
 * `minSize × population` throws an error that states the shortfall.
 *
 * @example
 * describeBudgetAllocator('scall + power law', () => createScallAllocator({ distribution: powerLaw }), { shapeRange: powerLaw.shapeRange });
 */
export function describeBudgetAllocator(name: string, factory: () => BudgetAllocatorV1, options: BudgetAllocatorSuiteOptions = {}): void {
  const numRuns = options.numRuns ?? 10_000;
  const largeRuns = options.largeRuns ?? 3;
  const largePopulation = options.largePopulation ?? 500_000;
  const monotone = options.frequencyMonotone ?? true;
  const seed = options.seed ?? 7;

  describe(`BudgetAllocatorV1 conformance: ${name}`, () => {
    const allocator = factory();

    it('declares v1 and a name', () => {
      expect(allocator.specificationVersion).toBe('v1');
      expect(typeof allocator.name).toBe('string');
      expect(allocator.name.length).toBeGreaterThan(0);
    });

    it(`keeps every plan within bounds and budget, leftover below the population${monotone ? ', more frequent never smaller' : ''} (${numRuns} cases)`, () => {
      fc.assert(
        fc.property(caseArb(60, options.shapeRange), (c) => {
          checkPlan(c, allocate(allocator, c), monotone);
        }),
        { numRuns, seed },
      );
    });

    it(`gives the same plan for the same request and seed (${numRuns} cases)`, () => {
      fc.assert(
        fc.property(caseArb(60, options.shapeRange), (c) => {
          const a = allocate(allocator, c);
          const b = allocate(allocator, c);
          expect(Array.from(b.userSizes)).toEqual(Array.from(a.userSizes));
          expect(Array.from(b.itemSizes)).toEqual(Array.from(a.itemSizes));
        }),
        { numRuns, seed: seed + 1 },
      );
    });

    if (largeRuns > 0) {
      it(`handles populations up to ${2 * largePopulation} (${largeRuns} cases)`, () => {
        fc.assert(
          fc.property(largeCaseArb(largePopulation, options.shapeRange), (c) => {
            checkPlan(c, allocate(allocator, c), monotone);
          }),
          { numRuns: largeRuns, seed: seed + 2 },
        );
      });
    }

    it('rejects a budget below minSize × population, stating the shortfall', () => {
      fc.assert(
        fc.property(caseArb(60, options.shapeRange), fc.integer({ min: 1, max: 1000 }), (c, short) => {
          const population = c.request.userFrequencies.length + c.request.itemFrequencies.length;
          const budgetParameters = c.request.minSize * population - short;
          if (budgetParameters < 0) return;
          let message = '';
          try {
            allocator.allocate({ ...c.request, budgetParameters, rng: createRng(c.seed) });
          } catch (error) {
            message = String((error as Error).message);
          }
          const what = `budget ${budgetParameters} for ${population} entities of minSize ${c.request.minSize}`;
          expect(message, `${what}: must throw`).not.toBe('');
          expect(message, `${what}: the message must state the shortfall ${short}`).toMatch(new RegExp(`(^|[^0-9.])${short}([^0-9]|$)`));
        }),
        { numRuns: Math.min(numRuns, 1000), seed: seed + 3 },
      );
    });
  });
}
