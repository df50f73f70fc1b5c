export { trainToConvergence } from './train-to-convergence.js';
export type { BlockInfo, ConvergenceReport, TrainToConvergenceOptions } from './train-to-convergence.js';
