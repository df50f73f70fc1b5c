import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { logTickLabel } from '../src/cost-curve-chart.js';
import {
  COST_CURVE_FORMAT,
  costCurveCharts,
  growthExponent,
  parseCostCurve,
  renderCostCurveMarkdown,
  runGrowth,
  writeCostCurveReport,
} from '../src/index.js';
import type { CostCurve, CostCurveRun, CostCurveSegment } from '../src/index.js';

/** A segment whose training cost per block is `perRow` seconds per graph row and whose evaluation costs 1 ns per score. */
function segment(index: number, graphRows: number, perRow: number, users: number, items: number): CostCurveSegment {
  return {
    index,
    rows: graphRows / (index + 1),
    graphRows,
    users,
    items,
    blocks: 4,
    seconds: { policy: 0.01, training: 4 * perRow * graphRows, evaluation: users * items * 1e-9 },
    evaluatedUsers: users,
    candidateItems: items,
    embeddingBytes: 64 * (users + items),
    budgetBytes: 64 * (users + items),
  };
}

function run(preset: string, segments: CostCurveSegment[], extra: Partial<CostCurveRun> = {}): CostCurveRun {
  return {
    preset,
    searcher: 'uniform',
    threads: 2,
    timedOut: false,
    exitStatus: 0,
    cliWallSeconds: 10,
    peakRssMB: 300,
    loadavgBefore: [0.5, 0.5, 0.5],
    loadavgAfter: [1.2, 0.9, 0.6],
    segments,
    ...extra,
  };
}

const curve: CostCurve = {
  format: COST_CURVE_FORMAT,
  benchmark: 'cost-curve test',
  command: 'pnpm bench:cost-curve',
  note: 'synthetic numbers',
  cpus: 2,
  node: 'v20.0.0',
  results: [
    run('synthetic-small', [segment(0, 1_000, 1e-5, 100, 50), segment(1, 2_000, 1e-5, 200, 60), segment(2, 4_000, 1e-5, 400, 70), segment(3, 8_000, 1e-5, 800, 80)]),
    run('synthetic-10m', [segment(0, 100_000, 2e-5, 10_000, 5_000), segment(1, 300_000, 2e-5, 30_000, 6_000)], { timedOut: true, exitStatus: null, peakRssMB: undefined }),
  ],
};
const text = JSON.stringify(curve);

describe('parseCostCurve', () => {
  it('reads a benchmark file and keeps its runs', () => {
    const parsed = parseCostCurve(text, 'cost-curve.json');
    expect(parsed.results.map((r) => [r.preset, r.segments.length, r.timedOut])).toEqual([
      ['synthetic-small', 4, false],
      ['synthetic-10m', 2, true],
    ]);
  });

  it('names the file and the field at fault', () => {
    expect(() => parseCostCurve('{', 'a.json')).toThrow(/a\.json: not valid JSON/);
    expect(() => parseCostCurve(JSON.stringify({ ...curve, format: undefined }), 'a.json')).toThrow(/a\.json: format is undefined, expected "scall-cost-curve\/v1".*--rebuild/);
    const broken = structuredClone(curve) as unknown as { results: { segments: Record<string, unknown>[] }[] };
    delete broken.results[1].segments[1].graphRows;
    expect(() => parseCostCurve(JSON.stringify(broken), 'a.json')).toThrow('a.json: field "results[1].segments[1].graphRows" should be a number, got nothing');
    broken.results[1].segments[1].graphRows = 0;
    expect(() => parseCostCurve(JSON.stringify(broken), 'a.json')).toThrow('field "results[1].segments[1].graphRows" should be positive, got 0');
    const noPhase = structuredClone(curve) as unknown as { results: { segments: { seconds: Record<string, unknown> }[] }[] };
    noPhase.results[0].segments[2].seconds.training = 'slow';
    expect(() => parseCostCurve(JSON.stringify(noPhase), 'a.json')).toThrow('field "results[0].segments[2].seconds.training" should be a number, got a string ("slow")');
  });
});

describe('growthExponent', () => {
  it('recovers b of seconds = a · size^b and leaves out unusable points', () => {
    const points = [10, 100, 1_000, 10_000].map((size) => ({ size, seconds: 3 * size ** 1.5 }));
    expect(growthExponent(points).exponent).toBeCloseTo(1.5, 10);
    expect(growthExponent([...points, { size: 0, seconds: 1 }, { size: 5, seconds: 0 }]).points).toBe(4);
    expect(growthExponent(points.slice(0, 2)).exponent).toBeUndefined();
    expect(growthExponent([1, 2, 3].map((seconds) => ({ size: 7, seconds }))).exponent).toBeUndefined();
  });

  it('gives a run linear training per block and linear evaluation when the costs are linear', () => {
    const growth = runGrowth(curve.results[0]);
    expect(growth.trainingPerBlock.exponent).toBeCloseTo(1, 10);
    expect(growth.evaluation.exponent).toBeCloseTo(1, 10);
    expect(growth.segment.exponent).toBeGreaterThan(0.9);
  });
});

describe('cost-curve charts', () => {
  it('draw one log–log series per run and a slope-1 line through the largest segment', () => {
    const charts = costCurveCharts(curve);
    expect(charts.map((c) => c.id)).toEqual(['cost-curve--training-per-block', 'cost-curve--evaluation', 'cost-curve--segment']);
    const option = charts[0].option as { xAxis: { type: string }; yAxis: { type: string }; series: { name: string; data: [number, number][] }[] };
    expect([option.xAxis.type, option.yAxis.type]).toEqual(['log', 'log']);
    expect(option.series.map((s) => s.name)).toEqual(['synthetic-small / uniform', 'synthetic-10m / uniform (stopped)', 'slope 1 (linear)']);
    // Training per block = perRow · graph rows.
    expect(option.series[1].data.map(([x, y]) => [x, Number(y.toFixed(9))])).toEqual([
      [100_000, 2],
      [300_000, 6],
    ]);
    const [low, high] = option.series[2].data;
    expect(high[0]).toBe(300_000);
    expect(high[1]).toBeCloseTo(6, 10);
    expect(low[0]).toBe(1_000);
    expect(low[1]).toBeCloseTo(6 / 300, 10);
  });

  it('label log ticks as plain numbers near 1 and powers of ten far from it', () => {
    expect([1e-5, 0.001, 1, 100_000, 1e6, 1e10].map(logTickLabel)).toEqual(['1e-5', '0.001', '1', '100,000', '1e6', '1e10']);
  });
});

describe('cost-curve report', () => {
  it('tabulates each run and its segments in Markdown', () => {
    const md = renderCostCurveMarkdown(curve);
    expect(md).toContain('| synthetic-small / uniform, 2 threads | complete | 4 |');
    expect(md).toContain('| synthetic-10m / uniform, 2 threads | stopped at the time limit after 2 segments | 2 |');
    expect(md).toContain('## synthetic-10m / uniform, 2 threads');
    expect(md).toContain('| 1 | 150,000 | 300,000 | 30,000 | 6,000 | 4 |');
    // Growth exponents of the linear run: training per block and evaluation both 1.00.
    expect(md).toMatch(/\| synthetic-small \/ uniform, 2 threads \|.*\| 1\.00 \| 1\.00 \|/);
  });

  it('writes the page, the Markdown and the charts, and names a missing file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cost-curve-report-'));
    const file = join(dir, 'cost-curve.json');
    writeFileSync(file, text);
    const written = await writeCostCurveReport(file, join(dir, 'out'), { png: false });
    expect(written.svg.map((p) => p.slice(dir.length))).toEqual(['/out/charts/cost-curve--training-per-block.svg', '/out/charts/cost-curve--evaluation.svg', '/out/charts/cost-curve--segment.svg']);
    expect(written.png).toEqual([]);
    const html = readFileSync(written.html, 'utf8');
    expect(html.match(/<svg /g)?.length).toBe(3);
    expect(html).toContain('stopped at the time limit after 2 segments');
    await expect(writeCostCurveReport(join(dir, 'nope.json'), dir)).rejects.toThrow(/nope\.json: cannot read the cost-curve file \(ENOENT\)/);
  });
});
