import { initTf } from '@scall/tf-runtime';
import { createSac } from '../src/index.ts';
await initTf({ backends: ['wasm'] });
const best = [0.3, 0.8];
const configs: Record<string, object> = {
  a: { actorLearningRate: 5e-3, criticLearningRate: 5e-3, learnTemperature: true, temperatureLearningRate: 3e-2 },
  b: { actorLearningRate: 5e-3, criticLearningRate: 5e-3, temperature: 0.05 },
  c: { actorLearningRate: 1e-2, criticLearningRate: 1e-2, learnTemperature: true, temperatureLearningRate: 3e-2 },
  d: { actorLearningRate: 3e-3, criticLearningRate: 1e-2, learnTemperature: true, temperatureLearningRate: 3e-2 },
};
for (const [k, cfg] of Object.entries(configs)) for (const seed of [1, 2, 3, 4]) {
  const agent = createSac({ actorHiddenSizes: [16, 16], criticHiddenSizes: [16, 16], batchSize: 16, ...cfg })({ stateSize: 4, actionSize: 2, seed });
  const state = Float32Array.of(1, 0.5, -0.3, 0.2);
  const d = () => Math.hypot(...Array.from(agent.act(state, { explore: false }), (x, i) => x - best[i]));
  const trace = [d()];
  for (let t = 0; t < 200; t++) {
    const action = agent.act(state, { explore: true });
    let reward = 0; action.forEach((x, i) => (reward -= 10 * (x - best[i]) ** 2));
    agent.observe({ state, action, reward, nextState: state, done: true }); agent.update();
    if (t % 50 === 49) trace.push(d());
  }
  console.log(k, seed, trace.map(x => x.toFixed(3)).join(' '));
}
