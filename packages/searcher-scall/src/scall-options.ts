import { type AgentFactoryV1, type BudgetAllocatorV1, type CandidateSet, type EvaluationSplit, type SizeDistributionV1 } from '@scall/spec';
import { assertKnownOptions } from '@scall/plugin-utils';
import { assertAction } from './action-to-plan.js';
import { SCALL_PRESETS, type ScallPresetName } from './scall-presets.js';
import { assertShapeMapping, type ShapeMapping } from './shape-mapping.js';

/**
 * What a candidate's fitness is compared with: `'deployed'` (the reference: the deployed
 * model's first-block fitness f_ref) or `'twin'` (a paired reward: a uniform-size model
 * trained on the same triples from the same seeds, common random numbers).
 */
export type RewardBaseline = 'deployed' | 'twin';

/**
 * Where the reward's training and initialisation seeds come from: `'step'` (the
 * reference: fresh seeds for every environment step) or `'segment'` (the same
 * `rewardSeeds` seeds for every step of a policy update, so actions are compared under
 * common random numbers and the twin is trained once per seed and segment).
 */
export type RewardSeeding = 'step' | 'segment';

/**
 * How a reward model is initialised: `'fresh'` (the reference: its own random draw) or
 * `'shared'` (every model of a seed starts from the prefix of one MAX-wide random table,
 * common random numbers for the initial embeddings).
 */
export type RewardInit = 'fresh' | 'shared';

/**
 * Which action plans the next segment after a policy update: `'policy'` (the reference:
 * the deterministic action of the updated policy) or `'best-explored'` (the explored
 * action of this update with the highest mean reward ratio; it was scored under the same
 * reward as every other action of the update, so with common random numbers the
 * comparison is paired).
 */
export type DeployAction = 'policy' | 'best-explored';

/**
 * Options of {@link createScallSearcher}. Every constant of the SCALL protocol (§5) is a
 * named option with the reference value as its default; the reward options beyond the
 * reference are opt-in (or bundled by `preset: 'v2'`).
 */
export interface ScallSearcherOptions {
  /** Size distribution whose shape parameters the agent chooses (power law in SCALL). */
  readonly distribution: SizeDistributionV1;
  /** Turns (budget, frequencies, rho, shapes) into a size plan; SCALL's allocator by default in the app. */
  readonly allocator: BudgetAllocatorV1;
  /** Creates the RL agent; SAC in SCALL. Actions are requested in [0, 1]^3. */
  readonly agent: AgentFactoryV1;
  /**
   * Named bundle of defaults, applied under the explicit options: `'reference'` (the
   * reference code's behaviour, default) or `'v2'` (a reward with signal, see README).
   */
  readonly preset?: ScallPresetName;
  /** Seed of the agent. Default 0. */
  readonly seed?: number;
  /** Mean-pooling groups per entity kind in the state (G = 256). */
  readonly groups?: number;
  /** Training steps of the fresh recommender that scores one candidate action (200). */
  readonly rewardSteps?: number;
  /**
   * Triples per training step of the reward's recommenders; default: the recommender's
   * own batch size (10,000 for LightGCN). Smaller is cheaper.
   */
  readonly rewardBatchSize?: number;
  /** Reward rescaling `10 * (r - low) / (high - low)`: (0.9, 1.1), or (0.7, 1.2) on Yelp. */
  readonly rewardRange?: readonly [number, number];
  /**
   * Split the reward is measured on: default the run's own evaluation (`context.evaluate`,
   * i.e. the selection split); `'test'` or `'validation'` to choose.
   */
  readonly rewardSplit?: EvaluationSplit;
  /** Candidates of the reward's evaluation: default the run's; `'catalogue'`, `'reference'` or `'test-items'`. */
  readonly rewardCandidates?: CandidateSet;
  /** Cut-off K of the reward's fitness when `rewardSplit` or `rewardCandidates` is set (20). */
  readonly rewardK?: number;
  /** What the candidate's fitness is divided by (`'deployed'`). */
  readonly rewardBaseline?: RewardBaseline;
  /** Seeds per candidate action; the reward is the mean ratio over them (1). */
  readonly rewardSeeds?: number;
  /** Fresh seeds per step (`'step'`) or common seeds for the whole policy update (`'segment'`). */
  readonly rewardSeeding?: RewardSeeding;
  /** Own random initialisation per reward model (`'fresh'`) or a shared MAX-wide table per seed (`'shared'`). */
  readonly rewardInit?: RewardInit;
  /** Mapping of alpha_u, alpha_i onto the shape range (`'linear'`, the reference). */
  readonly shapeMapping?: ShapeMapping;
  /** Which action plans the next segment: the policy's deterministic one (`'policy'`) or the best explored (`'best-explored'`). */
  readonly deployAction?: DeployAction;
  /**
   * Actions `(rho, alpha_u, alpha_i)` in [0, 1]^3 that every policy update scores first,
   * in this order, in place of the agent's exploration (a fixed design, e.g. the corners
   * of the box): they enter the replay buffer like any explored action and are candidates
   * of `deployAction: 'best-explored'`. Default none (the reference). At most
   * `maxPolicySteps` of them.
   */
  readonly probeActions?: readonly (readonly number[])[];
  /** Minimum environment steps per policy update (10). */
  readonly minPolicySteps?: number;
  /** Hard cap on environment steps per policy update (30; the reference has none). */
  readonly maxPolicySteps?: number;
  /** Convergence window: the policy's mean rho must be stable over this many steps (5). */
  readonly convergenceWindow?: number;
  /** ... within this tolerance (0.01). */
  readonly convergenceTolerance?: number;
}

/** Options with every default filled in (the reward evaluation stays optional: undefined = the run's). */
export type ResolvedScallOptions = Required<Omit<ScallSearcherOptions, 'rewardSplit' | 'rewardCandidates' | 'rewardBatchSize'>> &
  Pick<ScallSearcherOptions, 'rewardSplit' | 'rewardCandidates' | 'rewardBatchSize'>;

const KNOWN = [
  'distribution',
  'allocator',
  'agent',
  'preset',
  'seed',
  'groups',
  'rewardSteps',
  'rewardBatchSize',
  'rewardRange',
  'rewardSplit',
  'rewardCandidates',
  'rewardK',
  'rewardBaseline',
  'rewardSeeds',
  'rewardSeeding',
  'rewardInit',
  'shapeMapping',
  'deployAction',
  'probeActions',
  'minPolicySteps',
  'maxPolicySteps',
  'convergenceWindow',
  'convergenceTolerance',
] as const;

const oneOf = (name: string, value: unknown, allowed: readonly unknown[]) => {
  if (value !== undefined && !allowed.includes(value)) {
    throw new RangeError(`SCALL searcher option ${name} must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}, got ${JSON.stringify(value)}`);
  }
};

/** Fills defaults (the preset's, then the reference's) and checks ranges, naming the offending option. */
export function resolveScallOptions(options: ScallSearcherOptions): ResolvedScallOptions {
  assertKnownOptions('SCALL searcher', options, KNOWN);
  const presetName = options.preset ?? 'reference';
  oneOf('preset', presetName, Object.keys(SCALL_PRESETS));
  // Explicit `undefined` values must not hide a default.
  const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as unknown as ScallSearcherOptions;
  const resolved: ResolvedScallOptions = {
    preset: presetName,
    seed: 0,
    groups: 256,
    rewardSteps: 200,
    rewardRange: [0.9, 1.1],
    rewardK: 20,
    rewardBaseline: 'deployed',
    rewardSeeds: 1,
    rewardSeeding: 'step',
    rewardInit: 'fresh',
    shapeMapping: 'linear',
    deployAction: 'policy',
    probeActions: [],
    minPolicySteps: 10,
    maxPolicySteps: 30,
    convergenceWindow: 5,
    convergenceTolerance: 0.01,
    ...SCALL_PRESETS[presetName],
    ...given,
  };
  const positive = (name: keyof ResolvedScallOptions) => {
    const v = resolved[name] as number;
    if (!(Number.isInteger(v) && v >= 1)) throw new RangeError(`SCALL searcher option ${name} must be a positive integer, got ${v}`);
  };
  positive('groups');
  positive('rewardSteps');
  positive('rewardK');
  positive('rewardSeeds');
  positive('minPolicySteps');
  positive('maxPolicySteps');
  positive('convergenceWindow');
  if (resolved.rewardBatchSize !== undefined) positive('rewardBatchSize');
  if (resolved.maxPolicySteps < resolved.minPolicySteps) {
    throw new RangeError(`SCALL searcher option maxPolicySteps (${resolved.maxPolicySteps}) is below minPolicySteps (${resolved.minPolicySteps})`);
  }
  const [low, high] = resolved.rewardRange;
  if (!(high > low)) throw new RangeError(`SCALL searcher option rewardRange must be [low, high] with high > low, got [${low}, ${high}]`);
  if (!(resolved.convergenceTolerance > 0)) throw new RangeError(`SCALL searcher option convergenceTolerance must be > 0`);
  oneOf('rewardSplit', resolved.rewardSplit, ['test', 'validation']);
  oneOf('rewardCandidates', resolved.rewardCandidates, ['test-items', 'reference', 'catalogue']);
  oneOf('rewardBaseline', resolved.rewardBaseline, ['deployed', 'twin']);
  oneOf('rewardSeeding', resolved.rewardSeeding, ['step', 'segment']);
  oneOf('rewardInit', resolved.rewardInit, ['fresh', 'shared']);
  oneOf('shapeMapping', resolved.shapeMapping, ['linear', 'log']);
  oneOf('deployAction', resolved.deployAction, ['policy', 'best-explored']);
  const probes = resolved.probeActions;
  if (!Array.isArray(probes)) throw new RangeError(`SCALL searcher option probeActions must be an array of actions, got ${JSON.stringify(probes)}`);
  probes.forEach((a, i) => assertAction(`SCALL searcher option probeActions[${i}]`, a));
  if (probes.length > resolved.maxPolicySteps) {
    throw new RangeError(`SCALL searcher option probeActions has ${probes.length} actions, more than maxPolicySteps (${resolved.maxPolicySteps})`);
  }
  if (!resolved.distribution || !resolved.allocator || !resolved.agent) {
    throw new TypeError('SCALL searcher needs a distribution, an allocator and an agent factory');
  }
  assertShapeMapping(resolved.shapeMapping, resolved.distribution);
  return resolved;
}
