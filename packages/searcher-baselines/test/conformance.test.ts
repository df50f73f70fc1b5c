import { describeSearcher } from '@scall/testkit';
import { createFrequencySearcher, createRandomSearcher, createUniformSearcher } from '../src/index.js';

describeSearcher('uniform', () => createUniformSearcher());
describeSearcher('random', () => createRandomSearcher());
describeSearcher('frequency', () => createFrequencySearcher({ beta: 0.7 }));
