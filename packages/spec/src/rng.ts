/**
 * A seeded source of randomness. Every random choice in SCALL plug-ins takes one of
 * these, so that the same seed gives the same result. Implementations live outside
 * the contracts (see `@scall/rng`, built on pure-rand).
 */
export interface Rng {
  /** A float drawn uniformly from [0, 1). */
  next(): number;
  /** An integer drawn uniformly from [0, n). `n` must be a positive integer below 2^32. */
  nextInt(n: number): number;
  /**
   * A new, independent generator derived from this one (advances this generator).
   * Use it to hand a sub-component its own stream without coupling draw orders.
   */
  fork(): Rng;
  /** A JSON-serialisable snapshot of the generator's state, for checkpoints. */
  getState(): RngState;
}

/** Serialisable state of an {@link Rng}; the format is owned by the implementation. */
export interface RngState {
  /** Name of the algorithm that produced the state (e.g. `"xoroshiro128plus"`). */
  readonly algorithm: string;
  /** Opaque integers; restore with the implementation's `restoreRng`. */
  readonly words: readonly number[];
}
