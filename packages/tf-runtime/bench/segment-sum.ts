// UnsortedSegmentSum at LightGCN size (160,000 rows x 64 into 2,625 segments) and the
// gradient of tf.gather over it, with the linear-time kernel on cpu and wasm; the stock
// cpu kernel is timed once on 4 segments and reported per segment (it is O(segments x rows)).
// Writes bench-results/segment-sum.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { Bench } from 'tinybench';
import { initTf, registerSegmentSumKernels } from '../src/index.js';

// The stock cpu kernel, captured before initTf replaces it.
const stock = tf.getKernel('UnsortedSegmentSum', 'cpu');

const ROWS = 160_000;
const DIM = 64;
const SEGMENTS = 2_625;
const STOCK_SEGMENTS = 4;

const values = new Float32Array(ROWS * DIM);
for (let i = 0; i < values.length; i++) values[i] = ((i * 2654435761) % 1000) / 1000 - 0.5;
const ids = new Int32Array(ROWS);
for (let r = 0; r < ROWS; r++) ids[r] = (r * 7919) % SEGMENTS;

type Row = { backend: string; kernel: string; case: string; medianMs: number | undefined };
const results: Row[] = [];

async function time(backend: string, kernel: string, name: string, fn: () => void, iterations = 3): Promise<void> {
  const bench = new Bench({ iterations, time: 0, warmupIterations: iterations > 1 ? 1 : 0 });
  bench.add(name, fn);
  await bench.run();
  const r = bench.tasks[0].result as unknown as { latency?: { p50: number } };
  results.push({ backend, kernel, case: name, medianMs: r.latency?.p50 });
}

for (const backend of ['wasm', 'cpu'] as const) {
  await initTf({ backends: [backend] });
  const x = tf.tensor2d(values, [ROWS, DIM]);
  const segmentIds = tf.tensor1d(ids, 'int32');
  const table = tf.tensor2d(values.subarray(0, SEGMENTS * DIM), [SEGMENTS, DIM]);
  const grad = tf.grad((e: tf.Tensor) => tf.sum(tf.gather(e, segmentIds)));
  await time(backend, 'linear', `unsortedSegmentSum ${ROWS}x${DIM} -> ${SEGMENTS}`, () => {
    tf.tidy(() => tf.unsortedSegmentSum(x, segmentIds, SEGMENTS).dataSync());
  });
  await time(backend, 'linear', `gradient of gather ${ROWS} rows from ${SEGMENTS}x${DIM}`, () => {
    tf.tidy(() => grad(table).dataSync());
  });
  tf.dispose([x, segmentIds, table]);
}

// The stock cpu kernel, put back for comparison, then replaced again.
if (stock) {
  await initTf({ backends: ['cpu'] });
  tf.unregisterKernel('UnsortedSegmentSum', 'cpu');
  tf.registerKernel(stock);
  const x = tf.tensor2d(values, [ROWS, DIM]);
  const segmentIds = tf.tensor1d(ids.map((s) => s % STOCK_SEGMENTS), 'int32');
  await time('cpu', 'stock', `unsortedSegmentSum ${ROWS}x${DIM} -> ${STOCK_SEGMENTS}`, () => {
    tf.tidy(() => tf.unsortedSegmentSum(x, segmentIds, STOCK_SEGMENTS).dataSync());
  }, 1);
  tf.dispose([x, segmentIds]);
  registerSegmentSumKernels(['cpu']);
}
const stockRow = results.find((r) => r.kernel === 'stock');
const out = {
  benchmark: 'UnsortedSegmentSum and the gradient of tf.gather',
  node: process.version,
  results,
  stockCpuMsPerSegment: stockRow?.medianMs !== undefined ? stockRow.medianMs / STOCK_SEGMENTS : null,
  stockCpuEstimatedMsAt2625Segments: stockRow?.medianMs !== undefined ? (stockRow.medianMs / STOCK_SEGMENTS) * SEGMENTS : null,
};
console.table(results);
console.log(out.stockCpuMsPerSegment, 'ms per segment with the stock cpu kernel');
const dir = fileURLToPath(new URL('../bench-results/', import.meta.url));
mkdirSync(dir, { recursive: true });
writeFileSync(`${dir}segment-sum.json`, `${JSON.stringify(out, null, 2)}\n`);
