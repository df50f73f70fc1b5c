import type { CsrMatrix } from './csr-matrix.js';
import { SPMM_WASM_BASE64 } from './spmm-wasm-binary.js';

type SpmmExport = (rp: number, ci: number, vals: number, inW: number, outW: number, x: number, out: number, rows: number, width: number) => void;

interface SimdModule {
  readonly memory: WebAssembly.Memory;
  readonly spmm: SpmmExport;
  /** Matrix whose CSR arrays currently sit at the start of the memory. */
  loaded: CsrMatrix | null;
}

let module: SimdModule | null | undefined;

function decodeBase64(text: string): Uint8Array {
  if (typeof Buffer !== 'undefined') return new Uint8Array(Buffer.from(text, 'base64'));
  const raw = atob(text);
  return Uint8Array.from(raw, (ch) => ch.charCodeAt(0));
}

/** The compiled SIMD module, or null where WebAssembly SIMD is unavailable. */
function simdModule(): SimdModule | null {
  if (module !== undefined) return module;
  module = null;
  try {
    const bytes = decodeBase64(SPMM_WASM_BASE64);
    if (typeof WebAssembly === 'object' && WebAssembly.validate(bytes)) {
      const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
      module = { memory: instance.exports.memory as WebAssembly.Memory, spmm: instance.exports.spmm as SpmmExport, loaded: null };
    }
  } catch {
    module = null;
  }
  return module;
}

function ensureBytes(m: SimdModule, bytes: number): void {
  const have = m.memory.buffer.byteLength;
  if (bytes > have) m.memory.grow(Math.ceil((bytes - have) / 65536));
}

/**
 * `out = matrix · x` (row-gather form) with the SIMD WebAssembly module: copies the CSR
 * arrays in once per matrix, `x` and the widths per call, and the result back. Returns
 * false (doing nothing) where WebAssembly SIMD is unavailable.
 */
export function simdSpmm(
  matrix: CsrMatrix,
  x: Float32Array,
  out: Float32Array,
  width: number,
  inputWidths: Int32Array | null,
  outputWidths: Int32Array | null,
): boolean {
  const m = simdModule();
  if (!m) return false;
  const rows = matrix.numRows;
  const cols = matrix.numColumns;
  const nnz = matrix.rowPointers[rows];
  const rpAt = 0;
  const ciAt = rpAt + 4 * (rows + 1);
  const valsAt = ciAt + 4 * nnz;
  const inWAt = valsAt + 4 * nnz;
  const outWAt = inWAt + 4 * cols;
  const xAt = outWAt + 4 * rows;
  const outAt = xAt + 4 * cols * width;
  const end = outAt + 4 * rows * width;
  const before = m.memory.buffer.byteLength;
  ensureBytes(m, end);
  const buffer = m.memory.buffer;
  if (m.loaded !== matrix || buffer.byteLength !== before) {
    new Int32Array(buffer, rpAt, rows + 1).set(matrix.rowPointers);
    new Int32Array(buffer, ciAt, nnz).set(matrix.columnIndices);
    new Float32Array(buffer, valsAt, nnz).set(matrix.values);
    m.loaded = matrix;
  }
  const inW = new Int32Array(buffer, inWAt, cols);
  if (inputWidths) inW.set(inputWidths);
  else inW.fill(width);
  const outW = new Int32Array(buffer, outWAt, rows);
  if (outputWidths) outW.set(outputWidths);
  else outW.fill(width);
  new Float32Array(buffer, xAt, cols * width).set(x.subarray(0, cols * width));
  const result = new Float32Array(buffer, outAt, rows * width);
  result.fill(0);
  m.spmm(rpAt, ciAt, valsAt, inWAt, outWAt, xAt, outAt, rows, width);
  out.set(result);
  return true;
}
