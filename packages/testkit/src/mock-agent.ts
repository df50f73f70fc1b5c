import { createRng, restoreRng } from '@scall/rng';
import type { AgentFactoryV1, AgentSpecV1, AgentUpdateReport, AgentV1, Snapshot, Transition } from '@scall/spec';

/** Options of {@link createMockAgent}. */
export interface MockAgentOptions {
  /**
   * The deterministic action, as fractions of each dimension's range (default 0.5 = the
   * middle of the box). Exploration adds uniform noise of `noise` times the range.
   */
  readonly mean?: readonly number[];
  /** Exploration noise as a fraction of each dimension's range (default 0.2). */
  readonly noise?: number;
}

/** A mock agent that also records what it was given. */
export interface MockAgent extends AgentV1 {
  readonly transitions: readonly Transition[];
  readonly updates: number;
}

/**
 * An {@link AgentFactoryV1} for tests of searchers: a fixed deterministic action, seeded
 * uniform exploration noise, no learning (`update` only counts), snapshot / restore of
 * the RNG state and counters. Cheap enough to run many policy steps in CI.
 *
 * @example
 * const searcher = createScallSearcher({ distribution, allocator, agent: createMockAgent({ mean: [0.3, 0.2, 0.8] }) });
 */
export function createMockAgent(options: MockAgentOptions = {}): AgentFactoryV1 {
  const noise = options.noise ?? 0.2;
  return (spec: AgentSpecV1): MockAgent => {
    const low = Float32Array.from({ length: spec.actionSize }, (_, i) => spec.actionLow?.[i] ?? -1);
    const high = Float32Array.from({ length: spec.actionSize }, (_, i) => spec.actionHigh?.[i] ?? 1);
    let rng = createRng(spec.seed);
    const transitions: Transition[] = [];
    let updates = 0;
    const at = (i: number, fraction: number) => low[i] + Math.min(1, Math.max(0, fraction)) * (high[i] - low[i]);
    return {
      specificationVersion: 'v1',
      name: 'mock-agent',
      stateSize: spec.stateSize,
      actionSize: spec.actionSize,
      actionLow: low,
      actionHigh: high,
      get transitions() {
        return transitions;
      },
      get updates() {
        return updates;
      },
      act(state, { explore }) {
        if (state.length !== spec.stateSize) throw new RangeError(`mock-agent.act: state has length ${state.length}, expected ${spec.stateSize}`);
        return Float32Array.from({ length: spec.actionSize }, (_, i) => {
          const mean = options.mean?.[i] ?? 0.5;
          return at(i, explore ? mean + noise * (2 * rng.next() - 1) : mean);
        });
      },
      observe(transition) {
        transitions.push(transition);
      },
      update(): AgentUpdateReport {
        if (transitions.length === 0) return { updates: 0 };
        updates++;
        return { updates: 1 };
      },
      snapshot(): Snapshot {
        return { kind: 'mock-agent', meta: { rng: rng.getState() as unknown as Snapshot['meta'][string], updates, observed: transitions.length }, arrays: {} };
      },
      restore(snapshot) {
        if (snapshot.kind !== 'mock-agent') throw new Error(`mock-agent cannot restore a "${snapshot.kind}" snapshot`);
        const meta = snapshot.meta as unknown as { rng: { algorithm: string; words: number[] }; updates: number };
        rng = restoreRng(meta.rng);
        updates = meta.updates;
      },
      dispose() {},
    };
  };
}
