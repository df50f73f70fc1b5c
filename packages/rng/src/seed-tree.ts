import type { Rng } from '@scall/spec';
import { createRng } from './create-rng.js';

/**
 * The named children of a {@link SeedTree} and the constant each name hashes with.
 * The numbers are part of every recorded result: never renumber one (a new name takes
 * a new number).
 */
export const SEED_NAMES = {
  /** The searcher's randomness while it plans segment `index` (`SearchContext.rng`). */
  search: 1,
  /** The initial embeddings of segment `index`'s recommender (`recommender.build`). */
  init: 2,
  /** Segment `index`'s training batches (`trainToConvergence`). */
  train: 3,
} as const;

/** A name {@link SeedTree.child} accepts: see {@link SEED_NAMES}. */
export type SeedName = keyof typeof SEED_NAMES;

/**
 * A tree of seeds with one root, the run seed. A node's children are named
 * ({@link SEED_NAMES}) and indexed (the segment, ...); a child's seed depends only on its
 * parent's seed, its name and its index ({@link deriveSeed}, the one derivation), so a
 * resumed run draws exactly what an uninterrupted one would, and two purposes never
 * share a stream.
 *
 * What the runner derives from the run seed `s` (`seedTree(s)`):
 * - `child('search', t)`: the searcher's `SearchContext.rng` on segment `t`;
 * - `child('init', t)`: the initial embeddings of segment `t`'s model (also when a resumed
 *   run rebuilds the deployed model);
 * - `child('train', t)`: segment `t`'s training batches.
 *
 * Two things are deliberately not children:
 * - the agent: the searcher factories receive the root value itself
 *   (`SearcherComponents.seed`, i.e. `tree.seed`) and seed their agents (SCALL's SAC/TD3,
 *   CIESS's pair with `seed` and `seed + 1`, BET's predictor) from it, as they always did;
 * - the dataset: the stream (synthetic rows, test users, replay samples) is part of the
 *   dataset's definition and has its own `seed` setting (`dataset.seed`), so every run
 *   seed sees the same data and paired-over-seeds comparisons are valid.
 *
 * @example
 * const seeds = seedTree(1);
 * const rng = seeds.child('search', 0).rng(); // the searcher's generator on segment 0
 * seeds.child('train', 3).seed; // a 32-bit integer
 */
export interface SeedTree {
  /** This node's seed (the root: the run seed as given; a child: a 32-bit integer). */
  readonly seed: number;
  /** The child `name` at `index` (default 0), e.g. `child('train', t)` for segment `t`. */
  child(name: SeedName, index?: number): SeedTree;
  /** A fresh generator seeded with {@link seed} (`createRng(seed)`); every call starts the same stream. */
  rng(): Rng;
}

/**
 * The seed of the child `name` at `index` of a node whose seed is `parent`: the one
 * seed derivation of the code base (a multiply-xor hash of the three, then a
 * murmur-style finaliser).
 *
 * @example
 * deriveSeed(1, 'search', 0); // the seed of the searcher's generator on segment 0 of run seed 1
 */
export function deriveSeed(parent: number, name: SeedName, index = 0): number {
  const constant = SEED_NAMES[name];
  if (constant === undefined) throw new RangeError(`Unknown seed name ${JSON.stringify(name)} (known: ${Object.keys(SEED_NAMES).join(', ')})`);
  if (!Number.isInteger(index)) throw new RangeError(`Seed index must be an integer, got ${index}`);
  let h = Math.imul(parent | 0, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca77) ^ Math.imul(constant, 0xc2b2ae3d);
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  return (h ^ (h >>> 12)) | 0;
}

class SeedNode implements SeedTree {
  constructor(readonly seed: number) {}

  child(name: SeedName, index = 0): SeedTree {
    return new SeedNode(deriveSeed(this.seed, name, index));
  }

  rng(): Rng {
    return createRng(this.seed);
  }
}

/**
 * The {@link SeedTree} rooted at `seed` (the run seed).
 *
 * @throws {RangeError} when `seed` is not a finite number.
 */
export function seedTree(seed: number): SeedTree {
  if (!Number.isFinite(seed)) throw new RangeError(`The root of a seed tree must be a finite number, got ${seed}`);
  return new SeedNode(seed);
}
