import * as tf from '@tensorflow/tfjs-core';
import type { KernelFunc, NamedAttrMap, Tensor1D, Tensor2D, TensorInfo } from '@tensorflow/tfjs-core';
import { allocateOutput, viewOf } from '@scall/backend-memory';
import { PADDED_TO_RAGGED, RAGGED_TO_PADDED } from './kernel-names.js';
import { registerDirectKernel, usesDirectKernels } from './kernel-registration.js';

/** Where each entity's values sit in a packed ragged buffer: entity e owns `sizes[e]` values from `offsets[e]`. */
export interface RaggedLayout {
  readonly sizes: Int32Array;
  /** Length `sizes.length + 1`; `offsets[sizes.length]` is the total. */
  readonly offsets: Float64Array;
}

interface PadAttrs {
  layout: RaggedLayout;
  width: number;
}

const toPaddedKernel: KernelFunc = ({ inputs, backend, attrs }) => {
  const { layout, width } = attrs as unknown as PadAttrs;
  const n = layout.sizes.length;
  const out = allocateOutput(backend, [n, width]);
  const v = viewOf<Float32Array>(backend, inputs.values as TensorInfo);
  const o = viewOf<Float32Array>(backend, out);
  for (let e = 0; e < n; e++) {
    const start = layout.offsets[e];
    o.set(v.subarray(start, start + layout.sizes[e]), e * width);
  }
  return out;
};

const toRaggedKernel: KernelFunc = ({ inputs, backend, attrs }) => {
  const { layout, width } = attrs as unknown as PadAttrs;
  const n = layout.sizes.length;
  const out = allocateOutput(backend, [layout.offsets[n]]);
  const p = viewOf<Float32Array>(backend, inputs.padded as TensorInfo);
  const o = viewOf<Float32Array>(backend, out);
  for (let e = 0; e < n; e++) o.set(p.subarray(e * width, e * width + layout.sizes[e]), layout.offsets[e]);
  return out;
};

function register(): void {
  registerDirectKernel(RAGGED_TO_PADDED, toPaddedKernel, {
    kernelName: RAGGED_TO_PADDED,
    gradFunc: (dy, _saved, attrs) => {
      const a = attrs as unknown as PadAttrs;
      return { values: () => paddedToRagged(dy as Tensor2D, a.layout) };
    },
  });
  registerDirectKernel(PADDED_TO_RAGGED, toRaggedKernel, {
    kernelName: PADDED_TO_RAGGED,
    gradFunc: (dy, _saved, attrs) => {
      const a = attrs as unknown as PadAttrs;
      return { padded: () => raggedToPadded(dy as Tensor1D, a.layout, a.width) };
    },
  });
}

function checkLayout(layout: RaggedLayout, width: number, op: string): void {
  const n = layout.sizes.length;
  if (layout.offsets.length !== n + 1) throw new RangeError(`${op}: offsets has length ${layout.offsets.length}, expected sizes.length + 1 = ${n + 1}`);
  for (let e = 0; e < n; e++) {
    const s = layout.sizes[e];
    if (!(s >= 0 && s <= width)) throw new RangeError(`${op}: entity ${e} has size ${s}, outside [0, width ${width}]`);
    if (layout.offsets[e + 1] - layout.offsets[e] !== s) {
      throw new RangeError(`${op}: offsets[${e + 1}] - offsets[${e}] = ${layout.offsets[e + 1] - layout.offsets[e]} differs from size ${s}`);
    }
  }
}

/** Index arrays for the generic path: flat positions of the kept cells in the padded matrix. */
function keptCells(layout: RaggedLayout, width: number): Int32Array {
  const n = layout.sizes.length;
  const cells = new Int32Array(layout.offsets[n]);
  for (let e = 0; e < n; e++) for (let k = 0; k < layout.sizes[e]; k++) cells[layout.offsets[e] + k] = e * width + k;
  return cells;
}

/**
 * Unpacks a packed ragged buffer (`[total]`) into a zero-padded `[n, width]` working
 * matrix: row e holds entity e's `sizes[e]` values then zeros. Its gradient keeps each
 * row's prefix ({@link paddedToRagged}), so padding never receives updates.
 *
 * @example
 * const layer0 = raggedToPadded(tf.tensor1d(table.values), table, 256);
 */
export function raggedToPadded(values: Tensor1D, layout: RaggedLayout, width: number): Tensor2D {
  checkLayout(layout, width, 'raggedToPadded');
  const total = layout.offsets[layout.sizes.length];
  if (values.rank !== 1 || values.shape[0] !== total) {
    throw new RangeError(`raggedToPadded: values has shape [${values.shape}], expected [${total}] (sum of sizes)`);
  }
  if (!usesDirectKernels()) {
    return tf.tidy(() => {
      const cells = tf.tensor1d(keptCells(layout, width), 'int32');
      return tf.reshape(tf.unsortedSegmentSum(values, cells, layout.sizes.length * width), [layout.sizes.length, width]) as Tensor2D;
    });
  }
  register();
  return tf.engine().runKernel(RAGGED_TO_PADDED, { values }, { layout, width } as unknown as NamedAttrMap) as Tensor2D;
}

/**
 * Packs the first `sizes[e]` values of each row of a `[n, width]` matrix into a ragged
 * `[total]` buffer (the inverse of {@link raggedToPadded}, and its gradient).
 *
 * @example
 * const tableGradient = paddedToRagged(layer0Gradient, table);
 */
export function paddedToRagged(padded: Tensor2D, layout: RaggedLayout): Tensor1D {
  const width = padded.shape[1];
  checkLayout(layout, width, 'paddedToRagged');
  if (padded.rank !== 2 || padded.shape[0] !== layout.sizes.length) {
    throw new RangeError(`paddedToRagged: padded has shape [${padded.shape}], expected [${layout.sizes.length}, width]`);
  }
  if (!usesDirectKernels()) {
    return tf.tidy(() => tf.gather(tf.reshape(padded, [-1]), tf.tensor1d(keptCells(layout, width), 'int32')) as Tensor1D);
  }
  register();
  return tf.engine().runKernel(PADDED_TO_RAGGED, { padded }, { layout, width } as unknown as NamedAttrMap) as Tensor1D;
}
