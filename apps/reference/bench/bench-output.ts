// Shared by the app's benchmarks: where their JSON goes and what every result records.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';

/** Writes `bench-results/<file>` (beside this folder) with the machine's CPU count and Node version added; returns the path. */
export function writeBenchResult(file: string, result: Record<string, unknown>): string {
  const dir = fileURLToPath(new URL('../bench-results/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  const path = `${dir}${file}`;
  writeFileSync(path, `${JSON.stringify({ ...result, cpus: cpus().length, node: process.version }, null, 2)}\n`);
  console.log(`wrote ${path}`);
  return path;
}
