import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { RunResults } from '@scall/spec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  aggregateRuns,
  chartSpecs,
  collectRuns,
  loadRunDirectory,
  renderCharts,
  renderMarkdownSummary,
  renderOverview,
  renderReport,
  writeReport,
} from '../src/index.js';
import type { LoadedRun, RenderedChart, RunAggregate } from '../src/index.js';

const fixtures = fileURLToPath(new URL('./fixtures/runs', import.meta.url));
const PIXEL_RATIO = 2;

/** Plain mean and sample standard deviation, written out for the checks. */
function handMean(xs: number[]): number {
  let sum = 0;
  for (const x of xs) sum += x;
  return sum / xs.length;
}
function handStd(xs: number[]): number {
  if (xs.length < 2) return 0;
  const m = handMean(xs);
  let ss = 0;
  for (const x of xs) ss += (x - m) * (x - m);
  return Math.sqrt(ss / (xs.length - 1));
}

function readFixture(searcher: string, c: number, seed: number): RunResults {
  return JSON.parse(readFileSync(join(fixtures, 'ml-100k', searcher, `c-${c}`, `seed-${seed}`, 'results.json'), 'utf8')) as RunResults;
}

/** Width and height from a PNG's IHDR chunk, after checking the signature. */
function pngSize(png: Uint8Array): { width: number; height: number } {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  expect([...png.subarray(0, 8)]).toEqual(signature);
  expect(Buffer.from(png.subarray(12, 16)).toString('ascii')).toBe('IHDR');
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** Every text node of a parsed SVG, concatenated. */
function svgText(svg: string): string {
  const texts: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === '#text') texts.push(String(value));
        else walk(value);
      }
    }
  };
  walk(new XMLParser({ ignoreAttributes: true, preserveOrder: true }).parse(svg));
  return texts.join('\n');
}

let runs: LoadedRun[];
let aggregate: RunAggregate;
let charts: RenderedChart[];

beforeAll(async () => {
  runs = await collectRuns(fixtures);
  aggregate = aggregateRuns(runs);
  charts = renderCharts(aggregate, { pixelRatio: PIXEL_RATIO });
});

describe('collectRuns', () => {
  it('finds every run of the fixture grid with its policy steps', () => {
    expect(runs).toHaveLength(8);
    expect(runs.map((r) => `${r.results.searcher}/${r.results.budget.kind === 'mean-size' ? r.results.budget.meanSize : '?'}/${r.results.seed}`)).toEqual([
      'scall/16/1',
      'scall/16/2',
      'scall/32/1',
      'scall/32/2',
      'uniform/16/1',
      'uniform/16/2',
      'uniform/32/1',
      'uniform/32/2',
    ]);
    // SCALL takes 10 + t + seed policy steps before segments t = 1, 2; uniform takes none.
    const steps = Object.fromEntries(runs.map((r) => [`${r.results.searcher}/${r.results.seed}`, r.policySteps.length]));
    expect(steps).toEqual({ 'scall/1': 25, 'scall/2': 27, 'uniform/1': 0, 'uniform/2': 0 });
    expect(runs[0].policySteps[0].action).toHaveLength(3);
  });
});

describe('aggregateRuns', () => {
  it('groups the grid into dataset × searcher × budget × recommender cells', () => {
    expect(aggregate.cells.map((c) => c.key)).toEqual([
      'ml-100k|lightgcn|v0.1|c=16|scall',
      'ml-100k|lightgcn|v0.1|c=16|uniform',
      'ml-100k|lightgcn|v0.1|c=32|scall',
      'ml-100k|lightgcn|v0.1|c=32|uniform',
    ]);
    // The fixtures predate protocols: they are reported as "v0.1".
    expect(aggregate.protocols).toEqual(['v0.1']);
    // Both reported segments have >= 10 test users (25, 38), so the "reliable" average is the plain one.
    const scall16 = aggregate.cells[0];
    expect(scall16.summary.reliableSegments).toBe(2);
    expect(scall16.perSeed[0].reliableRecall).toBeCloseTo((0.14 + 0.15) / 2, 12);
    expect(aggregate.searchers).toEqual(['scall', 'uniform']);
    expect(aggregate.budgets.map((b) => b.label)).toEqual(['c=16', 'c=32']);
    expect(aggregate.cells.every((c) => c.seeds.join() === '1,2' && c.k === 20)).toBe(true);
  });

  it('matches the hand-computed mean and spread of SCALL at c=16', () => {
    // Recall@20 per segment (fixture formula): seed 1: 0.14, 0.15 -> 0.145; seed 2: 0.16, 0.18 -> 0.17.
    const cell = aggregate.cells[0];
    expect(cell.summary.recall.mean).toBeCloseTo(0.1575, 10);
    expect(cell.summary.recall.std).toBeCloseTo(0.025 / Math.SQRT2, 10);
    expect(cell.summary.recall.min).toBeCloseTo(0.145, 10);
    expect(cell.summary.recall.max).toBeCloseTo(0.17, 10);
    // Segment 2: 0.15 and 0.18.
    const segment2 = cell.segments.find((s) => s.index === 2)!;
    expect(segment2.recall.mean).toBeCloseTo(0.165, 10);
    expect(segment2.recall.std).toBeCloseTo(0.03 / Math.SQRT2, 10);
    // Budget: c=16 over 640 + 1180 entities at 4 bytes per parameter.
    expect(segment2.budgetBytes.mean).toBe(16 * 1820 * 4);
    expect(cell.policySteps.map((p) => p.seed)).toEqual([1, 2]);
    expect(aggregate.cells[1].policySteps).toEqual([]);
  });

  it('matches means and sample stds computed from the fixture files of every cell', () => {
    for (const cell of aggregate.cells) {
      const c = cell.budget.kind === 'mean-size' ? cell.budget.meanSize : NaN;
      const files = [1, 2].map((seed) => readFixture(cell.searcher, c, seed));
      const check = (actual: { mean: number; std: number; n: number }, values: number[]) => {
        expect(actual.n).toBe(values.length);
        expect(actual.mean).toBeCloseTo(handMean(values), 12);
        expect(actual.std).toBeCloseTo(handStd(values), 12);
      };
      check(cell.summary.recall, files.map((f) => f.summary.recall));
      check(cell.summary.ndcg, files.map((f) => f.summary.ndcg));
      check(cell.summary.weightedRecall, files.map((f) => f.summary.weightedRecall));
      check(cell.summary.weightedNdcg, files.map((f) => f.summary.weightedNdcg));
      check(cell.timings.total, files.map((f) => f.timings.total));
      check(cell.timings.policy, files.map((f) => f.timings.policy));
      check(cell.peakRssBytes, files.map((f) => f.peakRssBytes));
      expect(cell.segments.map((s) => s.index)).toEqual([0, 1, 2]);
      for (const segment of cell.segments) {
        const rows = files.map((f) => f.segments[segment.index]);
        check(segment.recall, rows.map((r) => r.test.metrics.recall[20]));
        check(segment.ndcg, rows.map((r) => r.test.metrics.ndcg[20]));
        check(segment.bytes, rows.map((r) => r.bytes));
        check(segment.timings.training, rows.map((r) => r.timings.training));
        expect(segment.testUsers.mean).toBe(rows[0].stats.testUsers);
      }
      expect(cell.backends).toEqual(['wasm']);
      expect(cell.versions['@tensorflow/tfjs-core']).toEqual(['4.22.0']);
    }
  });

  it('rejects a cell that holds the same seed twice, naming both files', () => {
    const duplicate = { ...runs[0], dir: '/elsewhere', resultsPath: '/elsewhere/results.json' };
    expect(() => aggregateRuns([runs[0], duplicate])).toThrow(/seed 1 twice.*results\.json.*\/elsewhere\/results\.json/);
  });
});

describe('renderCharts', () => {
  it('renders every chart of the report', () => {
    const kinds: Record<string, number> = {};
    for (const chart of charts) kinds[chart.kind] = (kinds[chart.kind] ?? 0) + 1;
    // Per budget: segment quality and budget use; per cell: sizes; per SCALL cell: actions.
    expect(kinds).toEqual({ 'segment-quality': 2, 'quality-vs-budget': 1, 'size-by-rank': 4, 'budget-use': 2, 'policy-actions': 2, 'phase-time': 1 });
    expect(new Set(charts.map((c) => c.id)).size).toBe(charts.length);
  });

  it('produces well-formed SVG with a title, axis names with units and a legend', () => {
    const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' });
    for (const chart of charts) {
      expect(XMLValidator.validate(chart.svg), chart.id).toBe(true);
      const root = parser.parse(chart.svg).svg as Record<string, string>;
      expect(Number(root.width)).toBe(chart.width);
      expect(Number(root.height)).toBe(chart.height);
      const text = svgText(chart.svg);
      expect(text, chart.id).toContain(chart.title);
      const legend: Record<string, string[]> = {
        'segment-quality': ['scall', 'uniform', 'stream segment t', 'Recall@20 (fraction of test items)', 'NDCG@20 (0–1)'],
        'quality-vs-budget': ['scall', 'uniform', 'memory budget', 'average Recall@20 (fraction)'],
        'size-by-rank': ['segment t = 1', 'segment t = 2', 'user embedding size (dimensions)', 'item frequency rank (1 = most frequent, log scale)'],
        'budget-use': ['scall', 'uniform', 'budget (c=', 'embedding memory (kB)', 'stream segment t'],
        'policy-actions': ['user share ρ', 'user shape α_u', 'item shape α_i', 'action value (unitless, 0–1)', 'policy step'],
        'phase-time': ['policy search', 'training', 'evaluation', 'wall time (seconds)'],
      };
      for (const word of legend[chart.kind]) expect(text, `${chart.id}: ${word}`).toContain(word);
    }
  });

  it('shades the min–max band over seeds behind each searcher\'s line', () => {
    const spec = chartSpecs(aggregate).find((c) => c.id === 'segment-quality--ml-100k--lightgcn--v0.1--c-16')!;
    const series = (spec.option as { series: { name: string; stack?: string; xAxisIndex: number; data: (number | null)[] }[] }).series;
    const band = series.filter((s) => s.name === 'scall' && s.stack !== undefined && s.xAxisIndex === 0);
    expect(band).toHaveLength(2);
    // Recall@20 of SCALL at c=16, seeds 1 and 2: segment 0: 0.10, 0.11; 1: 0.14, 0.16; 2: 0.15, 0.18.
    expect(band[0].data).toEqual([0.1, 0.14, 0.15]);
    band[1].data.forEach((width, i) => expect(width).toBeCloseTo([0.01, 0.02, 0.03][i], 10));
  });

  it('rasterises every chart to a PNG of the expected size', () => {
    for (const chart of charts) {
      expect(chart.png, chart.id).toBeInstanceOf(Uint8Array);
      expect(pngSize(chart.png!)).toEqual({ width: chart.width * PIXEL_RATIO, height: chart.height * PIXEL_RATIO });
    }
  });

  it('tiles charts into an overview picture', () => {
    const overview = renderOverview(charts, { columns: 2, limit: 4, pixelRatio: 1 });
    expect(XMLValidator.validate(overview.svg)).toBe(true);
    expect(overview.width).toBe(2 * 960);
    expect(overview.height).toBe(2 * 440);
    expect(pngSize(overview.png!)).toEqual({ width: 1920, height: 880 });
    expect(overview.svg.split('<g transform="translate(').length - 1).toBe(4);
  });
});

describe('renderReport and renderMarkdownSummary', () => {
  it('writes one self-contained HTML page with every chart inline', () => {
    const html = renderReport(aggregate, charts, { rootDir: fixtures });
    for (const chart of charts) expect(html).toContain(`<figure id="${chart.id}">`);
    expect(html.split('<svg ').length - 1).toBe(charts.length);
    expect(html).not.toMatch(/https?:/);
    expect(html).not.toMatch(/<script|<link|<img|@import|<iframe/i);
    expect(html).toContain('0.1575 ± 0.0177');
    expect(html).toContain('ml-100k/scall/c-16/seed-1');
    // Every inlined SVG is still well-formed XML.
    for (const match of html.matchAll(/<svg [\s\S]*?<\/svg>/g)) expect(XMLValidator.validate(match[0])).toBe(true);
  });

  it('writes a Markdown table with one row per cell', () => {
    const markdown = renderMarkdownSummary(aggregate);
    const rows = markdown.split('\n').filter((line) => line.startsWith('|'));
    // 2 + 4 rows of the cell table, then 2 + 2 rows of paired differences (SCALL vs uniform at two budgets).
    expect(rows).toHaveLength(2 + 4 + 2 + 2);
    expect(rows[0]).toBe('| searcher | budget | avg Recall@20 | avg NDCG@20 | weighted Recall@20 | weighted NDCG@20 | wall time | segments | seeds |');
    // SCALL c=16: recall 0.145 and 0.17 -> mean 0.1575, sd 0.017678, 95% CI half-width t(0.975, 1) = 12.706 x sd / sqrt 2 = 0.15882.
    expect(rows[2]).toMatch(/^\| scall \| c=16 \| 0\.1575 \[-0\.0013, 0\.3163\] \| 0\.2050 \[.*\] \| .* \| 2 \| 2 \|$/);
    // Paired: SCALL - uniform at c=16 is +0.03 on both seeds (0.145 - 0.115, 0.17 - 0.14): a zero-width CI that excludes zero.
    expect(rows[8]).toBe('| ml-100k | v0.1 | c=16 | scall − uniform | 2 | +0.0300 [+0.0300, +0.0300] * | +0.0300 [+0.0300, +0.0300] * |');
  });
});

describe('writeReport', () => {
  let out: string;
  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), 'scall-report-'));
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('writes report.html, summary.md and every chart as SVG and PNG', async () => {
    const written = await writeReport(fixtures, out, { pixelRatio: 1 });
    expect(written.html).toBe(join(out, 'report.html'));
    expect(written.markdown).toBe(join(out, 'summary.md'));
    expect(written.svg).toHaveLength(charts.length + 1);
    expect(written.png).toHaveLength(charts.length + 1);
    expect(readdirSync(join(out, 'charts')).sort()).toEqual(
      [...charts.map((c) => c.id), 'overview'].flatMap((id) => [`${id}.png`, `${id}.svg`]).sort(),
    );
    for (const file of written.files) expect(existsSync(file), file).toBe(true);
    expect(pngSize(readFileSync(join(out, 'charts', `${charts[0].id}.png`)))).toEqual({ width: 960, height: 440 });
  });

  it('compares against every baseline asked for, in the page and the summary', async () => {
    const dir = join(out, 'baselines');
    const written = await writeReport(fixtures, dir, { png: false, overview: false, baselines: ['uniform', 'scall'] });
    const md = readFileSync(written.markdown, 'utf8');
    expect(md).toContain('Paired differences against "uniform", then "scall" on the same seeds');
    expect(md).toMatch(/\| c=16 \| scall − uniform \| 2 \|/);
    // uniform − scall would negate scall − uniform: left out.
    expect(md).not.toMatch(/uniform − scall/);
    expect(readFileSync(written.html, 'utf8')).toContain('<h2 id="paired">Paired differences vs uniform, scall</h2>');
    await expect(writeReport(fixtures, dir, { png: false, baselines: ['fixed-action'] })).rejects.toThrow(/Unknown searcher "fixed-action" as a baseline/);
  });

  it('says so when the directory holds no runs', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'scall-empty-'));
    try {
      await expect(writeReport(empty, join(empty, 'out'))).rejects.toThrow(/no results\.json found/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('loading errors name the file', () => {
  let dir: string;
  const base = readFileSync(join(fixtures, 'ml-100k', 'uniform', 'c-16', 'seed-1', 'results.json'), 'utf8');
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'scall-bad-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function runDir(name: string, results: string, events?: string): string {
    const d = join(dir, name);
    mkdirSync(d, { recursive: true });
    writeFileSync(join(d, 'results.json'), results);
    if (events !== undefined) writeFileSync(join(d, 'events.jsonl'), events);
    return d;
  }

  it('rejects a wrong format field', async () => {
    const d = runDir('format', base.replace('"scall-results/v1"', '"scall-results/v9"'));
    await expect(loadRunDirectory(d)).rejects.toThrow(`${join(d, 'results.json')}: format is "scall-results/v9", expected "scall-results/v1"`);
  });

  it('names a missing field', async () => {
    const broken = JSON.parse(base) as Record<string, unknown>;
    delete (broken.summary as Record<string, unknown>).weightedNdcg;
    const d = runDir('field', JSON.stringify(broken));
    await expect(loadRunDirectory(d)).rejects.toThrow(/results\.json: field "summary\.weightedNdcg" should be a number, got nothing/);
  });

  it('rejects invalid JSON and a missing results file', async () => {
    const d = runDir('json', '{ "format": ');
    await expect(loadRunDirectory(d)).rejects.toThrow(/results\.json: not valid JSON/);
    await expect(loadRunDirectory(join(dir, 'nowhere'))).rejects.toThrow(/nowhere\/results\.json: cannot read the run's results \(ENOENT\)/);
  });

  it('names the line of a bad event and skips a cut-off last line', async () => {
    const step = JSON.stringify({ type: 'policy-step', segment: 1, step: 0, action: [0.5, 0.4, 0.6], reward: 0, fitness: 0, parameters: 1, budgetParameters: 1, seconds: 0 });
    const bad = runDir('events', base, `${step}\n{ oops\n${step}\n`);
    await expect(loadRunDirectory(bad)).rejects.toThrow(`${join(bad, 'events.jsonl')}:2: not valid JSON`);
    const cut = runDir('cut', base, `${step}\n${step}\n{"type":"policy-st`);
    const run = await loadRunDirectory(cut);
    expect(run.policySteps).toHaveLength(2);
    expect(run.eventsTruncated).toBe(true);
    expect(aggregateRuns([run]).truncatedEventLogs).toEqual([join(cut, 'events.jsonl')]);
  });
});
