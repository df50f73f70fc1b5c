import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** Versions of the packages a run used, for results.json. */
export function packageVersions(names: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) {
    try {
      out[name] = (require(`${name}/package.json`) as { version: string }).version;
    } catch {
      out[name] = 'unknown';
    }
  }
  out.node = process.version;
  return out;
}
