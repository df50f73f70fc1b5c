import { describeAgent } from '@scall/testkit';
import { initTf } from '@scall/tf-runtime';
import { createTd3 } from '../src/index.js';

describeAgent('td3 (cpu, small networks)', createTd3({ actorHiddenSizes: [16, 16], criticHiddenSizes: [16, 16], batchSize: 8 }), {
  setup: () => initTf({ backends: ['cpu'] }),
  updatesPerStep: 1,
});

describeAgent('td3 (several updates per step, short delay)', createTd3({ actorHiddenSizes: [8], criticHiddenSizes: [8], batchSize: 4, updatesPerStep: 3, policyDelay: 1 }), {
  setup: () => initTf({ backends: ['cpu'] }),
  updatesPerStep: 3,
});
