import type { PluginFamilies, PluginFamily } from '@scall/spec';
import { resolvePlugin } from './registry.js';

/**
 * The `specificationVersion`s this release of the contracts accepts, per family. A
 * contract `v2` adds its version here (with an adapter from `v1` where one exists).
 */
export const SUPPORTED_SPECIFICATION_VERSIONS: { readonly [F in PluginFamily]: readonly string[] } = {
  dataset: ['v1'],
  distribution: ['v1'],
  allocator: ['v1'],
  agent: ['v1'],
  recommender: ['v1'],
  searcher: ['v1'],
};

/**
 * Returns `component` when its `specificationVersion` is one this release supports for
 * `family`, else throws a `TypeError` naming the plug-in, the version it declares and the
 * supported ones. The one place every family's version is checked.
 *
 * @example
 * assertSpecificationVersion('distribution', 'power-law', createPowerLaw()); // the distribution
 * assertSpecificationVersion('allocator', 'old', { name: 'old' }); // TypeError: allocator "old" declares no specificationVersion ...
 */
export function assertSpecificationVersion<T>(family: PluginFamily, name: string, component: T): T {
  const supported = SUPPORTED_SPECIFICATION_VERSIONS[family];
  const version = typeof component === 'object' && component !== null ? (component as { specificationVersion?: unknown }).specificationVersion : undefined;
  if (typeof version === 'string' && supported.includes(version)) return component;
  const declared = version === undefined ? 'declares no specificationVersion' : `declares specificationVersion ${JSON.stringify(version)}`;
  throw new TypeError(`${family} "${name}" ${declared}; this release of @scall/spec supports ${supported.map((v) => `"${v}"`).join(', ')} for ${family} plug-ins`);
}

/**
 * Resolves the factory registered as `family/name`, calls it with `args` and checks the
 * `specificationVersion` of what it builds ({@link assertSpecificationVersion}). For the
 * families whose factories build later (an agent factory, a recommender factory, a
 * dataset promise) the check runs on every component they build.
 *
 * @example
 * const distribution = createPlugin('distribution', 'power-law', {});
 * const allocator = createPlugin('allocator', 'scall', {}, { distribution });
 */
export function createPlugin<F extends PluginFamily>(family: F, name: string, ...args: Parameters<PluginFamilies[F]>): ReturnType<PluginFamilies[F]> {
  const factory = resolvePlugin(family, name) as (...a: unknown[]) => unknown;
  const built = factory(...args);
  const check = <T>(component: T): T => assertSpecificationVersion(family, name, component);
  switch (family) {
    case 'agent': {
      const createAgent = built as (...a: unknown[]) => unknown;
      if (typeof createAgent !== 'function') throw new TypeError(`agent "${name}": the factory must return an agent factory (AgentFactoryV1), got ${typeof built}`);
      return ((...a: unknown[]) => check(createAgent(...a))) as ReturnType<PluginFamilies[F]>;
    }
    case 'recommender': {
      const createRecommender = built as () => unknown;
      if (typeof createRecommender !== 'function') throw new TypeError(`recommender "${name}": the factory must return a recommender factory, got ${typeof built}`);
      return (() => check(createRecommender())) as ReturnType<PluginFamilies[F]>;
    }
    case 'dataset':
      return Promise.resolve(built).then(check) as ReturnType<PluginFamilies[F]>;
    default:
      return check(built) as ReturnType<PluginFamilies[F]>;
  }
}
