import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { unzipSync } from 'fflate';
import { DatasetError } from '@scall/stream-protocol';
import {
  DEFAULT_DATASETS_BASE_URL,
  DOWNLOADABLE_DATASET_CATALOG,
  DOWNLOADABLE_DATASETS,
  type DownloadableDataset,
  type DownloadableDatasetName,
} from './downloadable-datasets.js';
import type { MovieLensLayout } from './read-movielens.js';

/** Options of {@link downloadDataset}. */
export interface DownloadDatasetOptions {
  /**
   * Cache folder; the dataset lands in `<cacheDir>/<name>/`. Default: `SCALL_DATASETS_CACHE`,
   * else `$XDG_CACHE_HOME/scall/datasets`, else `~/.cache/scall/datasets`.
   */
  readonly cacheDir?: string;
  /**
   * Where the archives live (a mirror, a local server): the archive URL is
   * `<baseUrl>/<name>.zip`. Default: `SCALL_DATASETS_BASE_URL`, else GroupLens.
   */
  readonly baseUrl?: string;
  /**
   * Expected SHA-256 (64 hex digits) of the zip archive. Required for datasets without a
   * pinned checksum (`ml-1m`, `ml-latest-small`); optional for `ml-100k`, whose rating
   * file is verified against a pinned checksum anyway.
   */
  readonly sha256?: string;
  /** Download again even when a verified copy is cached (default false). */
  readonly force?: boolean;
  /** Abort the download after this many milliseconds (default 600,000). */
  readonly timeoutMs?: number;
}

/** A downloaded, verified dataset: where its files are and how to read them. */
export interface DownloadedDataset {
  readonly name: DownloadableDatasetName;
  /** The folder holding the extracted files (`<cacheDir>/<name>`). */
  readonly dir: string;
  /** The rating file, ready for `readMovieLens` or a `movielens` source of `loadStream`. */
  readonly ratingsPath: string;
  readonly layout: MovieLensLayout;
  /** Where the archive was fetched from. */
  readonly url: string;
  /** SHA-256 of the archive as downloaded. */
  readonly archiveSha256: string;
  /** SHA-256 of every extracted file, by path relative to {@link DownloadedDataset.dir}. */
  readonly files: Readonly<Record<string, string>>;
  /** Whether a verified cached copy was used (no download happened). */
  readonly fromCache: boolean;
}

const MANIFEST = '.scall-download.json';
const SHA256 = /^[0-9a-f]{64}$/;

interface Manifest {
  readonly name: string;
  readonly url: string;
  readonly archiveSha256: string;
  readonly files: Record<string, string>;
}

/**
 * Downloads a public dataset by name (MovieLens 100K / 1M / latest-small) into a cache
 * folder, verifies SHA-256 checksums and extracts the zip archive. A cached copy is
 * re-verified on every call (file checksums against its manifest and the pinned ones) and
 * fetched again when it fails. Writes are atomic: the archive and files are prepared in a
 * temporary folder beside the target and renamed into place, so an interrupted download
 * never leaves a half-written dataset.
 *
 * Data licences: MovieLens data may not be redistributed; this fetches it for local use.
 *
 * @example
 * const ml = await downloadDataset('ml-100k');
 * const stream = await loadStream(datasetPreset('ml-100k', ml.dir));
 * // ml-1m / ml-latest-small: pass the archive checksum you trust
 * // await downloadDataset('ml-1m', { sha256: '<64 hex digits>' });
 * @throws {DatasetError} for an unknown name, a missing or malformed `sha256`, an HTTP or
 * network failure (naming the URL), a checksum mismatch (naming expected and actual) or a
 * corrupt archive.
 */
export async function downloadDataset(name: DownloadableDatasetName, options: DownloadDatasetOptions = {}): Promise<DownloadedDataset> {
  const entry = (DOWNLOADABLE_DATASET_CATALOG as Record<string, DownloadableDataset | undefined>)[name];
  if (entry === undefined || !Object.hasOwn(DOWNLOADABLE_DATASET_CATALOG, name)) {
    throw new DatasetError(`unknown downloadable dataset ${JSON.stringify(name)} (known: ${DOWNLOADABLE_DATASETS.join(', ')})`);
  }
  const expectedArchive = options.sha256?.toLowerCase();
  if (options.sha256 !== undefined && (typeof options.sha256 !== 'string' || !SHA256.test(expectedArchive!))) {
    throw new DatasetError(`option "sha256" must be 64 hexadecimal digits (the SHA-256 of ${entry.archive}), got ${JSON.stringify(options.sha256)}`);
  }
  if (expectedArchive === undefined && Object.keys(entry.pinnedSha256).length === 0) {
    throw new DatasetError(
      `dataset "${name}" has no checksum pinned in @scall/datasets: pass option "sha256" with the SHA-256 of ${entry.archive} ` +
        `(64 hex digits, e.g. from \`sha256sum ${entry.archive}\` on a copy you trust), so the download can be verified`,
    );
  }
  const timeoutMs = options.timeoutMs ?? 600_000;
  if (!(Number.isFinite(timeoutMs) && timeoutMs > 0)) throw new DatasetError(`option "timeoutMs" must be a positive number, got ${timeoutMs}`);
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  const url = archiveUrl(options.baseUrl ?? process.env.SCALL_DATASETS_BASE_URL ?? DEFAULT_DATASETS_BASE_URL, entry.archive);
  const dir = join(cacheDir, name);

  if (!options.force) {
    const cached = await verifiedCache(dir, entry, expectedArchive);
    if (cached !== undefined) return result(entry, dir, cached, true);
  }

  try {
    await mkdir(cacheDir, { recursive: true });
  } catch (error) {
    throw new DatasetError(`cannot create the cache folder (${(error as Error).message}; option "cacheDir" or SCALL_DATASETS_CACHE)`, { file: cacheDir }, { cause: error });
  }
  const work = await mkdtemp(join(cacheDir, `.${name}-`));
  try {
    const archivePath = join(work, entry.archive);
    const archiveSha256 = await fetchTo(url, archivePath, timeoutMs);
    if (expectedArchive !== undefined && archiveSha256 !== expectedArchive) {
      throw new DatasetError(`SHA-256 mismatch: expected ${expectedArchive} (option "sha256"), got ${archiveSha256}; the download is corrupt or the archive changed`, { file: url });
    }
    const files = extract(await readFile(archivePath), url);
    const sums: Record<string, string> = {};
    for (const [path, bytes] of files) sums[path] = sha256(bytes);
    for (const [path, expected] of Object.entries(entry.pinnedSha256)) {
      if (sums[path] === undefined) throw new DatasetError(`archive has no file ${path} (files: ${[...files.keys()].join(', ')})`, { file: url });
      if (sums[path] !== expected) throw new DatasetError(`SHA-256 mismatch for ${path}: expected ${expected} (pinned), got ${sums[path]}; the download is corrupt or the data changed`, { file: url });
    }
    if (sums[entry.ratings] === undefined) throw new DatasetError(`archive has no rating file ${entry.ratings} (files: ${[...files.keys()].join(', ')})`, { file: url });

    const staging = join(work, name);
    for (const [path, bytes] of files) {
      const target = join(staging, path);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, bytes);
    }
    const manifest: Manifest = { name, url, archiveSha256, files: sums };
    await writeFile(join(staging, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    try {
      await replaceDir(staging, dir, join(work, 'previous'));
    } catch (error) {
      // Another process may have put a verified copy in place meanwhile: use it.
      const theirs = await verifiedCache(dir, entry, expectedArchive);
      if (theirs !== undefined) return result(entry, dir, theirs, true);
      throw new DatasetError(`cannot move the dataset into the cache (${(error as Error).message})`, { file: dir }, { cause: error });
    }
    return result(entry, dir, manifest, false);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

function defaultCacheDir(): string {
  const fromEnv = process.env.SCALL_DATASETS_CACHE;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  const xdg = process.env.XDG_CACHE_HOME;
  return join(xdg !== undefined && xdg !== '' ? xdg : join(homedir(), '.cache'), 'scall', 'datasets');
}

function archiveUrl(baseUrl: string, archive: string): string {
  let base: URL;
  try {
    base = new URL(baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  } catch (error) {
    throw new DatasetError(`option "baseUrl" (or SCALL_DATASETS_BASE_URL) is not a valid URL: ${JSON.stringify(baseUrl)}`, {}, { cause: error });
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') {
    throw new DatasetError(`option "baseUrl" (or SCALL_DATASETS_BASE_URL) must be an http(s) URL, got ${JSON.stringify(baseUrl)}`);
  }
  return new URL(archive, base).href;
}

function result(entry: DownloadableDataset, dir: string, manifest: Manifest, fromCache: boolean): DownloadedDataset {
  return {
    name: entry.name,
    dir,
    ratingsPath: join(dir, entry.ratings),
    layout: entry.layout,
    url: manifest.url,
    archiveSha256: manifest.archiveSha256,
    files: manifest.files,
    fromCache,
  };
}

/** The cached manifest when every file still matches it (and the pinned and requested checksums), else undefined. */
async function verifiedCache(dir: string, entry: DownloadableDataset, expectedArchive: string | undefined): Promise<Manifest | undefined> {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(await readFile(join(dir, MANIFEST), 'utf8')) as Manifest;
  } catch {
    return undefined;
  }
  if (typeof manifest !== 'object' || manifest === null || typeof manifest.files !== 'object' || manifest.files === null) return undefined;
  if (expectedArchive !== undefined && manifest.archiveSha256 !== expectedArchive) return undefined;
  if (manifest.files[entry.ratings] === undefined) return undefined;
  for (const [path, expected] of Object.entries(entry.pinnedSha256)) if (manifest.files[path] !== expected) return undefined;
  for (const [path, expected] of Object.entries(manifest.files)) {
    let actual: string;
    try {
      actual = await sha256File(join(dir, path));
    } catch {
      return undefined;
    }
    if (actual !== expected) return undefined;
  }
  return manifest;
}

async function fetchTo(url: string, path: string, timeoutMs: number): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
  } catch (error) {
    const cause = (error as Error & { cause?: Error }).cause?.message ?? (error as Error).message;
    throw new DatasetError(`cannot download (${cause}; check option "baseUrl" / SCALL_DATASETS_BASE_URL and the network)`, { file: url }, { cause: error });
  }
  if (!response.ok || response.body === null) {
    await response.body?.cancel();
    throw new DatasetError(`download failed: HTTP ${response.status} ${response.statusText}`.trimEnd(), { file: url });
  }
  const hash = createHash('sha256');
  const file = await open(path, 'w');
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      hash.update(chunk);
      await file.write(chunk);
    }
  } catch (error) {
    throw new DatasetError(`download interrupted (${(error as Error).message})`, { file: url }, { cause: error });
  } finally {
    await file.close();
  }
  return hash.digest('hex');
}

/** The archive's files by safe relative path, with a single common top-level folder stripped. */
function extract(archive: Uint8Array, url: string): Map<string, Uint8Array> {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(archive, { filter: (file) => !file.name.endsWith('/') && !file.name.startsWith('__MACOSX/') });
  } catch (error) {
    throw new DatasetError(`cannot unzip the archive (${(error as Error).message})`, { file: url }, { cause: error });
  }
  const names = Object.keys(entries);
  if (names.length === 0) throw new DatasetError('the archive holds no files', { file: url });
  for (const name of names) {
    const parts = name.split('/');
    if (name.startsWith('/') || name.includes('\\') || parts.some((part) => part === '..' || part === '.' || part === '')) {
      throw new DatasetError(`the archive holds an unsafe path ${JSON.stringify(name)}`, { file: url });
    }
  }
  const top = names[0].split('/')[0];
  const strip = names.every((name) => name.startsWith(`${top}/`));
  const files = new Map<string, Uint8Array>();
  for (const name of names) files.set(strip ? name.slice(top.length + 1) : name, entries[name]);
  return files;
}

async function replaceDir(staging: string, target: string, aside: string): Promise<void> {
  const exists = await stat(target).then(
    () => true,
    () => false,
  );
  if (exists) await rename(target, aside);
  await rename(staging, target);
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
