import { registerPlugin } from '@scall/plugin-utils';
import type { AgentFactoryV1, AgentSpecV1 } from '@scall/spec';
import { SacAgent } from './sac-agent.js';
import { resolveSacOptions } from './sac-options.js';
import type { SacOptions } from './sac-options.js';

/** An {@link AgentFactoryV1} whose agents are typed as {@link SacAgent} (for its extra read-outs). */
export type SacFactory = (spec: AgentSpecV1) => SacAgent;

/**
 * An {@link AgentFactoryV1} for Soft Actor-Critic agents with the given
 * hyperparameters (protocol defaults for everything left out). Options are validated
 * here, so a bad option fails before any agent is built.
 *
 * @example
 * const factory = createSac({ learnTemperature: true });
 * const agent = factory({ stateSize: 1028, actionSize: 3, actionLow: [0, 0, 0], actionHigh: [1, 1, 1], seed: 42 });
 */
export function createSac(options: SacOptions = {}): SacFactory {
  resolveSacOptions(options);
  return (spec) => new SacAgent(spec, options);
}

/**
 * Registers the SAC factory in the `agent` plug-in registry under `"sac"`, so that a
 * configuration can name it. Its plug-in options are {@link SacOptions}.
 *
 * @deprecated Apps load the package's `scallPlugins` manifest instead (the `scall` app
 * does so for every built-in); this stays for one release.
 */
export function registerSac(): void {
  registerPlugin('agent', 'sac', (options): AgentFactoryV1 => createSac(options as SacOptions));
}
