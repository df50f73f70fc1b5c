import { createRng } from '@scall/rng';
import type { AgentFactoryV1, AgentSpecV1, AgentUpdateReport, AgentV1, Rng, Snapshot, Transition } from '@scall/spec';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

/** Options of {@link describeAgent}. */
export interface DescribeAgentOptions {
  /** Runs once before the suite (e.g. `() => initTf({ backends: ['cpu'] })`). */
  readonly setup?: () => unknown;
  /** State length of the agents built by the suite. Default `6`. */
  readonly stateSize?: number;
  /**
   * Action specs to check bounds with: each entry is `[actionLow, actionHigh]`.
   * Default: `[0, 1]` (SCALL's bounds) and an asymmetric box `[-2, 0.5] x [1, 3] x ...`.
   */
  readonly bounds?: readonly (readonly [readonly number[], readonly number[]])[];
  /** When given, `update()` after an observation must report exactly this many updates. */
  readonly updatesPerStep?: number;
  /** Environment steps (act, observe, update) run before snapshots are taken. Default `14`. */
  readonly warmupSteps?: number;
}

const DEFAULT_BOUNDS: readonly (readonly [number[], number[]])[] = [
  [
    [0, 0, 0],
    [1, 1, 1],
  ],
  [
    [-2, 1],
    [0.5, 3],
  ],
];

/** A random state with entries in [-1, 1). */
function randomState(rng: Rng, size: number): Float32Array {
  const s = new Float32Array(size);
  for (let i = 0; i < size; i++) s[i] = 2 * rng.next() - 1;
  return s;
}

/** One environment step of a synthetic task: reward is higher near the middle of the box. */
function step(agent: AgentV1, rng: Rng, state: Float32Array): { action: Float32Array; report: AgentUpdateReport; next: Float32Array } {
  const action = agent.act(state, { explore: true });
  let reward = 0;
  for (let i = 0; i < action.length; i++) {
    const mid = (agent.actionLow[i] + agent.actionHigh[i]) / 2;
    reward -= (action[i] - mid) ** 2;
  }
  const next = randomState(rng, agent.stateSize);
  const transition: Transition = { state, action, reward, nextState: next, done: rng.next() < 0.2 };
  agent.observe(transition);
  return { action, report: agent.update(), next };
}

/** Copies a snapshot the way a checkpoint on disk would: JSON meta, copied typed arrays. */
function roundTrip(snapshot: Snapshot): Snapshot {
  const arrays: Snapshot['arrays'] = {};
  for (const [name, array] of Object.entries(snapshot.arrays)) arrays[name] = array.slice();
  return { kind: snapshot.kind, meta: JSON.parse(JSON.stringify(snapshot.meta)), arrays };
}

/** A run of `steps` environment steps, recording explore and exploit actions and update reports. */
function trajectory(agent: AgentV1, seed: number, steps: number): { actions: number[][]; greedy: number[][]; reports: AgentUpdateReport[] } {
  const rng = createRng(seed);
  let state = randomState(rng, agent.stateSize);
  const actions: number[][] = [];
  const greedy: number[][] = [];
  const reports: AgentUpdateReport[] = [];
  for (let t = 0; t < steps; t++) {
    greedy.push(Array.from(agent.act(state, { explore: false })));
    const { action, report, next } = step(agent, rng, state);
    actions.push(Array.from(action));
    reports.push(report);
    state = next;
  }
  return { actions, greedy, reports };
}

/**
 * Conformance suite for an {@link AgentV1} factory: metadata, actions within bounds
 * when exploring and exploiting, a deterministic exploit action, same seed same
 * actions, update counts, a snapshot / restore that reproduces later actions and
 * updates exactly, and a clear error for a foreign snapshot. Call it at the top level
 * of a vitest test file.
 *
 * @example
 * describeAgent('sac', createSac({ actorHiddenSizes: [16], criticHiddenSizes: [16] }), {
 *   setup: () => initTf({ backends: ['cpu'] }),
 * });
 */
export function describeAgent(name: string, factory: AgentFactoryV1, options: DescribeAgentOptions = {}): void {
  const stateSize = options.stateSize ?? 6;
  const boundsList = options.bounds ?? DEFAULT_BOUNDS;
  const warmupSteps = options.warmupSteps ?? 14;
  const [low, high] = boundsList[0];
  const spec = (seed: number, b: readonly (readonly number[])[] = [low, high]): AgentSpecV1 => ({
    stateSize,
    actionSize: b[0].length,
    actionLow: b[0],
    actionHigh: b[1],
    seed,
  });

  describe(`AgentV1 conformance: ${name}`, () => {
    const live: AgentV1[] = [];
    const make = (s: AgentSpecV1): AgentV1 => {
      const agent = factory(s);
      live.push(agent);
      return agent;
    };
    if (options.setup) beforeAll(async () => void (await options.setup?.()));
    afterEach(() => {
      for (const agent of live.splice(0)) agent.dispose();
    });

    it('describes itself: version, name, sizes and bounds of its spec', () => {
      const agent = make(spec(1));
      expect(agent.specificationVersion).toBe('v1');
      expect(typeof agent.name).toBe('string');
      expect(agent.name.length).toBeGreaterThan(0);
      expect(agent.stateSize).toBe(stateSize);
      expect(agent.actionSize).toBe(low.length);
      expect(Array.from(agent.actionLow)).toEqual(low.map(Math.fround));
      expect(Array.from(agent.actionHigh)).toEqual(high.map(Math.fround));
    });

    it('acts within its bounds when exploring and when exploiting', () => {
      for (const b of boundsList) {
        const agent = make(spec(2, b));
        const rng = createRng(3);
        for (let t = 0; t < 25; t++) {
          const state = randomState(rng, stateSize);
          // Large states push a squashing policy to its edges.
          if (t % 5 === 4) state.forEach((x, i) => (state[i] = x * 1e3));
          for (const explore of [true, false]) {
            const action = agent.act(state, { explore });
            expect(action).toBeInstanceOf(Float32Array);
            expect(action.length).toBe(b[0].length);
            action.forEach((x, i) => {
              expect(Number.isFinite(x)).toBe(true);
              expect(x).toBeGreaterThanOrEqual(Math.fround(b[0][i]));
              expect(x).toBeLessThanOrEqual(Math.fround(b[1][i]));
            });
          }
        }
      }
    });

    it('exploits deterministically and explores randomly', () => {
      const agent = make(spec(4));
      const state = randomState(createRng(5), stateSize);
      const greedy = Array.from(agent.act(state, { explore: false }));
      const explored = Array.from({ length: 5 }, () => Array.from(agent.act(state, { explore: true })));
      expect(Array.from(agent.act(state, { explore: false }))).toEqual(greedy);
      expect(new Set(explored.map((a) => a.join(','))).size).toBeGreaterThan(1);
    });

    it('gives the same actions and updates for the same seed, other actions for another seed', () => {
      const a = trajectory(make(spec(6)), 7, 8);
      const b = trajectory(make(spec(6)), 7, 8);
      const c = trajectory(make(spec(60)), 7, 8);
      expect(b).toEqual(a);
      expect(c.actions).not.toEqual(a.actions);
    });

    it('reports no update on an empty buffer and counts updates after observations', () => {
      const agent = make(spec(8));
      const empty = agent.update();
      expect(empty.updates).toBe(0);
      const rng = createRng(9);
      let state = randomState(rng, stateSize);
      for (let t = 0; t < 3; t++) {
        const { report, next } = step(agent, rng, state);
        state = next;
        expect(Number.isInteger(report.updates)).toBe(true);
        if (options.updatesPerStep !== undefined) expect(report.updates).toBe(options.updatesPerStep);
        else expect(report.updates).toBeGreaterThan(0);
        for (const key of ['criticLoss', 'actorLoss', 'entropy', 'temperature'] as const) {
          if (report[key] !== undefined) expect(Number.isFinite(report[key])).toBe(true);
        }
      }
    });

    it('restores a snapshot so that later actions and updates repeat exactly', () => {
      const original = make(spec(10));
      trajectory(original, 11, warmupSteps);
      const saved = roundTrip(original.snapshot());
      expect(typeof saved.kind).toBe('string');
      const expected = trajectory(original, 12, 6);
      // The same agent rewound, and a fresh agent of another seed, both replay it.
      original.restore(saved);
      expect(trajectory(original, 12, 6)).toEqual(expected);
      const fresh = make(spec(99));
      fresh.restore(saved);
      expect(trajectory(fresh, 12, 6)).toEqual(expected);
    });

    it('refuses a snapshot written by another plug-in', () => {
      const agent = make(spec(13));
      expect(() => agent.restore({ kind: `not-${agent.name}`, meta: {}, arrays: {} })).toThrow(/kind|snapshot/i);
    });
  });
}
