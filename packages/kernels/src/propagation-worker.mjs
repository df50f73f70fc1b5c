// A helper thread of the fused propagation step (see propagation-threads.ts). Plain
// JavaScript with no imports of its own, so the same file starts from the TypeScript
// sources (under tsx or vitest) and from dist/ (tsup copies it to dist/propagation-worker.js).
// It instantiates the shared-memory module on the main thread's memory, then loops: wait
// for the job word to change, claim chunks of the current job until none is left, count
// each one done. Jobs (the `op` slot): 0 spmm by row chunk, 1 bpr_diff by triple range,
// 2 bpr_grad by owned rows (bpr_grad_rows), 3 Adam by entry range on arrays shared through
// this worker's port — the calling thread's runChunk does the same.
import { receiveMessageOnPort, workerData } from 'node:worker_threads';

const { module, memory, control, chunks, index, slots: S, doubles, port } = workerData;
const f64 = new Float64Array(control, doubles, 5);
/** The Adam job's arrays [p, g, m, v] and their registration number. */
let arrays = [];
let arraysId = 0;

/** Takes registrations from the port until the one the job names has arrived. */
function arraysFor(id) {
  while (arraysId !== id) {
    const received = receiveMessageOnPort(port);
    if (received === undefined) {
      Atomics.wait(ctl, S.stop, 0, 1); // posted before the job, so due any moment
      continue;
    }
    arraysId = received.message.id;
    arrays = received.message.views.map((view) => new Float32Array(view.buffer, view.byteOffset, view.length));
  }
  return arrays;
}

/** The Adam update on entries from .. to - 1: adamRange of propagation-threads.ts, expression for expression. */
function adamRange(p, g, m, v, beta1, beta2, stepSize, sqrtBc2, epsilon, from, to) {
  for (let j = from; j < to; j++) {
    const gj = g[j];
    const mj = beta1 * m[j] + (1 - beta1) * gj;
    const vj = beta2 * v[j] + (1 - beta2) * gj * gj;
    m[j] = mj;
    v[j] = vj;
    p[j] -= (stepSize * mj) / (Math.sqrt(vj) / sqrtBc2 + epsilon);
  }
}
const { spmm, bpr_diff: bprDiff, bpr_grad_rows: bprGradRows } = new WebAssembly.Instance(module, { env: { memory } }).exports;
/** How long a worker spins for the next job before it sleeps (ms). */
const SPIN_MS = 0.5;
const ctl = new Int32Array(control);
const f32 = new Float32Array(control);

/** Runs chunk c of the posted job (spmm on this thread's own edge list). */
function runChunk(c) {
  const a = S.args;
  const op = ctl[S.op];
  if (op === 0) {
    const r0 = ctl[S.bounds + c];
    const r1 = ctl[S.bounds + c + 1];
    const stride = ctl[a + 7];
    const rowBytes = 4 * stride;
    const acc = ctl[a + 9];
    const init = ctl[a + 10];
    spmm(
      ctl[a] + 4 * r0, ctl[a + 1], ctl[a + 2], ctl[a + 3], ctl[a + 4] + 4 * r0, ctl[a + 5], ctl[a + 6] + r0 * rowBytes, r1 - r0, stride,
      acc === 0 ? 0 : acc + r0 * rowBytes, init === 0 ? 0 : init + r0 * rowBytes, f32[a + 11], ctl[a + 12] + index * ctl[a + 13],
    );
  } else if (op === 1) {
    const batch = ctl[a + 5];
    const b0 = Math.floor((batch * c) / chunks);
    const b1 = Math.floor((batch * (c + 1)) / chunks);
    if (b1 > b0) bprDiff(ctl[a], ctl[a + 1] + 4 * b0, ctl[a + 2] + 4 * b0, ctl[a + 3] + 4 * b0, b1 - b0, ctl[a + 6], ctl[a + 7] + 4 * b0);
  } else if (op === 3) {
    const n = ctl[a + 1];
    const [p, g, m, v] = arraysFor(ctl[a]);
    adamRange(p, g, m, v, f64[0], f64[1], f64[2], f64[3], f64[4], Math.floor((n * c) / chunks), Math.floor((n * (c + 1)) / chunks));
  } else {
    bprGradRows(ctl[a], ctl[a + 1], ctl[a + 2], ctl[a + 3], ctl[a + 4], ctl[a + 5], ctl[a + 6], ctl[a + 7], ctl[S.bounds + c], ctl[S.bounds + c + 1]);
  }
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
  // The jobs of a step come back to back: spin a little before sleeping, since waking
  // from Atomics.wait costs more than a short product.
  const until = performance.now() + SPIN_MS;
  for (let i = 1; Atomics.load(ctl, S.generation) === generation; i++) {
    if ((i & 1023) === 0 && performance.now() > until) {
      Atomics.wait(ctl, S.generation, generation);
      break;
    }
  }
}
