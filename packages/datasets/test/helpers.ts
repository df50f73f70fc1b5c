import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

/** The shared real data folder (../shared/data from the repository root). */
export const DATA_DIR = fileURLToPath(new URL('../../../../shared/data', import.meta.url));

/** Writes `text` (gzip-compressed when `gzip`) into a fresh temporary folder and returns the path. */
export function tempFile(name: string, text: string, gzip = false): string {
  const dir = mkdtempSync(join(tmpdir(), 'scall-datasets-'));
  const path = join(dir, name);
  writeFileSync(path, gzip ? gzipSync(Buffer.from(text)) : text);
  return path;
}
