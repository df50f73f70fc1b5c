export { initTf, getTfRuntime, loadOptionalBackend, DEFAULT_BACKEND_ORDER } from './init-tf.js';
export type { BackendName, TfRuntime, InitTfOptions } from './init-tf.js';
export { registerSegmentSumKernels, hasSegmentSumKernel, segmentSumValues, SEGMENT_SUM_BACKENDS } from './segment-sum-kernel.js';
export type { SegmentSumBackend } from './segment-sum-kernel.js';
