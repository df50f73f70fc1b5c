export { allocateOutput, viewOf, DIRECT_BACKENDS, type OutputDType } from './backend-memory.js';
