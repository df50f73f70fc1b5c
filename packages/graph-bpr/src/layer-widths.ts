import type { CsrMatrix } from '@scall/kernels';

/**
 * Structural widths of each propagation layer: layer 0 holds each node's own size; a
 * node's row at layer k+1 is non-zero only up to the largest width among its
 * neighbours at layer k. The kernels skip everything beyond, so a node of size s costs
 * s at layer 0 and never more than what its neighbourhood needs later.
 */
export function layerWidths(adjacency: CsrMatrix | null, sizes: Int32Array, layers: number): Int32Array[] {
  const widths = [sizes];
  for (let k = 0; k < layers && adjacency; k++) {
    const prev = widths[k];
    const next = new Int32Array(adjacency.numRows);
    const { rowPointers: rp, columnIndices: ci } = adjacency;
    for (let r = 0; r < adjacency.numRows; r++) {
      let w = 0;
      for (let e = rp[r]; e < rp[r + 1]; e++) if (prev[ci[e]] > w) w = prev[ci[e]];
      next[r] = w;
    }
    widths.push(next);
  }
  return widths;
}
