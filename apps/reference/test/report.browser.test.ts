import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { writeReport } from '@scall/report';
import puppeteer, { type Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executeRun, parseConfig } from '../src/index.js';

// `pnpm test:browser`: the HTML report in a real headless Chromium (Debian's `chromium`,
// installed by .ci/run; no browser download). SCALL_REPORT_DIR=<a run directory with a
// report/ inside, e.g. runs/quickstart> checks that report instead of a miniature one.
// The screenshot is saved as report/screenshot.png in the run directory and copied to
// runs/browser-check/ (the CI artefact).

const CHROMIUM = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p): p is string => !!p && existsSync(p));
const REPO = fileURLToPath(new URL('../../../', import.meta.url));

const miniature = (searcher: Record<string, unknown>, out: string) =>
  parseConfig({
    dataset: {
      name: 'synthetic-small',
      options: { source: { format: 'synthetic', users: 140, items: 80, rows: 2400, topics: 4, seed: 5 }, segmenter: { kind: 'new-entities', threshold: 60 } },
    },
    budget: 'c=6',
    maxSize: 16,
    recommender: { name: 'mf', options: { batchSize: 256 } },
    searcher,
    agent: { name: 'sac', options: { actorHiddenSizes: [16], criticHiddenSizes: [16] } },
    training: { blockSteps: 10, patience: 1, maxBlocks: 2 },
    lastSegment: 3,
    seed: 2,
    out,
  });

let runDir = '';
let browser: Browser | undefined;
beforeAll(async () => {
  if (!CHROMIUM) throw new Error('no Chromium found (apt-get install chromium, or set CHROMIUM_PATH): pnpm test:browser needs one');
  if (process.env.SCALL_REPORT_DIR) {
    runDir = resolve(process.env.INIT_CWD ?? process.cwd(), process.env.SCALL_REPORT_DIR);
  } else {
    runDir = await mkdtemp(join(tmpdir(), 'scall-report-browser-'));
    await executeRun(miniature({ name: 'scall', options: { groups: 8, rewardSteps: 10, minPolicySteps: 2, maxPolicySteps: 3 } }, join(runDir, 'scall')));
    await executeRun(miniature({ name: 'uniform' }, join(runDir, 'uniform')));
    await writeReport(runDir, join(runDir, 'report'));
  }
  browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--allow-file-access-from-files'] });
}, 300_000);
afterAll(async () => {
  await browser?.close();
});

describe('report.html in headless Chromium', () => {
  it('loads without console errors, shows every chart at a non-zero size, and is saved as a screenshot', async () => {
    const html = join(runDir, 'report', 'report.html');
    expect(existsSync(html)).toBe(true);
    const page = await browser!.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console.error: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${(error as Error).message}`));
    page.on('requestfailed', (request) => problems.push(`failed request: ${request.url()}`));
    await page.goto(pathToFileURL(html).href, { waitUntil: 'load' });

    const charts = (await readdir(join(runDir, 'report', 'charts'))).filter((f) => f.endsWith('.svg') && f !== 'overview.svg').map((f) => f.replace(/\.svg$/, ''));
    expect(charts.length).toBeGreaterThan(0);
    // (Runs in the page; typed by hand because the app's TypeScript has no DOM library.)
    const sizes = await page.evaluate(() => {
      interface Box { width: number; height: number }
      interface Node { id: string; querySelector(s: string): { getBoundingClientRect(): Box } | null }
      const doc = (globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<Node> } }).document;
      return Array.from(doc.querySelectorAll('figure')).map((figure) => {
        const box = figure.querySelector('svg')?.getBoundingClientRect();
        return { id: figure.id, width: box?.width ?? 0, height: box?.height ?? 0 };
      });
    });
    // Every figure is one of the written charts (a reused directory may hold older ones too).
    expect(sizes.length).toBeGreaterThanOrEqual(Math.min(charts.length, 3));
    for (const s of sizes) expect(charts).toContain(s.id);
    for (const s of sizes) {
      expect(s.width, `chart ${s.id} width`).toBeGreaterThan(50);
      expect(s.height, `chart ${s.id} height`).toBeGreaterThan(50);
    }
    // Nothing sticks out sideways at a laptop width.
    const overflow = await page.evaluate(() => {
      const root = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document.documentElement;
      return root.scrollWidth - root.clientWidth;
    });
    expect(overflow).toBeLessThanOrEqual(0);

    const screenshot = join(runDir, 'report', 'screenshot.png');
    await page.screenshot({ path: screenshot as `${string}.png`, fullPage: true });
    const artefacts = join(REPO, 'runs', 'browser-check');
    await mkdir(artefacts, { recursive: true });
    await copyFile(screenshot, join(artefacts, 'report-screenshot.png'));
    await page.setViewport({ width: 420, height: 900 });
    await page.screenshot({ path: join(artefacts, 'report-screenshot-narrow.png') as `${string}.png`, fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });
});
