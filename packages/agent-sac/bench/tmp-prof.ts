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
const byName = new Map<string, [number, number]>();
let total = 0;
for (const k of prof.kernels) { const t = Number(k.kernelTimeMs) || 0; total += t; const e = byName.get(k.name) ?? [0, 0]; e[0] += t; e[1]++; byName.set(k.name, e); }
console.log('wall', wall.toFixed(0), 'kernel total', total.toFixed(0));
console.log([...byName].sort((a, b) => b[1][0] - a[1][0]).slice(0, 12).map(([n, [t, c]]) => `${n} ${t.toFixed(1)}ms x${c}`).join('\n'));
const t1 = performance.now(); for (let i = 0; i < 3; i++) agent.update(); console.log('update() plain', ((performance.now() - t1) / 3).toFixed(0));
const prof2 = await tf.profile(() => { agent.update(); });
const mm = new Map<string, [number, number]>();
for (const k of prof2.kernels) if (k.name === 'BatchMatMul' || k.name === 'Transpose') { const key = k.name + ' ' + k.inputShapes.map(s => JSON.stringify(s)).join(' ') + JSON.stringify((k as any).extraInfo ?? ''); const e = mm.get(key) ?? [0, 0]; e[0] += Number(k.kernelTimeMs); e[1]++; mm.set(key, e); }
console.log([...mm].sort((a, b) => b[1][0] - a[1][0]).slice(0, 15).map(([n, [t, c]]) => `${n} ${t.toFixed(1)}ms x${c}`).join('\n'));
