import { createSac } from '@scall/agent-sac';
import { createScallAllocator } from '@scall/allocators';
import { powerLaw } from '@scall/distribution-power-law';
import { createMockAgent, describeSearcher } from '@scall/testkit';
import { initTf } from '@scall/tf-runtime';
import { createScallSearcher } from '../src/index.js';

const common = { distribution: powerLaw, allocator: createScallAllocator({ distribution: powerLaw }), groups: 8, rewardSteps: 5, minPolicySteps: 2, maxPolicySteps: 3 };

describeSearcher('scall (mock agent)', () => createScallSearcher({ ...common, agent: createMockAgent({ mean: [0.4, 0.3, 0.6] }) }));
describeSearcher('scall (SAC)', () => createScallSearcher({ ...common, agent: createSac({ actorHiddenSizes: [8], criticHiddenSizes: [8] }), seed: 3 }), {
  setup: () => initTf({ backends: ['wasm', 'cpu'] }),
});
describeSearcher('scall preset v2 (mock agent)', () => createScallSearcher({ ...common, preset: 'v2', agent: createMockAgent({ mean: [0.4, 0.3, 0.6] }) }));
