import { linearRegression } from 'simple-statistics';
import { expectField, expectFields, fail, parseJson } from './field-checks.js';

/** The only `format` value {@link parseCostCurve} reads. */
export const COST_CURVE_FORMAT = 'scall-cost-curve/v1';

/** Wall-clock seconds of one segment by phase. */
export interface CostCurvePhases {
  /** The searcher's plan (SCALL: its policy update; uniform: laying out the plan). */
  readonly policy: number;
  readonly training: number;
  /** The test evaluation (validation passes during training count as training). */
  readonly evaluation: number;
}

/** One segment of a cost-curve run. */
export interface CostCurveSegment {
  readonly index: number;
  /** The segment's own stream rows. */
  readonly rows: number;
  /** Interactions in the training graph (cumulative: every row before the validation slice). */
  readonly graphRows: number;
  /** Users and items known at this segment (the embedding table's rows). */
  readonly users: number;
  readonly items: number;
  /** Training blocks run (each a fixed number of steps). */
  readonly blocks: number;
  readonly seconds: CostCurvePhases;
  /** Users ranked by the test evaluation and the items each is ranked against (full catalogue: all known items). */
  readonly evaluatedUsers: number;
  readonly candidateItems: number;
  /** Embedding bytes the plan allocates, and the budget at this segment. */
  readonly embeddingBytes: number;
  readonly budgetBytes: number;
}

/** One run of the cost-curve benchmark: a preset streamed by one searcher. */
export interface CostCurveRun {
  readonly preset: string;
  readonly searcher: string;
  /** The recommender's threads. */
  readonly threads: number;
  /** The run stopped at the benchmark's time limit (its finished segments are kept). */
  readonly timedOut: boolean;
  /** The CLI's exit status (`null` when it was killed). */
  readonly exitStatus: number | null;
  /** Wall seconds of the CLI process (process start and stream loading included). */
  readonly cliWallSeconds: number;
  /** Peak resident memory of the run process in MB; `undefined` when the run was stopped before writing it. */
  readonly peakRssMB: number | undefined;
  /** The machine's 1-, 5- and 15-minute load averages before and after the run. */
  readonly loadavgBefore: readonly number[];
  readonly loadavgAfter: readonly number[];
  readonly segments: readonly CostCurveSegment[];
}

/** A cost-curve benchmark file (`bench-results/cost-curve.json`). */
export interface CostCurve {
  readonly format: typeof COST_CURVE_FORMAT;
  /** What was measured, the command that measured it, and how to read it. */
  readonly benchmark: string;
  readonly command: string;
  readonly note: string;
  readonly cpus: number;
  readonly node: string;
  readonly results: readonly CostCurveRun[];
}

const SEGMENT_NUMBERS = ['index', 'rows', 'graphRows', 'users', 'items', 'blocks', 'evaluatedUsers', 'candidateItems', 'embeddingBytes', 'budgetBytes'] as const;

/**
 * Parses and checks the text of a cost-curve benchmark file, as written by the reference
 * app's `bench:cost-curve`. Throws an error naming the file and the field at fault.
 *
 * @param text - the file's contents.
 * @param file - the file's path, used in error messages.
 */
export function parseCostCurve(text: string, file: string): CostCurve {
  const data = parseJson(text, file);
  expectField(file, data, '(root)', 'object');
  const curve = data as Record<string, unknown>;
  if (curve.format !== COST_CURVE_FORMAT) {
    fail(file, `format is ${JSON.stringify(curve.format)}, expected "${COST_CURVE_FORMAT}" (is this a cost-curve.json of \`bench:cost-curve\`? files written before the format field can be rewritten with its --rebuild flag)`);
  }
  expectFields(file, curve, '', ['benchmark', 'command', 'note', 'node'], 'string');
  expectField(file, curve.cpus, 'cpus', 'number');
  expectField(file, curve.results, 'results', 'array');
  (curve.results as unknown[]).forEach((run, r) => {
    const at = `results[${r}]`;
    expectField(file, run, at, 'object');
    const x = run as Record<string, unknown>;
    expectFields(file, x, at, ['preset', 'searcher'], 'string');
    expectFields(file, x, at, ['threads', 'cliWallSeconds'], 'number');
    expectField(file, x.timedOut, `${at}.timedOut`, 'boolean');
    if (x.exitStatus !== null) expectField(file, x.exitStatus, `${at}.exitStatus`, 'number');
    if (x.peakRssMB !== undefined) expectField(file, x.peakRssMB, `${at}.peakRssMB`, 'number');
    expectFields(file, x, at, ['loadavgBefore', 'loadavgAfter', 'segments'], 'array');
    (x.segments as unknown[]).forEach((segment, i) => {
      const where = `${at}.segments[${i}]`;
      expectField(file, segment, where, 'object');
      const s = segment as Record<string, unknown>;
      expectFields(file, s, where, SEGMENT_NUMBERS, 'number');
      expectField(file, s.seconds, `${where}.seconds`, 'object');
      expectFields(file, s.seconds as Record<string, unknown>, `${where}.seconds`, ['policy', 'training', 'evaluation'], 'number');
      if (!((s.graphRows as number) > 0)) fail(file, `field "${where}.graphRows" should be positive, got ${s.graphRows as number}`);
    });
  });
  return data as CostCurve;
}

/** How one phase's seconds per segment grow with a size measure: the exponent b of seconds ≈ a · size^b. */
export interface GrowthExponent {
  /** Least-squares slope of log seconds on log size over the segments (undefined with fewer than 3 usable ones). */
  readonly exponent: number | undefined;
  /** Segments used (positive size and seconds). */
  readonly points: number;
}

/**
 * The growth exponent of `seconds` against `size` over segments: 1 is linear growth, 2
 * quadratic. Segments with a non-positive size or time are left out (log of zero);
 * fewer than three usable segments give `undefined` (two points always fit exactly).
 */
export function growthExponent(points: readonly { size: number; seconds: number }[]): GrowthExponent {
  const usable = points.filter((p) => p.size > 0 && p.seconds > 0);
  if (usable.length < 3) return { exponent: undefined, points: usable.length };
  const xs = usable.map((p) => Math.log(p.size));
  // All sizes equal: no slope to fit.
  if (xs.every((x) => x === xs[0])) return { exponent: undefined, points: usable.length };
  const { m } = linearRegression(usable.map((p, i) => [xs[i], Math.log(p.seconds)]));
  return { exponent: m, points: usable.length };
}

/** Growth exponents of a run's phases: training per block against graph rows, evaluation against scored pairs. */
export interface RunGrowth {
  /** Training seconds per block against interactions in the training graph. */
  readonly trainingPerBlock: GrowthExponent;
  /** Evaluation seconds against evaluated users × candidate items (the scores a full-catalogue pass computes). */
  readonly evaluation: GrowthExponent;
  /** Whole-segment seconds against interactions in the training graph. */
  readonly segment: GrowthExponent;
}

/** Total seconds of a segment over its phases. */
export function segmentSeconds(s: CostCurveSegment): number {
  return s.seconds.policy + s.seconds.training + s.seconds.evaluation;
}

/** The growth exponents of one run (see {@link RunGrowth}). */
export function runGrowth(run: CostCurveRun): RunGrowth {
  return {
    trainingPerBlock: growthExponent(run.segments.map((s) => ({ size: s.graphRows, seconds: s.blocks > 0 ? s.seconds.training / s.blocks : 0 }))),
    evaluation: growthExponent(run.segments.map((s) => ({ size: s.evaluatedUsers * s.candidateItems, seconds: s.seconds.evaluation }))),
    segment: growthExponent(run.segments.map((s) => ({ size: s.graphRows, seconds: segmentSeconds(s) }))),
  };
}

/** `synthetic-medium / uniform, 2 threads`: a run's name in tables and legends. */
export function costCurveRunName(run: CostCurveRun): string {
  return `${run.preset} / ${run.searcher}${run.threads > 1 ? `, ${run.threads} threads` : ''}`;
}
