import { parseConfig } from '../src/index.js';

// A miniature SCALL stream: tiny synthetic data, MF, few policy and training steps.
export const miniature = (out: string, extra: Record<string, unknown> = {}) =>
  parseConfig({
    dataset: {
      name: 'synthetic-small',
      options: {
        source: { format: 'synthetic', users: 140, items: 80, rows: 2400, topics: 4, seed: 5 },
        segmenter: { kind: 'new-entities', threshold: 60 },
      },
    },
    budget: 'c=6',
    maxSize: 16,
    recommender: { name: 'mf', options: { batchSize: 256 } },
    searcher: { name: 'scall', options: { groups: 8, rewardSteps: 10, minPolicySteps: 2, maxPolicySteps: 3 } },
    agent: { name: 'sac', options: { actorHiddenSizes: [16], criticHiddenSizes: [16] } },
    training: { blockSteps: 10, patience: 1, maxBlocks: 2 },
    lastSegment: 3,
    seed: 2,
    out,
    ...extra,
  });
