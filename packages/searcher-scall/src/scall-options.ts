import { assertKnownOptions, type AgentFactoryV1, type BudgetAllocatorV1, type SizeDistributionV1 } from '@scall/spec';

/**
 * Options of {@link createScallSearcher}. Every constant of the SCALL protocol (§5) is a
 * named option with the reference value as its default.
 */
export interface ScallSearcherOptions {
  /** Size distribution whose shape parameters the agent chooses (power law in SCALL). */
  readonly distribution: SizeDistributionV1;
  /** Turns (budget, frequencies, rho, shapes) into a size plan; SCALL's allocator by default in the app. */
  readonly allocator: BudgetAllocatorV1;
  /** Creates the RL agent; SAC in SCALL. Actions are requested in [0, 1]^3. */
  readonly agent: AgentFactoryV1;
  /** Seed of the agent. Default 0. */
  readonly seed?: number;
  /** Mean-pooling groups per entity kind in the state (G = 256). */
  readonly groups?: number;
  /** Training steps of the fresh recommender that scores one candidate action (200). */
  readonly rewardSteps?: number;
  /** Reward rescaling `10 * (r - low) / (high - low)`: (0.9, 1.1), or (0.7, 1.2) on Yelp. */
  readonly rewardRange?: readonly [number, number];
  /** Minimum environment steps per policy update (10). */
  readonly minPolicySteps?: number;
  /** Hard cap on environment steps per policy update (30; the reference has none). */
  readonly maxPolicySteps?: number;
  /** Convergence window: the policy's mean rho must be stable over this many steps (5). */
  readonly convergenceWindow?: number;
  /** ... within this tolerance (0.01). */
  readonly convergenceTolerance?: number;
}

/** Options with every default filled in. */
export type ResolvedScallOptions = Required<ScallSearcherOptions>;

/** Fills defaults and checks ranges, naming the offending option. */
export function resolveScallOptions(options: ScallSearcherOptions): ResolvedScallOptions {
  assertKnownOptions('SCALL searcher', options, ['distribution', 'allocator', 'agent', 'seed', 'groups', 'rewardSteps', 'rewardRange', 'minPolicySteps', 'maxPolicySteps', 'convergenceWindow', 'convergenceTolerance']);
  const resolved: ResolvedScallOptions = {
    seed: 0,
    groups: 256,
    rewardSteps: 200,
    rewardRange: [0.9, 1.1],
    minPolicySteps: 10,
    maxPolicySteps: 30,
    convergenceWindow: 5,
    convergenceTolerance: 0.01,
    ...options,
  };
  const positive = (name: keyof ResolvedScallOptions) => {
    const v = resolved[name] as number;
    if (!(Number.isInteger(v) && v >= 1)) throw new RangeError(`SCALL searcher option ${name} must be a positive integer, got ${v}`);
  };
  positive('groups');
  positive('rewardSteps');
  positive('minPolicySteps');
  positive('maxPolicySteps');
  positive('convergenceWindow');
  if (resolved.maxPolicySteps < resolved.minPolicySteps) {
    throw new RangeError(`SCALL searcher option maxPolicySteps (${resolved.maxPolicySteps}) is below minPolicySteps (${resolved.minPolicySteps})`);
  }
  const [low, high] = resolved.rewardRange;
  if (!(high > low)) throw new RangeError(`SCALL searcher option rewardRange must be [low, high] with high > low, got [${low}, ${high}]`);
  if (!(resolved.convergenceTolerance > 0)) throw new RangeError(`SCALL searcher option convergenceTolerance must be > 0`);
  if (!resolved.distribution || !resolved.allocator || !resolved.agent) {
    throw new TypeError('SCALL searcher needs a distribution, an allocator and an agent factory');
  }
  return resolved;
}
