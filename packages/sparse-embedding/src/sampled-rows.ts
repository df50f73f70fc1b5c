import type { Rng } from '@scall/spec';

/**
 * The rows whose gradients a sampled sparse backward keeps for one batch: `ceil(fraction
 * * numRows)` rows drawn without replacement (Efraimidis–Spirakis keys `log(u) / w`) with
 * weight `w_r = c_r + floor`, where `c_r` counts how often row `r` occurs in the batch
 * (as user, positive or negative) and `floor = 1e-3` keeps rows outside the batch (which
 * LightGCN's propagation still reaches) drawable. Returns the rows ascending.
 *
 * @example
 * const rows = sampleImportantRows(batchNodes, 1000, 0.25, rng);
 */
export function sampleImportantRows(batchNodes: Int32Array, numRows: number, fraction: number, rng: Rng): Int32Array {
  if (!(fraction > 0 && fraction <= 1)) throw new RangeError(`sampleImportantRows: fraction must be in (0, 1] (got ${fraction})`);
  const m = Math.min(numRows, Math.ceil(fraction * numRows));
  if (m === numRows) return Int32Array.from({ length: numRows }, (_, r) => r);
  const weight = new Float64Array(numRows).fill(1e-3);
  for (let k = 0; k < batchNodes.length; k++) weight[batchNodes[k]] += 1;
  const keys = new Float64Array(numRows);
  for (let r = 0; r < numRows; r++) keys[r] = Math.log(1 - rng.next()) / weight[r];
  const order = Int32Array.from({ length: numRows }, (_, r) => r);
  order.sort((a, b) => keys[b] - keys[a] || a - b);
  return order.subarray(0, m).sort();
}
