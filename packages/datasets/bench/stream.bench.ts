// Rows/s of parse + stream construction and peak memory, written to bench-results/stream.json.
//   pnpm --filter @scall/datasets bench            (ML-100K + a 10^7-row synthetic stream)
//   BENCH_SYNTHETIC_ROWS=1000000 pnpm --filter @scall/datasets bench   (smaller synthetic run)
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRng } from '@scall/rng';
import { buildStream, createSyntheticStream, datasetPreset, readMovieLens, readSource, type DatasetPresetName } from '../src/index.js';

const dataDir = fileURLToPath(new URL('../../../../shared/data', import.meta.url));
const outDir = fileURLToPath(new URL('../bench-results/', import.meta.url));
// Peak resident memory of the process so far (the OS's high-water mark; timers cannot sample during synchronous work).
const peakRss = () => process.resourceUsage().maxRSS * 1024;
const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
const results: Record<string, unknown>[] = [];

async function measure(label: string, run: () => Promise<{ rows: number; parseMs: number; buildMs: number; segments: number }>) {
  const baseline = process.memoryUsage().rss;
  const r = await run();
  const peak = peakRss();
  const totalMs = r.parseMs + r.buildMs;
  results.push({
    label,
    rows: r.rows,
    segments: r.segments,
    parseMs: Math.round(r.parseMs),
    buildMs: Math.round(r.buildMs),
    parseRowsPerSecond: Math.round(r.rows / (r.parseMs / 1000)),
    totalRowsPerSecond: Math.round(r.rows / (totalMs / 1000)),
    baselineRssMB: mb(baseline),
    processPeakRssMB: mb(peak),
    peakBytesPerRowAboveBaseline: Math.round(Math.max(0, peak - baseline) / r.rows),
  });
  console.log(results.at(-1));
}

for (let repeat = 0; repeat < 3; repeat++) {
  await measure(`ml-100k run ${repeat + 1}`, async () => {
    const t0 = performance.now();
    const raw = await readMovieLens({ path: `${dataDir}/ml-100k/u.data` });
    const t1 = performance.now();
    const stream = buildStream(raw, { name: 'ml-100k', kCore: 10, segmenter: { kind: 'new-entities', threshold: 300 } });
    for (let t = 0; t < stream.numSegments; t++) stream.segment(t);
    return { rows: raw.length, parseMs: t1 - t0, buildMs: performance.now() - t1, segments: stream.numSegments };
  });
}

// Parse-only throughput after warm-up: the median of several reads of each real file.
const parseRepeats = Number(process.env.BENCH_PARSE_REPEATS ?? 7);
for (const preset of ['ml-100k', 'ciaodvd', 'amazon-magazine', 'lastfm-2k'] satisfies DatasetPresetName[]) {
  const { source } = datasetPreset(preset, dataDir);
  const rates: number[] = [];
  let rows = 0;
  for (let repeat = 0; repeat < parseRepeats + 1; repeat++) {
    const t0 = performance.now();
    const raw = await readSource(source);
    const ms = performance.now() - t0;
    rows = raw.length;
    if (repeat > 0) rates.push(raw.length / (ms / 1000)); // the first read warms up the JIT
  }
  rates.sort((a, b) => a - b);
  results.push({ label: `parse ${preset} (median of ${parseRepeats} after 1 warm-up)`, rows, parseRowsPerSecondMedian: Math.round(rates[rates.length >> 1]), parseRowsPerSecondMax: Math.round(rates.at(-1)!) });
  console.log(results.at(-1));
}

const syntheticRows = Number(process.env.BENCH_SYNTHETIC_ROWS ?? 10_000_000);
await measure(`synthetic ${syntheticRows} rows`, async () => {
  const t0 = performance.now();
  const raw = createSyntheticStream({ users: Math.round(syntheticRows / 20), items: Math.round(syntheticRows / 100), rows: syntheticRows, topics: 64, seed: 1 });
  const t1 = performance.now();
  const stream = buildStream(raw, { name: 'synthetic', segmenter: { kind: 'rows', rows: Math.ceil(syntheticRows / 8) } });
  stream.segment(stream.numSegments - 1);
  return { rows: raw.length, parseMs: t1 - t0, buildMs: performance.now() - t1, segments: stream.numSegments };
});

// Sampler throughput on the last ML-100K segment, batch 2,048 with a reused output batch.
const raw = await readMovieLens({ path: `${dataDir}/ml-100k/u.data` });
const segment = buildStream(raw, { name: 'ml-100k', kCore: 10, segmenter: { kind: 'new-entities', threshold: 300 } }).segment(6);
const out = { users: new Int32Array(2048), positives: new Int32Array(2048), negatives: new Int32Array(2048) };
const rng = createRng(1);
const t0 = performance.now();
let batches = 0;
while (performance.now() - t0 < 1000) {
  segment.sampler.sample(2048, rng, out);
  batches++;
}
results.push({ label: 'sampler ml-100k segment 6, batch 2048', triplesPerSecond: Math.round((batches * 2048) / ((performance.now() - t0) / 1000)) });
console.log(results.at(-1));

mkdirSync(outDir, { recursive: true });
writeFileSync(`${outDir}stream.json`, `${JSON.stringify({ node: process.version, date: new Date().toISOString(), results }, null, 2)}\n`);
