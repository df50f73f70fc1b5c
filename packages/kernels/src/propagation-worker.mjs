// A helper thread of the fused propagation step's sparse products (see
// propagation-threads.ts). Plain JavaScript with no imports of its own, so the same file
// starts from the TypeScript sources (under tsx or vitest) and from dist/ (tsup copies it
// to dist/propagation-worker.js). It instantiates the shared-memory module on the main
// thread's memory, then loops: wait for the job word to change, claim row chunks of the
// current spmm until none is left, count each one done.
import { workerData } from 'node:worker_threads';

const { module, memory, control, chunks, index, slots: S } = workerData;
const spmm = new WebAssembly.Instance(module, { env: { memory } }).exports.spmm;
const ctl = new Int32Array(control);
const f32 = new Float32Array(control);

/** Runs rows bounds[c] .. bounds[c + 1] of the posted spmm, on this thread's own edge list. */
function runChunk(c) {
  const r0 = ctl[S.bounds + c];
  const r1 = ctl[S.bounds + c + 1];
  const a = S.args;
  const stride = ctl[a + 7];
  const rowBytes = 4 * stride;
  const acc = ctl[a + 9];
  const init = ctl[a + 10];
  spmm(
    ctl[a] + 4 * r0, ctl[a + 1], ctl[a + 2], ctl[a + 3], ctl[a + 4] + 4 * r0, ctl[a + 5], ctl[a + 6] + r0 * rowBytes, r1 - r0, stride,
    acc === 0 ? 0 : acc + r0 * rowBytes, init === 0 ? 0 : init + r0 * rowBytes, f32[a + 11], ctl[a + 12] + index * ctl[a + 13],
  );
}

Atomics.add(ctl, S.ready, 1);
for (;;) {
  const generation = Atomics.load(ctl, S.generation);
  if (Atomics.load(ctl, S.stop) !== 0) break;
  for (let c = Atomics.add(ctl, S.next, 1); c < chunks; c = Atomics.add(ctl, S.next, 1)) {
    try {
      runChunk(c);
    } catch {
      Atomics.store(ctl, S.error, 1);
    }
    if (Atomics.add(ctl, S.done, 1) + 1 === chunks) Atomics.notify(ctl, S.done);
  }
  Atomics.wait(ctl, S.generation, generation);
}
