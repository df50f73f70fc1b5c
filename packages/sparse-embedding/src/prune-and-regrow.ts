import { createIndexArray, type SparseTrainingV1 } from '@scall/spec';

/** A packed element-wise mask with values: row `r` owns entries `offsets[r] .. offsets[r + 1])`. */
export interface PackedSparseRows {
  readonly counts: Int32Array;
  readonly offsets: Float64Array;
  readonly indices: Uint8Array | Uint16Array | Uint32Array;
  readonly values: Float32Array;
}

/** Input of {@link pruneAndRegrow}. */
export interface PruneAndRegrowInput extends PackedSparseRows {
  /** Table width MAX: regrowth candidates are dimensions `0..maxSize-1`. */
  readonly maxSize: number;
  /** Regrowth scores, row-major `[rows, maxSize]` (SparseRec: accumulated gradients); magnitudes are compared. */
  readonly scores: Float32Array;
  /** Fraction of all active parameters to drop, in [0, 1]. */
  readonly dropFraction: number;
  /** No row is pruned below this many active dimensions. */
  readonly minActive: number;
}

/** Outcome of {@link pruneAndRegrow}: the new rows and, per new entry, its old entry (or -1 when regrown). */
export interface PruneAndRegrowResult extends PackedSparseRows {
  readonly source: Int32Array;
  readonly dropped: number;
  readonly regrown: number;
}

/**
 * One dynamic-sparse-training mask update over all rows together: drop the
 * `floor(dropFraction * active)` active entries of smallest |value| (skipping any that
 * would take its row below `minActive`), then regrow exactly as many inactive entries —
 * never one just dropped — of largest |score|, at value 0. The active total never
 * changes, so a budget that held before holds after. Ties break by position, so the
 * update is deterministic.
 *
 * @example
 * const next = pruneAndRegrow({ ...rows, maxSize: 128, scores, dropFraction: 0.3, minActive: 1 });
 */
export function pruneAndRegrow(input: PruneAndRegrowInput): PruneAndRegrowResult {
  const { counts, offsets, indices, values, maxSize, scores, minActive } = input;
  const n = counts.length;
  const active = values.length;
  if (!(input.dropFraction >= 0 && input.dropFraction <= 1)) throw new RangeError(`pruneAndRegrow: dropFraction must be in [0, 1] (got ${input.dropFraction})`);
  if (scores.length !== n * maxSize) throw new RangeError(`pruneAndRegrow: scores must hold rows x maxSize = ${n * maxSize} values (got ${scores.length})`);
  const target = Math.floor(input.dropFraction * active);
  const rowOf = new Int32Array(active);
  for (let r = 0; r < n; r++) for (let k = offsets[r]; k < offsets[r + 1]; k++) rowOf[k] = r;

  // Drop: smallest magnitudes first, respecting the per-row minimum.
  const state = new Uint8Array(n * maxSize); // 0 inactive, 1 active, 2 dropped now, 3 regrown now
  for (let k = 0; k < active; k++) state[rowOf[k] * maxSize + indices[k]] = 1;
  const left = counts.slice();
  let dropped = 0;
  if (target > 0) {
    const order = Int32Array.from({ length: active }, (_, k) => k);
    order.sort((a, b) => Math.abs(values[a]) - Math.abs(values[b]) || a - b);
    for (let j = 0; j < active && dropped < target; j++) {
      const k = order[j];
      const r = rowOf[k];
      if (left[r] <= minActive) continue;
      left[r]--;
      state[r * maxSize + indices[k]] = 2;
      dropped++;
    }
  }

  // Regrow: largest accumulated-gradient magnitude among positions inactive before.
  let regrown = 0;
  if (dropped > 0) {
    let candidates = 0;
    for (let p = 0; p < state.length; p++) if (state[p] === 0) candidates++;
    const pos = new Int32Array(candidates);
    for (let p = 0, c = 0; p < state.length; p++) if (state[p] === 0) pos[c++] = p;
    pos.sort((a, b) => Math.abs(scores[b]) - Math.abs(scores[a]) || a - b);
    const grow = Math.min(dropped, candidates);
    for (let j = 0; j < grow; j++) {
      state[pos[j]] = 3;
      left[Math.floor(pos[j] / maxSize)]++;
      regrown++;
    }
  }

  // Re-pack rows in ascending dimension order.
  const newOffsets = new Float64Array(n + 1);
  for (let r = 0; r < n; r++) newOffsets[r + 1] = newOffsets[r] + left[r];
  const total = newOffsets[n];
  const newIndices = createIndexArray(maxSize, total);
  const newValues = new Float32Array(total);
  const source = new Int32Array(total);
  const oldEntry = new Int32Array(maxSize);
  for (let r = 0; r < n; r++) {
    for (let k = offsets[r]; k < offsets[r + 1]; k++) oldEntry[indices[k]] = k;
    let j = newOffsets[r];
    const base = r * maxSize;
    for (let d = 0; d < maxSize; d++) {
      const s = state[base + d];
      if (s === 1) {
        newIndices[j] = d;
        newValues[j] = values[oldEntry[d]];
        source[j] = oldEntry[d];
        j++;
      } else if (s === 3) {
        newIndices[j] = d;
        source[j] = -1;
        j++;
      }
    }
  }
  return { counts: left, offsets: newOffsets, indices: newIndices, values: newValues, source, dropped, regrown };
}

/**
 * The drop fraction of the mask update at `step` (RigL's cosine decay):
 * `initialDropFraction / 2 * (1 + cos(pi * step / endStep))` up to `endStep`, then 0.
 */
export function dropFractionAt(regrowth: NonNullable<SparseTrainingV1['regrowth']>, step: number): number {
  if (step > regrowth.endStep) return 0;
  return (regrowth.initialDropFraction / 2) * (1 + Math.cos((Math.PI * step) / regrowth.endStep));
}

/** Checks a {@link SparseTrainingV1}; errors name the field and value. */
export function assertSparseTraining(training: SparseTrainingV1): void {
  if (training.specificationVersion !== 'v1') throw new RangeError(`sparseTraining.specificationVersion must be "v1" (got "${String(training.specificationVersion)}")`);
  if (!['static', 'frozen', 'dynamic'].includes(training.mode)) throw new RangeError(`sparseTraining.mode must be "static", "frozen" or "dynamic" (got "${String(training.mode)}")`);
  const g = training.regrowth;
  if (training.mode === 'dynamic' && !g) throw new RangeError('sparseTraining.regrowth is required when mode is "dynamic"');
  if (g) {
    if (!(Number.isInteger(g.interval) && g.interval >= 1)) throw new RangeError(`sparseTraining.regrowth.interval must be a positive integer (got ${g.interval})`);
    if (!(g.initialDropFraction >= 0 && g.initialDropFraction <= 1)) throw new RangeError(`sparseTraining.regrowth.initialDropFraction must be in [0, 1] (got ${g.initialDropFraction})`);
    if (!(Number.isInteger(g.endStep) && g.endStep >= 0)) throw new RangeError(`sparseTraining.regrowth.endStep must be an integer >= 0 (got ${g.endStep})`);
    if (g.accumulation !== 'window' && g.accumulation !== 'last-batch') throw new RangeError(`sparseTraining.regrowth.accumulation must be "window" or "last-batch" (got "${String(g.accumulation)}")`);
  }
  const s = training.sampledBackward;
  if (s && !(s.fraction > 0 && s.fraction <= 1)) throw new RangeError(`sparseTraining.sampledBackward.fraction must be in (0, 1] (got ${s.fraction})`);
  if (training.minActive !== undefined && !(Number.isInteger(training.minActive) && training.minActive >= 0)) {
    throw new RangeError(`sparseTraining.minActive must be an integer >= 0 (got ${training.minActive})`);
  }
}
