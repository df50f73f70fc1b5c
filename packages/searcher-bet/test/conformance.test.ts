import { describeSearcher } from '@scall/testkit';
import { initTf } from '@scall/tf-runtime';
import { createBetSearcher } from '../src/index.js';
import { registryComponents } from './registry-components.js';

describeSearcher('bet (tiny preset)', () => createBetSearcher({ preset: 'tiny', steps: 4, seed: 2 }, registryComponents()), {
  setup: () => initTf({ backends: ['wasm', 'cpu'] }),
});
describeSearcher('bet (retrained population, sampled proportions)', () => createBetSearcher({ preset: 'tiny', steps: 3, populationSize: 2, retrainSteps: 10, proportions: 'sampled', seed: 5 }, registryComponents()), {
  setup: () => initTf({ backends: ['wasm', 'cpu'] }),
});
