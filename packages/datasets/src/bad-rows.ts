import { DatasetError, type BadRowReport } from '@scall/stream-protocol';

/** What a reader does with a malformed row: throw (default) or skip it and count a warning. */
export type BadRowPolicy = 'throw' | 'skip';

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
