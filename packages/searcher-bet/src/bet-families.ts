import { assertSpecificationVersion } from '@scall/plugin-utils';
import type { BudgetAllocatorV1, SearcherComponents, SizeDistributionV1 } from '@scall/spec';
import type { ProportionMode } from './bet-action.js';
import { rememberExpectedProportions } from './remembered-distribution.js';

/** Shape ranges of BET's four families: power law up to 20, normal up to 20, exponential up to 5, log-normal up to 0.5. */
export const BET_SHAPE_RANGES = {
  powerLaw: [0.1, 20],
  normal: [0, 20],
  exponential: [0.1, 5],
  logNormal: [0.05, 0.5],
} as const satisfies Record<string, readonly [number, number]>;

/**
 * One size family of BET's sampler: a registered distribution by name (with the options
 * its factory takes), or a `SizeDistributionV1` built by the caller.
 */
export type BetFamilySpec = string | { readonly name: string; readonly options?: Record<string, unknown> } | SizeDistributionV1;

/**
 * BET's four families with BET's shape ranges, by registry name: `power-law`
 * (`@scall/distribution-power-law`), `shifted-normal` (this package's
 * {@link createShiftedNormal}, registered by its manifest), `truncated-exponential`
 * (`@scall/distribution-truncated-exponential`) and `log-normal`
 * (`@scall/distribution-log-normal`). The app builds them through
 * `SearcherComponents.resolveDistribution`; the action sampler draws a family uniformly
 * from the list and its shape uniformly in the family's range.
 */
export const BET_FAMILIES: readonly BetFamilySpec[] = Object.freeze([
  { name: 'power-law', options: { shapeRange: BET_SHAPE_RANGES.powerLaw } },
  { name: 'shifted-normal', options: { shapeRange: BET_SHAPE_RANGES.normal } },
  { name: 'truncated-exponential', options: { shapeRange: BET_SHAPE_RANGES.exponential } },
  { name: 'log-normal', options: { shapeRange: BET_SHAPE_RANGES.logNormal } },
]);

/** A resolved family: its distribution and the exact allocator built on it. */
export interface BetFamily {
  readonly distribution: SizeDistributionV1;
  /** The registered `scall` allocator over `distribution`, in the searcher's proportion mode. */
  readonly allocator: BudgetAllocatorV1;
}

/** What BET needs from the app that assembles the run (`SearcherComponents` revision 2). */
export type BetComponents = Pick<SearcherComponents, 'revision' | 'resolveDistribution' | 'resolveAllocator'>;

/** The allocator BET sizes each family's side with: SCALL's budget-exact one (split, water-filling, frequency rank). */
export const BET_FAMILY_ALLOCATOR = 'scall';

/**
 * Checks that `components` can build BET's parts (revision 2: `resolveDistribution`, and
 * `resolveAllocator` on a given distribution) and returns the two functions; otherwise
 * throws a `TypeError` saying what the app lacks.
 */
export function betResolvers(components: BetComponents | undefined): Required<Pick<BetComponents, 'resolveDistribution' | 'resolveAllocator'>> {
  const revision = components?.revision ?? 1;
  const resolveDistribution = components?.resolveDistribution;
  const resolveAllocator = components?.resolveAllocator;
  if (revision < 2 || typeof resolveDistribution !== 'function' || typeof resolveAllocator !== 'function') {
    const missing = [revision < 2 && `revision ${revision} < 2`, typeof resolveDistribution !== 'function' && 'no resolveDistribution', typeof resolveAllocator !== 'function' && 'no resolveAllocator']
      .filter(Boolean)
      .join(', ');
    throw new TypeError(
      `BET searcher: the app must supply SearcherComponents revision 2 (resolveDistribution, and resolveAllocator on a given distribution) to build its size families and allocators (got ${missing}). The scall app does; another app builds them from its plug-in registry.`,
    );
  }
  return { resolveDistribution, resolveAllocator };
}

/**
 * Builds BET's families from their specs through the app's registry: each
 * distribution by `resolveDistribution`, and on it the exact allocator
 * ({@link BET_FAMILY_ALLOCATOR}) by `resolveAllocator`, with `proportions`. Meant for the
 * searcher's factory, so that a family the registry lacks fails when the run is
 * assembled, with a message naming the family.
 *
 * @example
 * const families = resolveBetFamilies(BET_FAMILIES, components, 'expected'); // components: the app's SearcherComponents
 */
export function resolveBetFamilies(specs: readonly BetFamilySpec[], components: BetComponents, proportions: ProportionMode): BetFamily[] {
  const { resolveDistribution, resolveAllocator } = betResolvers(components);
  return specs.map((spec, i) => {
    const { name, options } = typeof spec === 'string' ? { name: spec, options: {} } : 'specificationVersion' in spec ? { name: spec.name, options: undefined } : { name: spec.name, options: spec.options ?? {} };
    let distribution: SizeDistributionV1;
    try {
      distribution = options === undefined ? assertSpecificationVersion('distribution', name, spec as SizeDistributionV1) : resolveDistribution(name, options);
    } catch (error) {
      throw new Error(`BET searcher: size family ${i} ("${name}") cannot be built: ${(error as Error).message}`, { cause: error });
    }
    let allocator: BudgetAllocatorV1;
    try {
      allocator = resolveAllocator(BET_FAMILY_ALLOCATOR, { proportions }, { distribution: rememberExpectedProportions(distribution) });
    } catch (error) {
      throw new Error(`BET searcher: the "${BET_FAMILY_ALLOCATOR}" allocator for size family ${i} ("${name}") cannot be built: ${(error as Error).message}`, { cause: error });
    }
    return { distribution, allocator };
  });
}
