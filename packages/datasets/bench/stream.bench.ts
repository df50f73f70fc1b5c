// Rows/s of parse + stream construction and peak memory, written to bench-results/stream.json.
//   pnpm --filter @scall/datasets bench            (ML-100K, parse rates of every real file, a 1M-row string-id CSV, a 10^7-row synthetic stream)
//   BENCH_SYNTHETIC_ROWS=1000000 pnpm --filter @scall/datasets bench   (smaller synthetic run)
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { fileURLToPath } from 'node:url';
import { createRng } from '@scall/rng';
import { buildStream } from '@scall/stream-protocol';
import { createSyntheticStream, datasetPreset, readAmazonCsv, readMovieLens, readSource, type DatasetPresetName } from '../src/index.js';

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

// Heap kept alive by the result of reading a generated 1M-row ratings CSV with string ids
// where new users keep arriving until the end: it should track the distinct ids, not the
// file size. (Work happens inside functions so that no temporaries of the module stay alive.)
{
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const dir = mkdtempSync(join(tmpdir(), 'scall-bench-'));
  const path = join(dir, 'ratings.csv');
  const writeCsv = () => {
    const lines: string[] = [];
    for (let r = 0; r < 1_000_000; r++) {
      const user = r % 10 === 0 ? r / 10 : (r * 7919) % (Math.floor(r / 10) + 1);
      lines.push(`ITEM${r % 5000},AUSER${String(user).padStart(10, '0')},5.0,${1_000_000_000 + r}`);
    }
    writeFileSync(path, `${lines.join('\n')}\n`);
  };
  const read = async () => {
    gc();
    const before = process.memoryUsage().heapUsed;
    const t0 = performance.now();
    const raw = await readAmazonCsv({ path });
    const ms = performance.now() - t0;
    gc();
    return { rows: raw.length, users: raw.numUsers, ms, retained: process.memoryUsage().heapUsed - before };
  };
  writeCsv();
  const r = await read();
  results.push({ label: 'string-id CSV, 1M rows, new users throughout', rows: r.rows, users: r.users, fileMB: mb(statSync(path).size), parseRowsPerSecond: Math.round(r.rows / (r.ms / 1000)), retainedHeapMB: mb(r.retained) });
  console.log(results.at(-1));
  rmSync(dir, { recursive: true, force: true });
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
