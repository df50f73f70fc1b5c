import { initTf } from '@scall/tf-runtime';
import { createRng } from '@scall/rng';
import { createSac } from '../src/index.ts';
const { tf } = await initTf({ backends: ['wasm'] });
const rng = createRng(1);
const rs = () => Float32Array.from({ length: 1028 }, () => rng.next());
const agent = createSac()({ stateSize: 1028, actionSize: 3, seed: 1 });
for (let i = 0; i < 20; i++) agent.observe({ state: rs(), action: agent.act(rs(), { explore: true }), reward: 1, nextState: rs(), done: false });
agent.update();
const t0 = performance.now();
const prof = await tf.profile(() => { agent.update(); });
const wall = performance.now() - t0;
let total = 0;
const mm = new Map<string, [number, number]>();
for (const k of prof.kernels) { const t = Number(k.kernelTimeMs) || 0; total += t; const key = k.name + ' ' + k.inputShapes.map(s => JSON.stringify(s)).join(' '); const e = mm.get(key) ?? [0, 0]; e[0] += t; e[1]++; mm.set(key, e); }
console.log('wall', wall.toFixed(0), 'kernel total', total.toFixed(0));
console.log([...mm].sort((a, b) => b[1][0] - a[1][0]).slice(0, 12).map(([n, [t, c]]) => `${n} ${t.toFixed(1)}ms x${c}`).join('\n'));
const ts: number[] = [];
for (let i = 0; i < 5; i++) { const t1 = performance.now(); agent.update(); ts.push(performance.now() - t1); }
console.log('update() plain', ts.map(t => t.toFixed(0)).join(' '));
