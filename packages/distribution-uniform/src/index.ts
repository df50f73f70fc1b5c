export { createUniform, uniform, UNIFORM_SHAPE_RANGE } from './uniform.js';
export type { UniformSettings } from './uniform.js';
export { scallPlugins } from './plugins.js';
