import { DatasetError } from './dataset-error.js';

/** What a reader does with a malformed row: throw (default) or skip it and count a warning. */
export type BadRowPolicy = 'throw' | 'skip';

/** Skipped bad rows, counted; the first few are kept verbatim as examples. */
export interface BadRowReport {
  /** Number of rows skipped. */
  readonly count: number;
  /** Up to 10 messages (`file:line: problem`) of the first skipped rows. */
  readonly examples: readonly string[];
}

const MAX_EXAMPLES = 10;

/** Collects bad rows under a {@link BadRowPolicy}: throws a {@link DatasetError} or counts. */
export class BadRowCounter {
  private skipped = 0;
  private readonly messages: string[] = [];

  constructor(
    private readonly file: string,
    private readonly policy: BadRowPolicy,
  ) {}

  /** Reports a bad row: throws under `'throw'`, otherwise records it. */
  report(line: number, problem: string): void {
    const error = new DatasetError(problem, { file: this.file, line });
    if (this.policy === 'throw') throw error;
    this.skipped++;
    if (this.messages.length < MAX_EXAMPLES) this.messages.push(error.message);
  }

  /** The counts so far. */
  toReport(): BadRowReport {
    return { count: this.skipped, examples: [...this.messages] };
  }
}
