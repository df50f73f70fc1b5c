import type { Rng, RngState } from '@scall/spec';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus, xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import type { JumpableRandomGenerator } from 'pure-rand/types/JumpableRandomGenerator';

const ALGORITHM = 'xoroshiro128plus';

class PureRng implements Rng {
  constructor(private readonly generator: JumpableRandomGenerator) {}

  next(): number {
    return uniformFloat64(this.generator);
  }

  nextInt(n: number): number {
    if (!(Number.isInteger(n) && n > 0 && n <= 0x1_0000_0000)) {
      throw new RangeError(`nextInt(n) needs an integer n in [1, 2^32], got ${n}`);
    }
    return uniformInt(this.generator, 0, n - 1);
  }

  fork(): Rng {
    // A child seeded from two draws of the parent: independent of later parent draws.
    const seed = (this.generator.next() ^ (this.generator.next() << 7)) | 0;
    return new PureRng(xoroshiro128plus(seed));
  }

  getState(): RngState {
    return { algorithm: ALGORITHM, words: [...this.generator.getState()] };
  }
}

/**
 * A seeded generator (xoroshiro128+ from pure-rand). The same seed always gives the
 * same sequence.
 *
 * @example
 * const rng = createRng(42);
 * rng.next(); // float in [0, 1)
 * rng.nextInt(10); // integer in [0, 10)
 */
export function createRng(seed: number): Rng {
  if (!Number.isFinite(seed)) throw new RangeError(`Seed must be a finite number, got ${seed}`);
  return new PureRng(xoroshiro128plus(scramble(Math.trunc(seed) | 0)));
}

/** Mixes small seeds (0, 1, 2, ...) so their first draws are not near-identical (a murmur3 finaliser). */
function scramble(seed: number): number {
  let h = seed ^ 0x9e3779b9;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

/** Recreates a generator from {@link Rng.getState}; it continues exactly where the original was. */
export function restoreRng(state: RngState): Rng {
  if (state.algorithm !== ALGORITHM) {
    throw new Error(`Cannot restore RNG state of algorithm "${state.algorithm}" (expected "${ALGORITHM}")`);
  }
  return new PureRng(xoroshiro128plusFromState(state.words));
}
