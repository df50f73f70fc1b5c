import { createTd3 } from '@scall/agent-td3';
import { describeSearcher } from '@scall/testkit';
import { initTf } from '@scall/tf-runtime';
import { createCiessSearcher } from '../src/index.js';

const agent = createTd3({ actorHiddenSizes: [8], criticHiddenSizes: [8], batchSize: 16 });
const setup = () => initTf({ backends: ['cpu'] });

describeSearcher('ciess (td3, random walk)', () => createCiessSearcher({ agent, seed: 3, loops: 2, rewardSteps: 5, agentUpdatesPerLoop: 2 }), { setup });
describeSearcher('ciess (full-size reference, cap projection, no walk)', () =>
  createCiessSearcher({ agent, loops: 2, rewardSteps: 5, agentUpdatesPerLoop: 1, walkSteps: 0, qualityReference: 'full-size', projection: 'cap' }),
  { setup },
);
