import { createRequire } from 'node:module';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { registerSegmentSumKernels } from './segment-sum-kernel.js';

/** A tfjs backend this runtime can select. */
export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

/** The default preference: native TensorFlow, then WebAssembly (SIMD), then plain JS. */
export const DEFAULT_BACKEND_ORDER: readonly BackendName[] = ['tensorflow', 'wasm', 'cpu'];

/** What {@link initTf} chose and why the faster ones were skipped. */
export interface TfRuntime {
  /** The tfjs namespace (core ops, gradients, layers), loaded once. */
  readonly tf: typeof tf;
  /** The active backend. */
  readonly backend: BackendName;
  /** Backends tried before the active one, each with the reason it failed. */
  readonly skipped: readonly { readonly backend: BackendName; readonly reason: string }[];
}

/** Options of {@link initTf}. */
export interface InitTfOptions {
  /** Backends to try, in order. Defaults to {@link DEFAULT_BACKEND_ORDER}. */
  readonly backends?: readonly BackendName[];
  /**
   * Module loader used for optional backends; tests inject one that throws to prove the
   * fallback. Defaults to {@link loadOptionalBackend}: Node's `require` from this package,
   * then from the current directory (a project that installed `@tensorflow/tfjs-node`).
   */
  readonly load?: (specifier: string) => unknown;
}

const nodeRequire = createRequire(import.meta.url);

/**
 * Loads an optional backend module. `@tensorflow/tfjs-node` is not a dependency (its
 * install script downloads libtensorflow and fails loudly offline), so it is looked up
 * where a user installs it: beside this package, else from the current directory's
 * project (`npm install @tensorflow/tfjs-node` there).
 */
export function loadOptionalBackend(specifier: string): unknown {
  try {
    return nodeRequire(specifier);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw error;
    try {
      return createRequire(join(process.cwd(), 'noop.js'))(specifier);
    } catch (inner) {
      if ((inner as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw inner;
      throw new Error(`${specifier} is not installed (install it where its binary can be fetched: npm install ${specifier}@${tf.version_core})`);
    }
  }
}
const MODULES: Record<Exclude<BackendName, 'cpu'>, string> = {
  tensorflow: '@tensorflow/tfjs-node',
  wasm: '@tensorflow/tfjs-backend-wasm',
};

let current: TfRuntime | undefined;

function message(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0].slice(0, 200);
}

/** Stops the cpu backend's "install tfjs-node" banner from reaching CLI output. */
function silenceCpuBanner(): void {
  const cpu = tf.findBackend('cpu') as unknown as { firstUse?: boolean } | null;
  if (cpu) cpu.firstUse = false;
}

/**
 * Loads tfjs once and activates the fastest backend that initialises: tfjs-node
 * (`tensorflow`), then wasm, then cpu. A missing or broken tfjs-node binding only
 * changes the reported backend. Calling it again returns the same runtime unless a
 * different backend order is asked for.
 *
 * @example
 * const { tf, backend } = await initTf();
 * console.log(`tfjs backend: ${backend}`);
 */
export async function initTf(options: InitTfOptions = {}): Promise<TfRuntime> {
  const order = options.backends ?? DEFAULT_BACKEND_ORDER;
  if (current && order[0] === current.backend) return current;
  const load = options.load ?? loadOptionalBackend;
  const skipped: { backend: BackendName; reason: string }[] = [];
  for (const backend of order) {
    try {
      if (backend !== 'cpu') load(MODULES[backend]);
      if (!tf.findBackendFactory(backend)) throw new Error(`backend "${backend}" did not register`);
      const ok = await tf.setBackend(backend);
      if (!ok) throw new Error(`backend "${backend}" failed to initialise`);
      await tf.ready();
      silenceCpuBanner();
      registerSegmentSumKernels();
      current = { tf, backend, skipped };
      return current;
    } catch (error) {
      skipped.push({ backend, reason: message(error) });
    }
  }
  throw new Error(`No tfjs backend could be initialised: ${skipped.map((s) => `${s.backend} (${s.reason})`).join('; ')}`);
}

/** The runtime chosen by the last {@link initTf}; throws if it has not run. */
export function getTfRuntime(): TfRuntime {
  if (!current) throw new Error('tfjs is not initialised: await initTf() first');
  return current;
}
