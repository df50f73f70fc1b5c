export { createRng, restoreRng } from './create-rng.js';
export { normal, fillNormal, shuffle, seedFrom } from './draws.js';
export { seedTree, deriveSeed, SEED_NAMES } from './seed-tree.js';
export type { SeedTree, SeedName } from './seed-tree.js';
export type { Rng, RngState } from '@scall/spec';
