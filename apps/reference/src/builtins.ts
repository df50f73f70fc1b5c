import { createSac } from '@scall/agent-sac';
import {
  createFrequencyHeuristicAllocator,
  createRandomAllocator,
  createScallAllocator,
  createUniformAllocator,
} from '@scall/allocators';
import { datasetPreset, loadStream } from '@scall/datasets';
import { createLogNormal } from '@scall/distribution-log-normal';
import { createPareto } from '@scall/distribution-pareto';
import { createPowerLaw } from '@scall/distribution-power-law';
import { createTruncatedExponential } from '@scall/distribution-truncated-exponential';
import { createTruncatedNormal } from '@scall/distribution-truncated-normal';
import { createUniform } from '@scall/distribution-uniform';
import { createLightGcn, resolveGraphBprOptions } from '@scall/recommender-lightgcn';
import { createMatrixFactorization } from '@scall/recommender-mf';
import { createFrequencySearcher, createRandomSearcher, createUniformSearcher } from '@scall/searcher-baselines';
import { createScallSearcher } from '@scall/searcher-scall';
import { registerPlugins, type PluginManifest } from '@scall/spec';

type Options = Record<string, unknown>;
// Options come from a validated config; each factory validates its own options further.
const as = <T>(options: Options) => options as T;

/** The plug-ins that ship with the reference app, by the names configs use. */
export const builtinPlugins = {
  distribution: {
    'power-law': (o) => createPowerLaw(as(o)),
    pareto: (o) => createPareto(as(o)),
    'truncated-normal': (o) => createTruncatedNormal(as(o)),
    'truncated-exponential': (o) => createTruncatedExponential(as(o)),
    'log-normal': (o) => createLogNormal(as(o)),
    uniform: (o) => createUniform(as(o)),
  },
  allocator: {
    scall: (_o, { distribution }) => createScallAllocator({ distribution }),
    uniform: () => createUniformAllocator(),
    random: () => createRandomAllocator(),
    frequency: (o) => createFrequencyHeuristicAllocator(as(o)),
  },
  agent: {
    sac: (o) => createSac(as(o)),
  },
  recommender: {
    // Options are checked when the config is assembled, not at the first segment.
    lightgcn: (o) => (resolveGraphBprOptions(as(o), 3), () => createLightGcn(as(o))),
    mf: (o) => (resolveGraphBprOptions(as(o), 0), () => createMatrixFactorization(as(o))),
  },
  dataset: {},
  searcher: {
    scall: (o, { distribution, allocator, agent, seed }) => createScallSearcher({ seed, ...as(o), distribution, allocator, agent }),
    uniform: (o) => createUniformSearcher(as(o)),
    random: (o) => createRandomSearcher(as(o)),
    frequency: (o) => createFrequencySearcher(as(o)),
  },
} satisfies PluginManifest;

/** Registers the built-in plug-ins (idempotent). */
export function registerBuiltins(): void {
  registerPlugins(builtinPlugins);
}

export { datasetPreset, loadStream };
