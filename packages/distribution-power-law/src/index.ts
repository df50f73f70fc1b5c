export { createPowerLaw, powerLaw, POWER_LAW_SHAPE_RANGE } from './power-law.js';
export type { PowerLawSettings } from './power-law.js';
export { scallPlugins } from './plugins.js';
