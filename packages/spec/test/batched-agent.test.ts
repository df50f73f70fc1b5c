import { describe, expect, it } from 'vitest';
import { isBatchedAgent, type AgentV1 } from '../src/index.js';

const base = {
  specificationVersion: 'v1',
  name: 'x',
  stateSize: 1,
  actionSize: 1,
  actionLow: Float32Array.of(0),
  actionHigh: Float32Array.of(1),
  act: () => Float32Array.of(0),
  observe: () => {},
  update: () => ({ updates: 0 }),
  snapshot: () => ({ kind: 'x', meta: {}, arrays: {} }),
  restore: () => {},
  dispose: () => {},
} satisfies AgentV1;

describe('isBatchedAgent', () => {
  it('tells agents with actBatch and criticValues from plain AgentV1 ones', () => {
    expect(isBatchedAgent(base)).toBe(false);
    expect(isBatchedAgent({ ...base, actBatch: () => new Float32Array(0) } as AgentV1)).toBe(false);
    expect(isBatchedAgent({ ...base, actBatch: () => new Float32Array(0), criticValues: () => new Float32Array(0) } as AgentV1)).toBe(true);
  });
});
