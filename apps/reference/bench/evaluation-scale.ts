// One strict-protocol evaluation pass at scale: every known test user x the full catalogue,
// the user's training items masked, top-20 (Recall/NDCG/precision/hit rate), timed, with
// peak memory. Cases:
//  - a segment of the `synthetic-medium` stream (strict stream settings), scored by BPR-MF
//    at d = 32 (random init) and by LightGCN at d = 32 (3 propagation layers);
//  - a synthetic catalogue of 100k items x 20k users (20 training + 5 test items each,
//    popularity-skewed), scored by BPR-MF at d = 32 (random embeddings).
// `evaluate` scores users in batches (its default rule: floor(4,194,304 / candidates) users,
// between 1 and 1,024, i.e. about 16 MB of float32 scores per `score` call), so users x
// items is never materialised beyond one batch; this bench records the batch it used.
// Writes bench-results/evaluation-scale.json.
// Run: pnpm --filter @scall/reference bench:evaluation-scale [-- --segment 3 --skip-medium --skip-catalogue]
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { datasetPreset, loadStream } from '@scall/datasets';
import { evaluate } from '@scall/evaluation';
import { createLightGcn } from '@scall/recommender-lightgcn';
import { createMatrixFactorization } from '@scall/recommender-mf';
import { createRng } from '@scall/rng';
import type { Interactions, RecommenderV1, StreamSegment } from '@scall/spec';
import { initTf } from '@scall/tf-runtime';
import { writeBenchResult } from './bench-output.js';

const { values: flags } = parseArgs({
  options: {
    segment: { type: 'string' },
    'skip-medium': { type: 'boolean', default: false },
    'skip-catalogue': { type: 'boolean', default: false },
    'catalogue-items': { type: 'string', default: '100000' },
    'catalogue-users': { type: 'string', default: '20000' },
    backend: { type: 'string', default: 'wasm' },
  },
});
const runtime = await initTf({ backends: [flags.backend as 'wasm' | 'cpu'] });
const { tf } = runtime;
const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;
const MB = 1024 * 1024;

/** The batch rule of `evaluate` (its default `userBatchSize`). */
const usersPerBatch = (candidates: number) => Math.max(1, Math.min(1024, Math.floor(4_194_304 / Math.max(1, candidates))));

function uniformPlan(numUsers: number, numItems: number, size: number) {
  return { userSizes: new Int32Array(numUsers).fill(size), itemSizes: new Int32Array(numItems).fill(size), minSize: 1, maxSize: size, budgetParameters: size * (numUsers + numItems) };
}

interface Case {
  readonly name: string;
  readonly segment: StreamSegment;
  readonly model: () => RecommenderV1;
}

async function measure(c: Case) {
  const { segment } = c;
  const model = c.model();
  const t0 = performance.now();
  model.build({ graph: segment.graph, numUsers: segment.numUsers, numItems: segment.numItems, plan: uniformPlan(segment.numUsers, segment.numItems, 32), rng: createRng(1) });
  const buildSeconds = (performance.now() - t0) / 1000;
  const rss0 = process.memoryUsage().rss;
  const tf0 = tf.memory();
  let peakRss = rss0;
  let peakTfBytes = tf0.numBytes;
  const sample = () => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    peakTfBytes = Math.max(peakTfBytes, tf.memory().numBytes);
  };
  const timer = setInterval(sample, 20);
  const c0 = process.cpuUsage();
  const t1 = performance.now();
  const result = await evaluate(model, segment, { split: 'test', candidates: 'catalogue', users: 'all-known', ks: [20] });
  const seconds = (performance.now() - t1) / 1000;
  const cpu = process.cpuUsage(c0);
  clearInterval(timer);
  sample();
  model.dispose();
  const tf1 = tf.memory();
  const candidates = result.candidateItems ?? 0;
  const batch = usersPerBatch(candidates);
  const row = {
    case: c.name,
    recommender: model.name,
    numUsers: segment.numUsers,
    numItems: segment.numItems,
    graphRows: segment.graph.length,
    testRows: segment.test.length,
    evaluatedUsers: result.users,
    candidateItems: candidates,
    scoredUserItemPairs: result.users * candidates,
    usersPerScoreCall: batch,
    scoreBatchMB: round((4 * batch * candidates) / MB),
    seconds: round(seconds, 3),
    cpuSeconds: round((cpu.user + cpu.system) / 1e6, 3),
    modelBuildSeconds: round(buildSeconds, 3),
    recallAt20: round(result.metrics.recall[20], 5),
    ndcgAt20: round(result.metrics.ndcg[20], 5),
    rssMBBefore: round(rss0 / MB),
    peakRssMB: round(peakRss / MB),
    tfBytesMBBefore: round(tf0.numBytes / MB),
    peakTfBytesMB: round(peakTfBytes / MB),
    tfTensorsBefore: tf0.numTensors,
    tfTensorsAfterDispose: tf1.numTensors,
    processMaxRssMB: round(process.resourceUsage().maxRSS / 1024),
    allPairsWouldBeMB: round((4 * result.users * candidates) / MB),
    loadavg: loadavg().map((x) => round(x)),
  };
  console.log(JSON.stringify(row));
  return row;
}

const results = [];

if (!flags['skip-medium']) {
  const t0 = performance.now();
  const stream = await loadStream({
    ...datasetPreset('synthetic-medium'),
    // The strict protocol's stream (spec §2, apps/reference/src/protocol.ts).
    splitBase: 'with-replay',
    boundary: 'before',
    positives: 'current-uniform',
    negatives: 'current-items',
    validationRatio: 0.1,
  });
  const index = flags.segment === undefined ? stream.numSegments - 1 : Number(flags.segment);
  const segment = stream.segment(index);
  console.log(`synthetic-medium: ${stream.numSegments} segments, loaded in ${round((performance.now() - t0) / 1000)} s; evaluating segment ${index}`);
  const name = `synthetic-medium segment ${index} of ${stream.numSegments}`;
  results.push(await measure({ name, segment, model: () => createMatrixFactorization() }));
  results.push(await measure({ name, segment, model: () => createLightGcn() }));
}

/** A synthetic catalogue: each user `train` + `test` distinct items drawn with popularity skew. */
function catalogueSegment(numUsers: number, numItems: number, train: number, test: number): StreamSegment {
  const rng = createRng(11);
  const rows = numUsers * (train + test);
  const users = new Int32Array(rows);
  const items = new Int32Array(rows);
  const seen = new Set<number>();
  let k = 0;
  for (let u = 0; u < numUsers; u++) {
    seen.clear();
    while (seen.size < train + test) {
      const i = Math.floor(numItems * rng.next() ** 2); // skewed towards low ids
      if (seen.has(i)) continue;
      seen.add(i);
      users[k] = u;
      items[k++] = i;
    }
  }
  const part = (from: number, perUser: number, skip: number): Interactions => {
    const n = numUsers * perUser;
    const pu = new Int32Array(n);
    const pi = new Int32Array(n);
    for (let u = 0, o = 0; u < numUsers; u++) {
      for (let j = 0; j < perUser; j++, o++) {
        pu[o] = users[u * (train + test) + skip + j];
        pi[o] = items[u * (train + test) + skip + j];
      }
    }
    return { users: pu, items: pi, timestamps: Float64Array.from({ length: n }, (_, j) => from + j), length: n };
  };
  const graph = part(0, train, 0);
  const testPart = part(rows, test, train);
  const userFrequencies = new Float64Array(numUsers).fill(train);
  const itemFrequencies = new Float64Array(numItems);
  for (let j = 0; j < graph.length; j++) itemFrequencies[graph.items[j]]++;
  return {
    index: 1,
    numUsers,
    numItems,
    train: graph,
    validation: undefined,
    test: testPart,
    rawTest: testPart,
    graph,
    userFrequencies,
    itemFrequencies,
    trainUsers: Int32Array.from({ length: numUsers }, (_, u) => u),
    sampler: {
      sample() {
        throw new Error('evaluation bench: no training here');
      },
    },
    stats: {} as StreamSegment['stats'],
  };
}

if (!flags['skip-catalogue']) {
  const numItems = Number(flags['catalogue-items']);
  const numUsers = Number(flags['catalogue-users']);
  const segment = catalogueSegment(numUsers, numItems, 20, 5);
  results.push(await measure({ name: `synthetic catalogue ${numUsers} users x ${numItems} items`, segment, model: () => createMatrixFactorization() }));
}

const out = {
  benchmark: 'evaluation-at-scale: one strict-protocol pass (test split, full catalogue, all known test users, training items masked, top-20)',
  command: 'pnpm --filter @scall/reference bench:evaluation-scale',
  backend: runtime.backend,
  batchRule:
    'evaluate() scores floor(4,194,304 / candidates) users per recommender.score call (at least 1, at most 1,024): about 16 MB of float32 scores per call whatever the catalogue; ranking is a bounded top-K heap per user, so memory is O(batch x candidates + users + interactions)',
  note: 'seconds = the evaluate() call (plan building, scoring, masking, top-K, metrics); LightGCN scoring includes one propagation; peak RSS sampled every 20 ms (the timer runs between score batches), processMaxRssMB is the process lifetime maximum (getrusage); tf bytes are live tensors (scores are copied out and disposed per batch); machine shared, loadavg per row',
  results,
};
writeBenchResult('evaluation-scale.json', out);
