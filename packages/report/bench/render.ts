// Times loading, aggregation and chart rendering of a result set (the fixture set by
// default, or the directory given as the first argument) and writes the numbers to
// bench-results/render.json.
// Run: pnpm --filter @scall/report bench [-- <results dir>]
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { aggregateRuns, collectRuns, renderCharts, renderOverview, renderReport } from '../src/index.js';

async function main(): Promise<void> {
  const root = process.argv[2] ?? fileURLToPath(new URL('../test/fixtures/runs', import.meta.url));
  const repeats = 3;
  const times: Record<string, number[]> = { collect: [], aggregate: [], svg: [], png: [], html: [] };
  let charts = 0;
  let runs = 0;
  let htmlBytes = 0;
  for (let r = 0; r < repeats; r++) {
    let t = performance.now();
    const loaded = await collectRuns(root);
    times.collect.push(performance.now() - t);
    t = performance.now();
    const aggregate = aggregateRuns(loaded);
    times.aggregate.push(performance.now() - t);
    t = performance.now();
    const svgOnly = renderCharts(aggregate, { png: false });
    times.svg.push(performance.now() - t);
    t = performance.now();
    const rendered = renderCharts(aggregate);
    renderOverview(rendered);
    times.png.push(performance.now() - t);
    t = performance.now();
    htmlBytes = renderReport(aggregate, svgOnly).length;
    times.html.push(performance.now() - t);
    charts = rendered.length;
    runs = loaded.length;
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const result = {
    root,
    runs,
    charts,
    htmlBytes,
    repeats,
    medianMs: Object.fromEntries(Object.entries(times).map(([k, v]) => [k, Number(median(v).toFixed(1))])),
    node: process.version,
  };
  const out = fileURLToPath(new URL('../bench-results/', import.meta.url));
  mkdirSync(out, { recursive: true });
  writeFileSync(`${out}render.json`, JSON.stringify(result, null, 2) + '\n');
  console.log(JSON.stringify(result, null, 2));
}

await main();
