import { initTf } from '@scall/tf-runtime';
import { describeAgent } from '@scall/testkit';
import { createSac } from '../src/index.js';

describeAgent('sac (cpu, small networks)', createSac({ actorHiddenSizes: [16, 16], criticHiddenSizes: [16, 16] }), {
  setup: () => initTf({ backends: ['cpu'] }),
  updatesPerStep: 3,
});

describeAgent('sac (learned temperature, uniform replay)', createSac({ actorHiddenSizes: [8], criticHiddenSizes: [8], learnTemperature: true, replaySampling: 'uniform', updatesPerStep: 1 }), {
  setup: () => initTf({ backends: ['cpu'] }),
  updatesPerStep: 1,
});
