import { DatasetError } from './dataset-error.js';
import type { SegmenterOptions } from './segmenter.js';
import type { DedupePolicy } from './timeline.js';

/** The stream protocol settings of SCALL §2 (every field optional; defaults below). */
export interface StreamProtocolOptions {
  /** Iterative k-core filter; 0 or 1 disables it (default 0). */
  readonly kCore?: number;
  /** Repeated (user, item) pairs: keep the first (default) or keep all. */
  readonly dedupe?: DedupePolicy;
  /** Default `{ kind: 'new-entities', threshold: 15000 }` (the paper's). */
  readonly segmenter?: SegmenterOptions;
  /** Reservoir replay capacity as a fraction of the segment's rows (default 0.2). */
  readonly replayRatio?: number;
  /** Fraction of each segment's rows (the tail) used as its test part (default 0.2). */
  readonly testRatio?: number;
  /** Fraction of each segment's own training rows (their tail) held out for validation (default 0). */
  readonly validationRatio?: number;
  /** Seed of the replay reservoirs (default 0). */
  readonly seed?: number;
}

/** {@link StreamProtocolOptions} with every default filled in. */
export interface StreamProtocol {
  readonly kCore: number;
  readonly dedupe: DedupePolicy;
  readonly segmenter: SegmenterOptions;
  readonly replayRatio: number;
  readonly testRatio: number;
  readonly validationRatio: number;
  readonly seed: number;
}

/** Fills in defaults and validates, naming the option at fault. */
export function resolveProtocol(options: StreamProtocolOptions): StreamProtocol {
  const protocol: StreamProtocol = {
    kCore: options.kCore ?? 0,
    dedupe: options.dedupe ?? 'first',
    segmenter: options.segmenter ?? { kind: 'new-entities', threshold: 15_000 },
    replayRatio: options.replayRatio ?? 0.2,
    testRatio: options.testRatio ?? 0.2,
    validationRatio: options.validationRatio ?? 0,
    seed: options.seed ?? 0,
  };
  if (!(Number.isInteger(protocol.kCore) && protocol.kCore >= 0)) throw new DatasetError(`option "kCore" must be a non-negative integer, got ${protocol.kCore}`);
  if (protocol.dedupe !== 'first' && protocol.dedupe !== 'keep') throw new DatasetError(`option "dedupe" must be "first" or "keep", got ${JSON.stringify(protocol.dedupe)}`);
  fraction('replayRatio', protocol.replayRatio, 0, 10);
  fraction('testRatio', protocol.testRatio, 0, 1);
  fraction('validationRatio', protocol.validationRatio, 0, 1);
  if (!(protocol.testRatio > 0 && protocol.testRatio < 1)) throw new DatasetError(`option "testRatio" must be in (0, 1), got ${protocol.testRatio}`);
  if (!(protocol.validationRatio < 1)) throw new DatasetError(`option "validationRatio" must be in [0, 1), got ${protocol.validationRatio}`);
  if (!Number.isFinite(protocol.seed)) throw new DatasetError(`option "seed" must be a finite number, got ${protocol.seed}`);
  return protocol;
}

function fraction(name: string, value: number, min: number, max: number): void {
  if (!(typeof value === 'number' && value >= min && value <= max)) throw new DatasetError(`option "${name}" must be a number in [${min}, ${max}], got ${value}`);
}
