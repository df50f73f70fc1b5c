export { initTf, getTfRuntime, DEFAULT_BACKEND_ORDER } from './init-tf.js';
export type { BackendName, TfRuntime, InitTfOptions } from './init-tf.js';
