import { createFrequencyHeuristicAllocator, createRandomAllocator, createUniformAllocator } from '@scall/allocators';
import { describeSearcher } from '@scall/testkit';
import { createFrequencySearcher, createRandomSearcher, createUniformSearcher } from '../src/index.js';

describeSearcher('uniform', () => createUniformSearcher({ allocator: createUniformAllocator() }));
describeSearcher('random', () => createRandomSearcher({ allocator: createRandomAllocator() }));
describeSearcher('frequency', () => createFrequencySearcher({ allocator: createFrequencyHeuristicAllocator({ beta: 0.7 }) }));
