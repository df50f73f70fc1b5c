/** Skipped bad rows, counted; the first few are kept verbatim as examples. */
export interface BadRowReport {
  /** Number of rows skipped. */
  readonly count: number;
  /** Up to 10 messages (`file:line: problem`) of the first skipped rows. */
  readonly examples: readonly string[];
}
