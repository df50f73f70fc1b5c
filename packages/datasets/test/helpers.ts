import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';

/**
 * The real data folder (../shared/data from the repository root, or $SCALL_DATA_DIR).
 * Only `*.data.test.ts` files may use it: they run with `pnpm test:data`, never `pnpm test`.
 */
export const DATA_DIR = process.env.SCALL_DATA_DIR ? resolve(process.env.SCALL_DATA_DIR) : fileURLToPath(new URL('../../../../shared/data', import.meta.url));

/** The committed, generated fixtures (test/fixtures/generate.mjs): the real files' layouts, made-up rows. */
export const FIXTURES_DIR = fileURLToPath(new URL('./fixtures/data', import.meta.url));

/** The text of a fixture file (gunzipped for `.gz`). */
export function fixtureText(path: string): string {
  const bytes = readFileSync(join(FIXTURES_DIR, path));
  return (path.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
}

/** Writes `text` (gzip-compressed when `gzip`) into a fresh temporary folder and returns the path. */
export function tempFile(name: string, text: string, gzip = false): string {
  const dir = mkdtempSync(join(tmpdir(), 'scall-datasets-'));
  const path = join(dir, name);
  writeFileSync(path, gzip ? gzipSync(Buffer.from(text)) : text);
  return path;
}
