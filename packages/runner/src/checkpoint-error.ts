/** What went wrong with a checkpoint (see {@link CheckpointError}). */
export type CheckpointErrorCode =
  /** A checkpoint file is damaged: checksum mismatch, truncated, unparsable. */
  | 'corrupt'
  /** A checkpoint of a format this version does not read. */
  | 'unsupported-format'
  /** The checkpoint was written by a run whose results would differ. */
  | 'different-configuration'
  /** The checkpoint already covers segments past the requested last segment. */
  | 'past-last-segment'
  /** `events.jsonl` does not hold the events the checkpoint recorded. */
  | 'events-mismatch'
  /** Another run holds the output directory's lock. */
  | 'locked'
  /** Writing the checkpoint (or events, results, lock) failed, e.g. ENOSPC or EACCES. */
  | 'write-failed';

/**
 * A checkpoint problem the user can act on: a damaged or foreign checkpoint, an output
 * directory in use, or a failed checkpoint write. The message names the file and says
 * what to do; `exitCode` is 2 (a user error: a CLI prints the message without a stack).
 *
 * @example
 * try { await runStream({ ...options, resume: true }); } catch (e) {
 *   if (e instanceof CheckpointError) { console.error(e.message); process.exit(e.exitCode); }
 *   throw e;
 * }
 */
export class CheckpointError extends Error {
  readonly code: CheckpointErrorCode;
  /** The file or directory at fault. */
  readonly file: string;
  /** The problem alone, without the file and advice. */
  readonly problem: string;
  /** What to do about it. */
  readonly hint: string;
  /** The process exit status for this error: 2. */
  readonly exitCode = 2;

  constructor(code: CheckpointErrorCode, file: string, problem: string, hint: string, options?: { cause?: unknown }) {
    super(`${file}: ${problem}. ${hint}`, options);
    this.name = 'CheckpointError';
    this.code = code;
    this.file = file;
    this.problem = problem;
    this.hint = hint;
  }
}
