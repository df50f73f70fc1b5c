import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, describe, expect, it } from 'vitest';
import { allocateOutput, DIRECT_BACKENDS, viewOf } from '../src/index.js';

const previous = tf.getBackend();
afterAll(async () => {
  if (previous) await tf.setBackend(previous);
});

describe.each(DIRECT_BACKENDS)('on %s', (name) => {
  const on = async () => {
    expect(await tf.setBackend(name)).toBe(true);
    await tf.ready();
    return tf.backend();
  };

  it("views a tensor's own values: the same numbers, and writes show in the tensor", async () => {
    const backend = await on();
    const x = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]);
    const view = viewOf<Float32Array>(backend, x);
    expect(view).toBeInstanceOf(Float32Array);
    expect(Array.from(view)).toEqual([1, 2, 3, 4, 5, 6]);
    view[4] = 50;
    expect(Array.from(x.dataSync())).toEqual([1, 2, 3, 4, 50, 6]);
    const ids = tf.tensor1d([7, 8], 'int32');
    expect(Array.from(viewOf<Int32Array>(backend, ids))).toEqual([7, 8]);
    tf.dispose([x, ids]);
  });

  it('allocates zero-filled float32 and int32 outputs that become tensors', async () => {
    const backend = await on();
    for (const dtype of ['float32', 'int32'] as const) {
      const info = allocateOutput(backend, [3, 2], dtype);
      expect([info.shape, info.dtype]).toEqual([[3, 2], dtype]);
      const out = viewOf<Float32Array | Int32Array>(backend, info);
      expect(out).toBeInstanceOf(dtype === 'int32' ? Int32Array : Float32Array);
      expect(Array.from(out)).toEqual([0, 0, 0, 0, 0, 0]);
      out.set([1, 2, 3, 4, 5, 6]);
      const tensor = tf.engine().makeTensorFromTensorInfo(info);
      expect(tensor.arraySync()).toEqual([[1, 2], [3, 4], [5, 6]]);
      tensor.dispose();
    }
    expect(allocateOutput(backend, [4]).dtype).toBe('float32'); // the default
  });
});
