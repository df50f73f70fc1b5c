import type { Rng } from '@scall/spec';

/** A standard normal draw (Box–Muller, using two uniforms). */
export function normal(rng: Rng, mean = 0, std = 1): number {
  let u = rng.next();
  while (u === 0) u = rng.next();
  const v = rng.next();
  return mean + std * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Fills `out` with N(mean, std^2) draws and returns it. */
export function fillNormal<T extends Float32Array | Float64Array>(rng: Rng, out: T, mean = 0, std = 1): T {
  for (let i = 0; i < out.length; i++) out[i] = normal(rng, mean, std);
  return out;
}

/** Shuffles `array` in place (Fisher–Yates) and returns it. */
export function shuffle<T extends { length: number; [i: number]: unknown }>(rng: Rng, array: T): T {
  for (let i = array.length - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    const t = array[i];
    array[i] = array[j];
    array[j] = t;
  }
  return array;
}

/** A 31-bit integer seed drawn from `rng`, for libraries that take numeric seeds (tfjs initialisers). */
export function seedFrom(rng: Rng): number {
  return rng.nextInt(0x7fffffff);
}
