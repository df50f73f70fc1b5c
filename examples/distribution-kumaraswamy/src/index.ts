export { createKumaraswamy, kumaraswamy, kumaraswamyQuantiles } from './kumaraswamy.js';
export type { KumaraswamySettings } from './kumaraswamy.js';
export { scallPlugins } from './plugins.js';
