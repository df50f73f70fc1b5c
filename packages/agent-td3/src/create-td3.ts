import type { AgentSpecV1 } from '@scall/spec';
import { Td3Agent } from './td3-agent.js';
import { resolveTd3Options } from './td3-options.js';
import type { Td3Options } from './td3-options.js';

/** An `AgentFactoryV1` whose agents are typed as {@link Td3Agent} (batched acting, critic queries). */
export type Td3Factory = (spec: AgentSpecV1) => Td3Agent;

/**
 * An `AgentFactoryV1` for TD3 agents with the given hyperparameters (CIESS defaults for
 * everything left out). Options are checked here, so a bad option fails before any
 * agent is built.
 *
 * @example
 * const factory = createTd3({ actorHiddenSizes: [64, 64] });
 * const agent = factory({ stateSize: 3, actionSize: 1, actionLow: [1], actionHigh: [128], seed: 7 });
 * const sizes = agent.actBatch(Float32Array.of(0.1, -1, 0, 0.9, 0.5, 0.2), { explore: true }); // 2 entities
 */
export function createTd3(options: Td3Options = {}): Td3Factory {
  resolveTd3Options(options);
  return (spec) => new Td3Agent(spec, options);
}
