import { createMockSegment } from '@scall/testkit';
import { describe, expect, it } from 'vitest';
import { splitOf } from '../src/index.js';

describe('splitOf', () => {
  it('gives the rows of the test or validation split', () => {
    const segment = createMockSegment({ numUsers: 10, numItems: 12, seed: 2, validationFraction: 0.3 });
    expect(splitOf(segment, 'test')).toBe(segment.test);
    expect(splitOf(segment, 'validation')).toBe(segment.validation);
    expect(splitOf(segment, 'validation').length).toBeGreaterThan(0);
  });

  it('names the segment without a validation split, and rejects an unknown split', () => {
    const segment = createMockSegment({ numUsers: 10, numItems: 12, seed: 2 });
    expect(segment.validation).toBeUndefined();
    expect(() => splitOf(segment, 'validation')).toThrow(new RegExp(`segment ${segment.index} has no validation split`));
    expect(() => splitOf(segment, 'train' as 'test')).toThrow(/split must be 'test' or 'validation', got "train"/);
  });
});
