import type { BadRowReport } from './bad-row-report.js';

/**
 * Interactions as read from a source, the input of the stream protocol
 * ({@link buildStream}): users and items are numbered 0.. in order of first appearance in
 * the file (not yet in time order), rows are in file order, timestamps in seconds since
 * the epoch. The readers of `@scall/datasets` produce them; any other source can too.
 */
export interface RawInteractions {
  /** Where the rows came from (a file path or `"synthetic"`). */
  readonly source: string;
  readonly users: Int32Array;
  readonly items: Int32Array;
  /** Seconds since the epoch (may be fractional). */
  readonly timestamps: Float64Array;
  readonly length: number;
  readonly numUsers: number;
  readonly numItems: number;
  /** The original id of user `id` (as written in the source). */
  userKey(id: number): string;
  /** The original id of item `id`. */
  itemKey(id: number): string;
  /** Rows skipped under `onBadRow: 'skip'` (count 0 otherwise). */
  readonly badRows: BadRowReport;
}
