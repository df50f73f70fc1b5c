import { assertKnownOptions } from '@scall/plugin-utils';
import type { AgentFactoryV1 } from '@scall/spec';
import type { BudgetProjection } from './project-sizes.js';
import { userError } from './user-error.js';

/**
 * What CIESS does when there is no earlier segment to search on: `'uniform'` sizes (a
 * stream's warm-up segment 0, as SCALL's stream starts) or `'search'` on the segment
 * itself (the static protocol's single segment: loops scored on the run's selection
 * split, the best of the uniform start and the loops' plans deployed).
 */
export type FirstSegmentMode = 'uniform' | 'search';

/** How the budget is shared between users and items when proposals are projected onto it. */
export type BudgetSplit = 'shared' | 'by-population';

/** Which model an entity's quality is measured against. */
export type QualityReference = 'deployed' | 'full-size';

/**
 * Options of {@link createCiessSearcher}. Every constant of CIESS is a named option; the
 * defaults are the authors' values where they fit a stream (issue figures: λ = 0.01,
 * walks of 5 steps over sizes ±5, Recall/NDCG at 5/10/20, T = 11 loops).
 */
export interface CiessSearcherOptions {
  /**
   * Creates the two agents (users, items), each with a 3-value state and one action in
   * [MIN, MAX]. It should make `BatchedAgentV1` agents (`@scall/agent-td3`); an agent
   * without `actBatch` is driven row by row, one without `criticValues` only with
   * `walkSteps: 0`.
   */
  readonly agent: AgentFactoryV1;
  /** Seed of the user agent (the item agent gets `seed + 1`). Default `0`. */
  readonly seed?: number;
  /** Environment steps ("loops") of each policy update on segment t-1. Default `11` (CIESS's T). */
  readonly loops?: number;
  /**
   * Episodes of `loops` loops per policy update; each episode starts again from the
   * starting plan (the deployed plan of t-1, or the uniform start of a static search),
   * the agents keep learning across them, and the best plan over every episode is kept.
   * Default `1` (a stream step's budget; CIESS's static search runs many).
   */
  readonly episodes?: number;
  /** Training steps of the fresh recommender that scores one loop's sizes. Default `200`. */
  readonly rewardSteps?: number;
  /** λ of the per-entity reward `quality - λ ((size - 1) / MAX)^2`. Default `0.01`. */
  readonly sizePenalty?: number;
  /** Steps of the random walk from the actor's proposal (the critic picks among `walkSteps + 1` sizes; 0: no walk). Default `5`. */
  readonly walkSteps?: number;
  /** Sizes within this distance are linked in the walk's graph. Default `5`. */
  readonly walkRadius?: number;
  /** Calls of each agent's `update()` per loop. Default `20`. */
  readonly agentUpdatesPerLoop?: number;
  /** Cut-offs whose Recall and NDCG are averaged into an entity's quality. Default `[5, 10, 20]`. */
  readonly qualityKs?: readonly number[];
  /**
   * The reference of the quality ratio: `'deployed'` (the model deployed on t-1, free) or
   * `'full-size'` (a fresh MAX-wide model trained `rewardSteps` steps on t-1, as CIESS's
   * full-size pretrained model; costs one more training per segment). Default `'deployed'`.
   */
  readonly qualityReference?: QualityReference;
  /** Quality ratios are capped to [0, qualityRatioCap]. Default `2`. */
  readonly qualityRatioCap?: number;
  /** How proposed sizes meet the budget (see `projectSizes`). Default `'fill'`. */
  readonly projection?: BudgetProjection;
  /** Warm-start each loop's recommender from the deployed model instead of a fresh one. Default `false`. */
  readonly warmStartCandidates?: boolean;
  /**
   * Segment 0 (no earlier segment): `'uniform'` sizes, or `'search'` on segment 0 itself
   * (for the static protocol, whose only segment is segment 0; the loops' baseline is a
   * uniform-size model trained `rewardSteps` steps). Default `'uniform'`.
   */
  readonly firstSegment?: FirstSegmentMode;
  /**
   * `'shared'`: one projection over users and items together, so the side whose agent
   * proposes larger sizes takes more of the budget. `'by-population'`: users are
   * projected onto floor(P nU / (nU + nI)) parameters and items onto the rest, so the
   * agents only trade sizes within their own side (the two agents do not compete for
   * one budget). Default `'shared'`.
   */
  readonly budgetSplit?: BudgetSplit;
}

/** Options with every default filled in. */
export type ResolvedCiessOptions = Required<CiessSearcherOptions>;

/** The defaults of every option except `agent`. */
export const CIESS_DEFAULTS: Omit<ResolvedCiessOptions, 'agent'> = Object.freeze({
  seed: 0,
  loops: 11,
  episodes: 1,
  rewardSteps: 200,
  sizePenalty: 0.01,
  walkSteps: 5,
  walkRadius: 5,
  agentUpdatesPerLoop: 20,
  qualityKs: Object.freeze([5, 10, 20]),
  qualityReference: 'deployed',
  qualityRatioCap: 2,
  projection: 'fill',
  warmStartCandidates: false,
  firstSegment: 'uniform',
  budgetSplit: 'shared',
});

function fail(option: string, value: unknown, expected: string): never {
  throw userError(new RangeError(`CIESS searcher: option "${option}" must be ${expected} (got ${JSON.stringify(value) ?? String(value)})`));
}

/** Fills defaults and checks every option, naming the one at fault. */
export function resolveCiessOptions(options: CiessSearcherOptions): ResolvedCiessOptions {
  if (options === null || typeof options !== 'object') throw userError(new TypeError(`CIESS searcher: options must be an object (got ${String(options)})`));
  assertKnownOptions('CIESS searcher', options, ['agent', ...Object.keys(CIESS_DEFAULTS)]);
  const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  const o = { ...CIESS_DEFAULTS, ...given } as ResolvedCiessOptions;
  if (typeof o.agent !== 'function') fail('agent', o.agent, 'an agent factory (e.g. createTd3())');
  if (!Number.isInteger(o.seed)) fail('seed', o.seed, 'an integer');
  for (const key of ['loops', 'episodes', 'rewardSteps'] as const) if (!(Number.isInteger(o[key]) && o[key] >= 1)) fail(key, o[key], 'a positive integer');
  for (const key of ['walkSteps', 'agentUpdatesPerLoop'] as const) if (!(Number.isInteger(o[key]) && o[key] >= 0)) fail(key, o[key], 'an integer >= 0');
  if (!(Number.isInteger(o.walkRadius) && o.walkRadius >= 1)) fail('walkRadius', o.walkRadius, 'a positive integer');
  if (!(o.sizePenalty >= 0 && Number.isFinite(o.sizePenalty))) fail('sizePenalty', o.sizePenalty, 'a finite number >= 0');
  if (!(o.qualityRatioCap > 1 && Number.isFinite(o.qualityRatioCap))) fail('qualityRatioCap', o.qualityRatioCap, 'a finite number > 1');
  if (!Array.isArray(o.qualityKs) || o.qualityKs.length === 0 || !o.qualityKs.every((k) => Number.isInteger(k) && k >= 1)) {
    fail('qualityKs', o.qualityKs, 'a non-empty array of positive integers');
  }
  if (o.qualityReference !== 'deployed' && o.qualityReference !== 'full-size') fail('qualityReference', o.qualityReference, '"deployed" or "full-size"');
  if (o.projection !== 'fill' && o.projection !== 'cap') fail('projection', o.projection, '"fill" or "cap"');
  if (o.budgetSplit !== 'shared' && o.budgetSplit !== 'by-population') fail('budgetSplit', o.budgetSplit, '"shared" or "by-population"');
  if (o.firstSegment !== 'uniform' && o.firstSegment !== 'search') fail('firstSegment', o.firstSegment, '"uniform" or "search"');
  if (typeof o.warmStartCandidates !== 'boolean') fail('warmStartCandidates', o.warmStartCandidates, 'a boolean');
  return o;
}
