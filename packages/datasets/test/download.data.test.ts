import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatasetError, datasetPreset, DOWNLOADABLE_DATASET_CATALOG, downloadDataset, loadStream, readMovieLens } from '../src/index.js';
import { ArchiveServer, rejection } from './archive-server.js';
import { DATA_DIR } from './helpers.js';

// Real-data tests: run by `pnpm test:data` only (see docs/contributing.md).

const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');
const ML_100K_FILES = ['u.data', 'u.item', 'u.user', 'u.info', 'README'];

/** A zip laid out like GroupLens' ml-100k.zip, built from the shared copy (optionally with u.data altered). */
function ml100kZip(alterRatings?: (text: string) => string): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  for (const file of ML_100K_FILES) {
    let bytes: Uint8Array = readFileSync(join(DATA_DIR, 'ml-100k', file));
    if (file === 'u.data' && alterRatings) bytes = Buffer.from(alterRatings(Buffer.from(bytes).toString('utf8')));
    files[`ml-100k/${file}`] = bytes;
  }
  return zipSync(files, { level: 1 });
}

const ratingsDat = '1::1193::5::978300760\n1::661::3::978302109\n2::1193::4::978298413\n3::661::4::978298000\n';

const server = new ArchiveServer();
let origin = '';
const goodZip = ml100kZip();
const tamperedZip = ml100kZip((text) => text.slice(0, text.lastIndexOf('\n', text.length - 2) + 1));
const ml1mZip = zipSync({ 'ml-1m/ratings.dat': Buffer.from(ratingsDat), 'ml-1m/README': Buffer.from('test copy\n') });

beforeAll(async () => {
  origin = await server.start();
  server.routes.set('/movielens/ml-100k.zip', goodZip);
  server.routes.set('/tampered/ml-100k.zip', tamperedZip);
  server.routes.set('/movielens/ml-1m.zip', ml1mZip);
  server.routes.set('/notzip/ml-1m.zip', Buffer.from('this is not a zip archive'));
});
afterAll(() => server.stop());

const freshCache = () => mkdtempSync(join(tmpdir(), 'scall-download-'));
/** Entries of the cache folder: only finished dataset folders, never temporary ones. */
const cacheEntries = (cacheDir: string) => readdirSync(cacheDir).sort();

describe('downloadDataset of the real ml-100k archive (against a local HTTP server)', () => {
  it('downloads ml-100k, verifies the pinned u.data checksum, and the folder loads through loadStream', async () => {
    const cacheDir = freshCache();
    const before = server.requests.length;
    const ml = await downloadDataset('ml-100k', { cacheDir, baseUrl: `${origin}/movielens` });
    expect(server.requests.slice(before)).toEqual(['/movielens/ml-100k.zip']);
    expect(ml.fromCache).toBe(false);
    expect(ml.dir).toBe(join(cacheDir, 'ml-100k'));
    expect(ml.url).toBe(`${origin}/movielens/ml-100k.zip`);
    expect(ml.archiveSha256).toBe(sha256(goodZip));
    expect(ml.files['u.data']).toBe(sha256(readFileSync(join(DATA_DIR, 'ml-100k', 'u.data'))));
    expect(Object.keys(ml.files).sort()).toEqual([...ML_100K_FILES].sort());
    expect(readFileSync(ml.ratingsPath).equals(readFileSync(join(DATA_DIR, 'ml-100k', 'u.data')))).toBe(true);
    expect(cacheEntries(cacheDir)).toEqual(['ml-100k']);

    const raw = await readMovieLens({ path: ml.ratingsPath, layout: ml.layout });
    expect([raw.length, new Set(raw.users).size, new Set(raw.items).size]).toEqual([100_000, 943, 1682]);
    const fromDir = await loadStream({ ...datasetPreset('ml-100k', ml.dir), seed: 3 });
    const fromCacheRoot = await loadStream({ ...datasetPreset('ml-100k', cacheDir), seed: 3 });
    const fromShared = await loadStream({ ...datasetPreset('ml-100k', DATA_DIR), seed: 3 });
    expect(fromDir.boundaries).toEqual(fromShared.boundaries);
    expect(fromCacheRoot.numSegments).toBe(fromShared.numSegments);
    expect(fromDir.numSegments).toBeGreaterThan(1);
  });

  it('re-verifies a cache hit without downloading, and replaces a corrupted cached file', async () => {
    const cacheDir = freshCache();
    const options = { cacheDir, baseUrl: `${origin}/movielens/` };
    await downloadDataset('ml-100k', options);
    const before = server.requests.length;
    const hit = await downloadDataset('ml-100k', options);
    expect(hit.fromCache).toBe(true);
    expect(server.requests.length).toBe(before);

    appendFileSync(join(cacheDir, 'ml-100k', 'u.item'), 'x');
    const repaired = await downloadDataset('ml-100k', options);
    expect(repaired.fromCache).toBe(false);
    expect(server.requests.length).toBe(before + 1);
    expect(readFileSync(join(cacheDir, 'ml-100k', 'u.item')).equals(readFileSync(join(DATA_DIR, 'ml-100k', 'u.item')))).toBe(true);
    expect(cacheEntries(cacheDir)).toEqual(['ml-100k']);

    const forced = await downloadDataset('ml-100k', { ...options, force: true });
    expect(forced.fromCache).toBe(false);
    expect(server.requests.length).toBe(before + 2);
  });

  it('checks the archive checksum given by the caller and names expected vs actual on a mismatch', async () => {
    const cacheDir = freshCache();
    const baseUrl = `${origin}/movielens`;
    const ok = await downloadDataset('ml-100k', { cacheDir, baseUrl, sha256: sha256(goodZip).toUpperCase() });
    expect(ok.archiveSha256).toBe(sha256(goodZip));

    const other = freshCache();
    const wrong = 'ab'.repeat(32);
    const error = await rejection(downloadDataset('ml-100k', { cacheDir: other, baseUrl, sha256: wrong }));
    expect(error.message).toContain(`expected ${wrong}`);
    expect(error.message).toContain(`got ${sha256(goodZip)}`);
    expect(error.file).toBe(`${baseUrl}/ml-100k.zip`);
    expect(cacheEntries(other)).toEqual([]);

    // A cached copy made from another archive is not accepted for a different requested checksum.
    const before = server.requests.length;
    await rejection(downloadDataset('ml-100k', { cacheDir, baseUrl, sha256: wrong }));
    expect(server.requests.length).toBe(before + 1);
    expect(existsSync(join(cacheDir, 'ml-100k', 'u.data'))).toBe(true);
  });

  it('rejects an archive whose u.data differs from the pinned checksum', async () => {
    const cacheDir = freshCache();
    const error = await rejection(downloadDataset('ml-100k', { cacheDir, baseUrl: `${origin}/tampered` }));
    const pinned = DOWNLOADABLE_DATASET_CATALOG['ml-100k'].pinnedSha256['u.data'];
    const original = readFileSync(join(DATA_DIR, 'ml-100k', 'u.data'), 'utf8');
    const actual = sha256(original.slice(0, original.lastIndexOf('\n', original.length - 2) + 1));
    expect(actual).not.toBe(pinned);
    expect(error.message).toContain(`SHA-256 mismatch for u.data: expected ${pinned} (pinned), got ${actual}`);
    expect(cacheEntries(cacheDir)).toEqual([]);
  });

});
