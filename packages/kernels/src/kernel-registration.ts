import * as tf from '@tensorflow/tfjs-core';
import type { GradConfig, KernelFunc } from '@tensorflow/tfjs-core';
import { DIRECT_BACKENDS } from '@scall/backend-memory';

/**
 * Registers `kernelFunc` under `kernelName` for the cpu and wasm backends (once) and its
 * gradient. Re-registration is skipped, so calling it on every op is cheap.
 */
export function registerDirectKernel(kernelName: string, kernelFunc: KernelFunc, gradient?: GradConfig): void {
  for (const backendName of DIRECT_BACKENDS) {
    if (!tf.getKernel(kernelName, backendName)) tf.registerKernel({ kernelName, backendName, kernelFunc });
  }
  if (gradient && !tf.getGradient(kernelName)) tf.registerGradient(gradient);
}

let directEnabled = true;

/** Switches the hand-written kernels off (false) so tests can cover the generic tfjs-op path. */
export function setDirectKernelsEnabled(on: boolean): void {
  directEnabled = on;
}

/** True when the active backend runs the hand-written kernels (cpu, wasm). */
export function usesDirectKernels(): boolean {
  return directEnabled && (DIRECT_BACKENDS as readonly string[]).includes(tf.getBackend());
}
