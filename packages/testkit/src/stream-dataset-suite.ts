import { createRng } from '@scall/rng';
import type { Interactions, StreamDatasetV1, StreamSegment } from '@scall/spec';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';

/** Options of {@link describeStreamDataset}. */
export interface StreamDatasetSuiteOptions {
  /** Segments to check (default: all). Limit it for large streams. */
  readonly segments?: readonly number[];
  /** fast-check runs per sampler property (default 25). */
  readonly samplerRuns?: number;
}

/**
 * A vitest conformance suite for a {@link StreamDatasetV1}: it checks that segments
 * partition the stream in time order (each training graph extends the previous one,
 * test rows come after the graph), that every test / validation user and item is known
 * in training, that sizes, stats, frequencies and training-user pools agree with the
 * data, that the sampler draws users of the training part, their training positives
 * and never a training-graph positive as a negative, and that the same factory call
 * gives the same stream and the same seed the same triples.
 *
 * `factory` is called twice (for the determinism check); it must build the dataset with
 * the same options each time.
 *
 * @example
 * describeStreamDataset('my stream', () => loadMyStream({ seed: 1 }));
 */
export function describeStreamDataset(
  name: string,
  factory: () => StreamDatasetV1 | Promise<StreamDatasetV1>,
  options: StreamDatasetSuiteOptions = {},
): void {
  describe(`StreamDatasetV1 conformance: ${name}`, () => {
    let cached: Promise<StreamDatasetV1> | undefined;
    const dataset = (): Promise<StreamDatasetV1> => (cached ??= Promise.resolve(factory()));
    const indices = async (): Promise<number[]> => [...(options.segments ?? Array.from({ length: (await dataset()).numSegments }, (_, t) => t))];

    it('declares v1, a name, segments and totals, and rejects bad segment indices', async () => {
      const d = await dataset();
      expect(d.specificationVersion).toBe('v1');
      expect(typeof d.name).toBe('string');
      expect(d.name.length).toBeGreaterThan(0);
      expect(Number.isInteger(d.numSegments) && d.numSegments >= 1).toBe(true);
      expect(d.totalUsers).toBeGreaterThan(0);
      expect(d.totalItems).toBeGreaterThan(0);
      expect(() => d.segment(-1)).toThrow();
      expect(() => d.segment(d.numSegments)).toThrow();
      expect(() => d.segment(0.5)).toThrow();
      for (const value of Object.values(d.protocol)) expect(['string', 'number', 'boolean'].includes(typeof value) || value === null).toBe(true);
    });

    it('partitions the stream in time order: graphs grow by prefix, test rows follow the graph', async () => {
      const d = await dataset();
      let previous: StreamSegment | undefined;
      for (let t = 0; t < d.numSegments; t++) {
        const s = d.segment(t);
        expect(s.index).toBe(t);
        expect(s.stats.index).toBe(t);
        expectTimeOrdered(s.graph);
        expectTimeOrdered(s.test);
        expect(s.stats.startTime).toBeLessThanOrEqual(s.stats.endTime);
        const graphEnd = s.graph.length > 0 ? s.graph.timestamps[s.graph.length - 1] : -Infinity;
        if (s.test.length > 0) {
          expect(s.test.timestamps[0]).toBeGreaterThanOrEqual(graphEnd);
          expect(s.test.timestamps[s.test.length - 1]).toBeLessThanOrEqual(s.stats.endTime);
        }
        if (s.validation !== undefined && s.validation.length > 0) expect(s.validation.timestamps[0]).toBeGreaterThanOrEqual(graphEnd);
        if (previous !== undefined) {
          expect(s.stats.startTime).toBeGreaterThanOrEqual(previous.stats.endTime);
          expect(s.graph.length).toBeGreaterThan(previous.graph.length);
          expect(Array.from(s.graph.users.subarray(0, previous.graph.length))).toEqual(Array.from(previous.graph.users));
          expect(Array.from(s.graph.items.subarray(0, previous.graph.length))).toEqual(Array.from(previous.graph.items));
          expect(s.numUsers).toBeGreaterThanOrEqual(previous.numUsers);
          expect(s.numItems).toBeGreaterThanOrEqual(previous.numItems);
        }
        previous = s;
      }
      expect(previous!.numUsers).toBeLessThanOrEqual(d.totalUsers);
      expect(previous!.numItems).toBeLessThanOrEqual(d.totalItems);
    });

    it('knows every test, validation and training entity, and every known entity is in the graph', async () => {
      const d = await dataset();
      for (const t of await indices()) {
        const s = d.segment(t);
        for (const part of [s.train, s.test, s.graph, ...(s.validation === undefined ? [] : [s.validation])]) {
          expectIdsBelow(part.users, s.numUsers);
          expectIdsBelow(part.items, s.numItems);
        }
        expect(distinct(s.graph.users)).toBe(s.numUsers);
        expect(distinct(s.graph.items)).toBe(s.numItems);
      }
    });

    it('reports sizes, stats, frequencies and training users that match the data', async () => {
      const d = await dataset();
      for (const t of await indices()) {
        const s = d.segment(t);
        for (const part of [s.train, s.test, s.graph, ...(s.validation === undefined ? [] : [s.validation])]) {
          expect(part.users.length).toBe(part.length);
          expect(part.items.length).toBe(part.length);
          expect(part.timestamps.length).toBe(part.length);
        }
        expect(s.stats.users).toBe(s.numUsers);
        expect(s.stats.items).toBe(s.numItems);
        expect(s.stats.trainRows).toBe(s.train.length);
        expect(s.stats.testRows).toBe(s.test.length);
        expect(s.stats.validationRows).toBe(s.validation?.length ?? 0);
        expect(s.stats.replayedRows).toBeLessThanOrEqual(s.stats.trainRows);
        expect(s.stats.testUsers).toBe(distinct(s.test.users));
        expect(s.stats.newUsers).toBeLessThanOrEqual(s.numUsers);
        expect(s.stats.newItems).toBeLessThanOrEqual(s.numItems);
        expect(s.userFrequencies.length).toBe(s.numUsers);
        expect(s.itemFrequencies.length).toBe(s.numItems);
        const userCounts = new Float64Array(s.numUsers);
        const itemCounts = new Float64Array(s.numItems);
        for (let k = 0; k < s.train.length; k++) {
          userCounts[s.train.users[k]]++;
          itemCounts[s.train.items[k]]++;
        }
        expect(Array.from(s.userFrequencies)).toEqual(Array.from(userCounts));
        expect(Array.from(s.itemFrequencies)).toEqual(Array.from(itemCounts));
        const pool = [...new Set(s.train.users)].sort((a, b) => a - b);
        expect(Array.from(s.trainUsers)).toEqual(pool);
      }
    });

    it('samples users of the training part, their training positives, and negatives outside their graph', async () => {
      const d = await dataset();
      for (const t of await indices()) {
        const s = d.segment(t);
        if (s.trainUsers.length === 0) continue;
        const positives = itemsByUser(s.train);
        const graph = itemsByUser(s.graph);
        const pool = new Set(s.trainUsers);
        fc.assert(
          fc.property(fc.integer({ min: 0, max: 0x7fffffff }), fc.integer({ min: 1, max: 64 }), (seed, batchSize) => {
            const batch = s.sampler.sample(batchSize, createRng(seed));
            expect(batch.users.length).toBe(batchSize);
            expect(batch.positives.length).toBe(batchSize);
            expect(batch.negatives.length).toBe(batchSize);
            for (let b = 0; b < batchSize; b++) {
              const u = batch.users[b];
              expect(pool.has(u)).toBe(true);
              expect(positives.get(u)!.has(batch.positives[b])).toBe(true);
              const negative = batch.negatives[b];
              expect(Number.isInteger(negative) && negative >= 0 && negative < s.numItems).toBe(true);
              expect(graph.get(u)!.has(negative)).toBe(false);
            }
          }),
          { numRuns: options.samplerRuns ?? 25, seed: 42 + t },
        );
      }
    });

    it('fills a given output batch and gives the same triples for the same seed', async () => {
      const d = await dataset();
      const t = (await indices()).find((i) => d.segment(i).trainUsers.length > 0);
      if (t === undefined) return;
      const s = d.segment(t);
      const out = { users: new Int32Array(32), positives: new Int32Array(32), negatives: new Int32Array(32) };
      const first = s.sampler.sample(32, createRng(9), out);
      expect(first.users).toBe(out.users);
      const copy = { users: Array.from(first.users), positives: Array.from(first.positives), negatives: Array.from(first.negatives) };
      const again = s.sampler.sample(32, createRng(9));
      expect({ users: Array.from(again.users), positives: Array.from(again.positives), negatives: Array.from(again.negatives) }).toEqual(copy);
    });

    it('builds the same stream from the same factory call (determinism)', async () => {
      const a = await dataset();
      const b = await Promise.resolve(factory());
      expect(b.numSegments).toBe(a.numSegments);
      expect(b.totalUsers).toBe(a.totalUsers);
      expect(b.totalItems).toBe(a.totalItems);
      expect(b.protocol).toEqual(a.protocol);
      for (const t of await indices()) {
        const x = a.segment(t);
        const y = b.segment(t);
        expect(y.stats).toEqual(x.stats);
        for (const key of ['train', 'test', 'graph'] as const) {
          expect(Array.from(y[key].users)).toEqual(Array.from(x[key].users));
          expect(Array.from(y[key].items)).toEqual(Array.from(x[key].items));
        }
      }
    });
  });
}

function expectTimeOrdered(part: Interactions): void {
  for (let k = 1; k < part.length; k++) {
    if (part.timestamps[k] < part.timestamps[k - 1]) {
      expect.fail(`timestamps out of order at row ${k}: ${part.timestamps[k - 1]} then ${part.timestamps[k]}`);
    }
  }
}

function expectIdsBelow(ids: Int32Array, bound: number): void {
  for (let k = 0; k < ids.length; k++) {
    if (!(ids[k] >= 0 && ids[k] < bound)) expect.fail(`id ${ids[k]} at row ${k} is not a known entity (known: 0..${bound - 1})`);
  }
}

function distinct(ids: Int32Array): number {
  return new Set(ids).size;
}

function itemsByUser(part: Interactions): Map<number, Set<number>> {
  const map = new Map<number, Set<number>>();
  for (let k = 0; k < part.length; k++) {
    let set = map.get(part.users[k]);
    if (set === undefined) map.set(part.users[k], (set = new Set()));
    set.add(part.items[k]);
  }
  return map;
}
