export { createRng, restoreRng } from './create-rng.js';
export { normal, fillNormal, shuffle, seedFrom } from './draws.js';
export type { Rng, RngState } from '@scall/spec';
