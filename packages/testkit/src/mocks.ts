import { createRng, normal, shuffle } from '@scall/rng';
import type {
  EmbeddingState,
  Interactions,
  RaggedEmbeddings,
  RecommenderBuildInput,
  RecommenderV1,
  Rng,
  SegmentStats,
  SizePlan,
  Snapshot,
  StreamSegment,
  TrainReport,
  TripleBatch,
  TripleSampler,
} from '@scall/spec';

/** A `(user, item)` pair of a hand-made interaction list, in time order. */
export type MockPair = readonly [user: number, item: number];

/** Options of {@link createMockSegment}. */
export interface MockSegmentOptions {
  /** Segment index; default 1. */
  readonly index?: number;
  /** Seed of the generated interactions; default 1. */
  readonly seed?: number;
  /** Generated mode: users (default 12). Explicit mode: at least the largest graph user id + 1. */
  readonly numUsers?: number;
  /** Generated mode: items (default 24). Explicit mode: at least the largest graph item id + 1. */
  readonly numItems?: number;
  /** Generated mode: distinct items per user; default 6. */
  readonly interactionsPerUser?: number;
  /** Generated mode: taste groups; user u prefers items i with i % groups === u % groups. Default 3. */
  readonly groups?: number;
  /** Generated mode: share of a user's items drawn from its own group; default 0.85. */
  readonly groupAffinity?: number;
  /** Generated mode: share of the rows (the tail) that form the test part; default 0.2. */
  readonly testFraction?: number;
  /** Generated mode: share of the training rows (their tail) set aside as validation; default 0. */
  readonly validationFraction?: number;
  /** Explicit mode: interactions of earlier segments (in the graph, not in `train`). */
  readonly history?: readonly MockPair[];
  /** Explicit mode: this segment's training part. Giving it switches generation off. */
  readonly train?: readonly MockPair[];
  /** Explicit mode: validation part (kept out of the graph). */
  readonly validation?: readonly MockPair[];
  /** Explicit mode: test part, used as given (not restricted to known entities). */
  readonly test?: readonly MockPair[];
}

function interactions(pairs: readonly MockPair[], firstTime: number): Interactions {
  const n = pairs.length;
  const users = new Int32Array(n);
  const items = new Int32Array(n);
  const timestamps = new Float64Array(n);
  pairs.forEach(([u, i], r) => {
    users[r] = u;
    items[r] = i;
    timestamps[r] = firstTime + r;
  });
  return { users, items, timestamps, length: n };
}

function concat(a: Interactions, b: Interactions): Interactions {
  const users = new Int32Array(a.length + b.length);
  const items = new Int32Array(a.length + b.length);
  const timestamps = new Float64Array(a.length + b.length);
  users.set(a.users);
  users.set(b.users, a.length);
  items.set(a.items);
  items.set(b.items, a.length);
  timestamps.set(a.timestamps);
  timestamps.set(b.timestamps, a.length);
  return { users, items, timestamps, length: a.length + b.length };
}

/**
 * Draws triples the way SCALL §2.8 says: a user of the training part, one of that
 * user's training-part items, and an item the user never interacted with in the graph.
 */
class MockTripleSampler implements TripleSampler {
  private readonly positives: Int32Array[];
  private readonly seen: Set<number>[];

  constructor(
    private readonly trainUsers: Int32Array,
    train: Interactions,
    graph: Interactions,
    numUsers: number,
    private readonly numItems: number,
  ) {
    const positives: number[][] = Array.from({ length: numUsers }, () => []);
    for (let r = 0; r < train.length; r++) positives[train.users[r]].push(train.items[r]);
    this.positives = positives.map((p) => Int32Array.from(p));
    this.seen = Array.from({ length: numUsers }, () => new Set<number>());
    for (let r = 0; r < graph.length; r++) this.seen[graph.users[r]].add(graph.items[r]);
  }

  sample(batchSize: number, rng: Rng, out?: TripleBatch): TripleBatch {
    if (!(Number.isInteger(batchSize) && batchSize >= 0)) {
      throw new RangeError(`MockTripleSampler.sample: batchSize must be a non-negative integer, got ${batchSize}`);
    }
    if (this.trainUsers.length === 0) throw new Error('MockTripleSampler.sample: the segment has no training users');
    const batch =
      out && out.users.length === batchSize
        ? out
        : { users: new Int32Array(batchSize), positives: new Int32Array(batchSize), negatives: new Int32Array(batchSize) };
    for (let b = 0; b < batchSize; b++) {
      const u = this.trainUsers[rng.nextInt(this.trainUsers.length)];
      const pos = this.positives[u];
      const seen = this.seen[u];
      if (seen.size >= this.numItems) throw new Error(`MockTripleSampler.sample: user ${u} interacted with every item; no negative exists`);
      let neg = rng.nextInt(this.numItems);
      while (seen.has(neg)) neg = rng.nextInt(this.numItems);
      (batch.users as Int32Array)[b] = u;
      (batch.positives as Int32Array)[b] = pos[rng.nextInt(pos.length)];
      (batch.negatives as Int32Array)[b] = neg;
    }
    return batch;
  }
}

function generatePairs(options: MockSegmentOptions, numUsers: number, numItems: number): MockPair[] {
  const rng = createRng(options.seed ?? 1);
  const perUser = options.interactionsPerUser ?? 6;
  const groups = options.groups ?? 3;
  const affinity = options.groupAffinity ?? 0.85;
  if (!(Number.isInteger(perUser) && perUser >= 1 && perUser < numItems)) {
    throw new RangeError(`createMockSegment: interactionsPerUser must be an integer in [1, numItems), got ${perUser}`);
  }
  if (!(Number.isInteger(groups) && groups >= 1 && groups <= numItems)) {
    throw new RangeError(`createMockSegment: groups must be an integer in [1, numItems], got ${groups}`);
  }
  const pairs: MockPair[] = [];
  for (let u = 0; u < numUsers; u++) {
    const own = Array.from({ length: numItems }, (_, i) => i).filter((i) => i % groups === u % groups);
    const chosen = new Set<number>();
    while (chosen.size < perUser) {
      const fromGroup = rng.next() < affinity && chosen.size < own.length;
      chosen.add(fromGroup ? own[rng.nextInt(own.length)] : rng.nextInt(numItems));
    }
    for (const i of chosen) pairs.push([u, i]);
  }
  return shuffle(rng, pairs); // the time order
}

/**
 * A tiny deterministic {@link StreamSegment} with a working {@link TripleSampler}.
 *
 * - Generated mode (default): `numUsers` users with `interactionsPerUser` distinct
 *   items each, mostly from their taste group (so a learnable model can beat chance),
 *   shuffled into a time order; the last `testFraction` of the rows is the test part
 *   (restricted to users and items of the graph), the tail `validationFraction` of the
 *   remaining rows the validation part; graph = training part.
 * - Explicit mode (`train` given): the parts are exactly the pairs given, timestamps
 *   count up from `history` through `train`, `validation`, `test`; graph = history +
 *   train.
 *
 * @example
 * const segment = createMockSegment({ numUsers: 30, numItems: 40, validationFraction: 0.1 });
 * const explicit = createMockSegment({ train: [[0, 0], [1, 1]], test: [[0, 1]] });
 */
export function createMockSegment(options: MockSegmentOptions = {}): StreamSegment {
  const index = options.index ?? 1;
  let history: Interactions;
  let train: Interactions;
  let validation: Interactions | undefined;
  let test: Interactions;
  let numUsers: number;
  let numItems: number;
  if (options.train) {
    const all = [...(options.history ?? []), ...options.train];
    for (const [u, i] of [...all, ...(options.validation ?? []), ...(options.test ?? [])]) {
      if (!(Number.isInteger(u) && u >= 0 && Number.isInteger(i) && i >= 0)) {
        throw new RangeError(`createMockSegment: pair [${u}, ${i}] must hold non-negative integer ids`);
      }
    }
    numUsers = Math.max(options.numUsers ?? 0, ...all.map(([u]) => u + 1));
    numItems = Math.max(options.numItems ?? 0, ...all.map(([, i]) => i + 1));
    const h = options.history ?? [];
    history = interactions(h, 0);
    train = interactions(options.train, h.length);
    const v = options.validation;
    validation = v ? interactions(v, h.length + options.train.length) : undefined;
    test = interactions(options.test ?? [], h.length + options.train.length + (v?.length ?? 0));
  } else {
    numUsers = options.numUsers ?? 12;
    numItems = options.numItems ?? 24;
    const pairs = generatePairs(options, numUsers, numItems);
    const testFraction = options.testFraction ?? 0.2;
    const validationFraction = options.validationFraction ?? 0;
    if (!(testFraction >= 0 && testFraction < 1)) throw new RangeError(`createMockSegment: testFraction must be in [0, 1), got ${testFraction}`);
    if (!(validationFraction >= 0 && validationFraction < 1)) {
      throw new RangeError(`createMockSegment: validationFraction must be in [0, 1), got ${validationFraction}`);
    }
    const trainEnd = Math.round(pairs.length * (1 - testFraction));
    const validationRows = Math.round(trainEnd * validationFraction);
    const trainPairs = pairs.slice(0, trainEnd - validationRows);
    const knownUsers = new Set(trainPairs.map(([u]) => u));
    const knownItems = new Set(trainPairs.map(([, i]) => i));
    const known = (p: MockPair) => knownUsers.has(p[0]) && knownItems.has(p[1]);
    history = interactions([], 0);
    train = interactions(trainPairs, 0);
    validation = validationRows > 0 ? interactions(pairs.slice(trainEnd - validationRows, trainEnd).filter(known), trainEnd - validationRows) : undefined;
    test = interactions(pairs.slice(trainEnd).filter(known), trainEnd);
  }
  const graph = concat(history, train);
  const userFrequencies = new Float64Array(numUsers);
  const itemFrequencies = new Float64Array(numItems);
  for (let r = 0; r < train.length; r++) {
    userFrequencies[train.users[r]]++;
    itemFrequencies[train.items[r]]++;
  }
  const trainUsers = Int32Array.from(new Set(train.users)).sort();
  const seenBefore = (ids: Int32Array, length: number) => {
    const s = new Set<number>();
    for (let r = 0; r < length; r++) s.add(ids[r]);
    return s;
  };
  const oldUsers = seenBefore(history.users, history.length);
  const oldItems = seenBefore(history.items, history.length);
  const stats: SegmentStats = {
    index,
    users: numUsers,
    items: numItems,
    newUsers: new Set([...train.users].filter((u) => !oldUsers.has(u))).size,
    newItems: new Set([...train.items].filter((i) => !oldItems.has(i))).size,
    rows: train.length + (validation?.length ?? 0) + test.length,
    replayedRows: 0,
    trainRows: train.length,
    validationRows: validation?.length ?? 0,
    testRows: test.length,
    testUsers: new Set(test.users).size,
    startTime: train.length > 0 ? train.timestamps[0] : 0,
    endTime: test.length > 0 ? test.timestamps[test.length - 1] : train.length > 0 ? train.timestamps[train.length - 1] : 0,
  };
  return {
    index,
    numUsers,
    numItems,
    train,
    validation,
    test,
    graph,
    userFrequencies,
    itemFrequencies,
    trainUsers,
    sampler: new MockTripleSampler(trainUsers, train, graph, numUsers, numItems),
    stats,
  };
}

/** Options of {@link createMockRecommender}. */
export interface MockRecommenderOptions {
  /** Registry name; default `"mock"`. */
  readonly name?: string;
  /**
   * Fixed scores: `score(user, item, trainedSteps)`. When given, the embeddings are
   * still stored (so memory follows the plan) but scores come from this function, which
   * lets tests script how quality evolves with training.
   */
  readonly score?: (user: number, item: number, trainedSteps: number) => number;
  /** Scripted mean loss of a `train` call, from the steps trained before and after it. */
  readonly loss?: (stepsBefore: number, stepsAfter: number) => number;
  /** SGD learning rate of the learnable BPR embeddings; default 0.1. */
  readonly learningRate?: number;
  /** Triples per step; default 32. */
  readonly batchSize?: number;
  /** Std of the N(0, std^2) initialisation; default 0.1. */
  readonly initStd?: number;
}

/** A {@link RecommenderV1} test double with counters for assertions. */
export interface MockRecommender extends RecommenderV1 {
  /** Optimiser steps trained since `build` (restored by `restore`). */
  readonly trainedSteps: number;
  /** How often each method was called since creation. */
  readonly calls: { train: number; score: number; snapshot: number; restore: number; build: number };
  /** Whether `dispose` was called. */
  readonly disposed: boolean;
}

function ragged(sizes: Int32Array): RaggedEmbeddings {
  const offsets = new Float64Array(sizes.length + 1);
  for (let e = 0; e < sizes.length; e++) offsets[e + 1] = offsets[e] + sizes[e];
  return { sizes: Int32Array.from(sizes), offsets, values: new Float32Array(offsets[sizes.length]) };
}

function initialise(table: RaggedEmbeddings, rng: Rng, std: number, warm: RaggedEmbeddings | undefined): void {
  for (let e = 0; e < table.sizes.length; e++) {
    const start = table.offsets[e];
    const size = table.sizes[e];
    let copied = 0;
    if (warm && e < warm.sizes.length) {
      copied = Math.min(size, warm.sizes[e]);
      table.values.set(warm.values.subarray(warm.offsets[e], warm.offsets[e] + copied), start);
    }
    for (let d = copied; d < size; d++) table.values[start + d] = normal(rng, 0, std);
  }
}

/**
 * A small {@link RecommenderV1}: ragged user and item embeddings stored at exactly the
 * plan's sizes (so `memoryBytes()` = 4 x sum of sizes), score = dot product over the
 * shared prefix of the two sizes, trained by plain SGD on the BPR loss
 * `softplus(s_neg - s_pos)` in JavaScript (no tfjs). Or, with `score`, fixed scripted
 * scores. `snapshot` / `restore` round-trip embeddings and the step counter; warm
 * starts keep the common prefix and initialise grown dimensions.
 *
 * @example
 * const segment = createMockSegment();
 * const model = createMockRecommender();
 * model.build({ graph: segment.graph, numUsers: segment.numUsers, numItems: segment.numItems, plan, rng: createRng(1) });
 * await model.train(50, segment.sampler, createRng(2));
 */
export function createMockRecommender(options: MockRecommenderOptions = {}): MockRecommender {
  const name = options.name ?? 'mock';
  const learningRate = options.learningRate ?? 0.1;
  const batchSize = options.batchSize ?? 32;
  const initStd = options.initStd ?? 0.1;
  let users: RaggedEmbeddings | undefined;
  let items: RaggedEmbeddings | undefined;
  let trainedSteps = 0;
  let disposed = false;
  const calls = { train: 0, score: 0, snapshot: 0, restore: 0, build: 0 };

  const built = (method: string) => {
    if (disposed) throw new Error(`${name}.${method}: the recommender was disposed`);
    if (!users || !items) throw new Error(`${name}.${method}: call build() first`);
    return { users, items };
  };
  const dot = (u: RaggedEmbeddings, a: number, v: RaggedEmbeddings, b: number) => {
    const n = Math.min(u.sizes[a], v.sizes[b]);
    const ua = u.offsets[a];
    const vb = v.offsets[b];
    let s = 0;
    for (let d = 0; d < n; d++) s += u.values[ua + d] * v.values[vb + d];
    return s;
  };
  const checkId = (id: number, count: number, what: string, method: string) => {
    if (!(Number.isInteger(id) && id >= 0 && id < count)) throw new RangeError(`${name}.${method}: ${what} id ${id} outside [0, ${count})`);
  };

  const model: MockRecommender = {
    specificationVersion: 'v1',
    name,
    get trainedSteps() {
      return trainedSteps;
    },
    get disposed() {
      return disposed;
    },
    calls,
    build(input: RecommenderBuildInput) {
      calls.build++;
      if (disposed) throw new Error(`${name}.build: the recommender was disposed`);
      const { plan } = input;
      if (plan.userSizes.length !== input.numUsers || plan.itemSizes.length !== input.numItems) {
        throw new RangeError(
          `${name}.build: plan sizes ${plan.userSizes.length} users / ${plan.itemSizes.length} items do not match numUsers ${input.numUsers} / numItems ${input.numItems}`,
        );
      }
      users = ragged(plan.userSizes);
      items = ragged(plan.itemSizes);
      initialise(users, input.rng, initStd, input.warmStart?.users);
      initialise(items, input.rng, initStd, input.warmStart?.items);
      trainedSteps = 0;
    },
    async train(steps: number, sampler: TripleSampler, rng: Rng): Promise<TrainReport> {
      calls.train++;
      const t = built('train');
      if (!(Number.isInteger(steps) && steps >= 0)) throw new RangeError(`${name}.train: steps must be a non-negative integer, got ${steps}`);
      const before = trainedSteps;
      let lossSum = 0;
      let batch: TripleBatch | undefined;
      for (let step = 0; step < steps; step++) {
        batch = sampler.sample(batchSize, rng, batch);
        if (options.score) continue; // scripted scores: sample only, to keep rng use realistic
        for (let b = 0; b < batch.users.length; b++) {
          const u = batch.users[b];
          const p = batch.positives[b];
          const n = batch.negatives[b];
          const x = dot(t.users, u, t.items, p) - dot(t.users, u, t.items, n);
          lossSum += Math.log1p(Math.exp(-x));
          const g = learningRate / (1 + Math.exp(x)); // lr * sigmoid(-x)
          const uo = t.users.offsets[u];
          const po = t.items.offsets[p];
          const no = t.items.offsets[n];
          const su = t.users.sizes[u];
          const sp = t.items.sizes[p];
          const sn = t.items.sizes[n];
          for (let d = 0; d < su; d++) {
            const eu = t.users.values[uo + d];
            const ep = d < sp ? t.items.values[po + d] : 0;
            const en = d < sn ? t.items.values[no + d] : 0;
            t.users.values[uo + d] = eu + g * (ep - en);
            if (d < sp) t.items.values[po + d] = ep + g * eu;
            if (d < sn) t.items.values[no + d] = en - g * eu;
          }
        }
      }
      trainedSteps += steps;
      const meanLoss = options.loss ? options.loss(before, trainedSteps) : steps > 0 ? lossSum / (steps * batchSize) : 0;
      return { steps, meanLoss };
    },
    score(userIds: Int32Array, itemIds: Int32Array): Float32Array {
      calls.score++;
      const t = built('score');
      const out = new Float32Array(userIds.length * itemIds.length);
      for (let a = 0; a < userIds.length; a++) {
        const u = userIds[a];
        checkId(u, t.users.sizes.length, 'user', 'score');
        for (let b = 0; b < itemIds.length; b++) {
          const i = itemIds[b];
          checkId(i, t.items.sizes.length, 'item', 'score');
          out[a * itemIds.length + b] = options.score ? options.score(u, i, trainedSteps) : dot(t.users, u, t.items, i);
        }
      }
      return out;
    },
    embeddings(): EmbeddingState {
      const t = built('embeddings');
      const copy = (r: RaggedEmbeddings): RaggedEmbeddings => ({
        sizes: Int32Array.from(r.sizes),
        offsets: Float64Array.from(r.offsets),
        values: Float32Array.from(r.values),
      });
      return { users: copy(t.users), items: copy(t.items) };
    },
    memoryBytes(): number {
      const t = built('memoryBytes');
      return 4 * (t.users.values.length + t.items.values.length);
    },
    snapshot(): Snapshot {
      calls.snapshot++;
      const t = built('snapshot');
      return {
        kind: name,
        meta: { trainedSteps },
        arrays: {
          userSizes: Int32Array.from(t.users.sizes),
          itemSizes: Int32Array.from(t.items.sizes),
          userValues: Float32Array.from(t.users.values),
          itemValues: Float32Array.from(t.items.values),
        },
      };
    },
    restore(snapshot: Snapshot) {
      calls.restore++;
      const t = built('restore');
      if (snapshot.kind !== name) throw new Error(`${name}.restore: snapshot was written by "${snapshot.kind}"`);
      const same = (a: unknown, b: Int32Array) =>
        a instanceof Int32Array && a.length === b.length && a.every((v, i) => v === b[i]);
      if (!same(snapshot.arrays.userSizes, t.users.sizes) || !same(snapshot.arrays.itemSizes, t.items.sizes)) {
        throw new Error(`${name}.restore: the snapshot was taken under a different size plan`);
      }
      t.users.values.set(snapshot.arrays.userValues as Float32Array);
      t.items.values.set(snapshot.arrays.itemValues as Float32Array);
      trainedSteps = Number(snapshot.meta.trainedSteps);
    },
    dispose() {
      disposed = true;
      users = undefined;
      items = undefined;
    },
  };
  return model;
}

/**
 * A uniform {@link SizePlan}-shaped object for mocks: every user and item gets `size`.
 * Budget = the plan's own total.
 */
export function createUniformPlan(numUsers: number, numItems: number, size: number, maxSize = Math.max(size, 256)): SizePlan {
  if (!(Number.isInteger(size) && size >= 1)) throw new RangeError(`createUniformPlan: size must be a positive integer, got ${size}`);
  return {
    userSizes: new Int32Array(numUsers).fill(size),
    itemSizes: new Int32Array(numItems).fill(size),
    minSize: 1,
    maxSize,
    budgetParameters: (numUsers + numItems) * size,
  };
}
