export { createUniformSearcher, createRandomSearcher, createFrequencySearcher } from './baseline-searchers.js';
export type { BaselineOptions } from './baseline-searchers.js';
export { AllocatingSearcher, createAllocatingSearcher } from './allocating-searcher.js';
export type { AllocatingSearcherOptions } from './allocating-searcher.js';
export { scallPlugins } from './plugins.js';
