import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * The packages every run goes through besides its plug-ins (contracts, the stream
 * protocol, the runner, training, evaluation, the tfjs runtime). The plug-in packages come from the app's built-in list
 * and the config's `plugins`, so this names no plug-in.
 */
export const RUNTIME_PACKAGES: readonly string[] = ['@scall/spec', '@scall/plugin-utils', '@scall/stream-protocol', '@scall/runner', '@scall/training', '@scall/evaluation', '@scall/tf-runtime', '@tensorflow/tfjs-core'];

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
