export { createUniformSearcher, createRandomSearcher, createFrequencySearcher } from './baseline-searchers.js';
export type { BaselineOptions, FrequencySearcherOptions } from './baseline-searchers.js';
export { AllocatingSearcher } from './allocating-searcher.js';
