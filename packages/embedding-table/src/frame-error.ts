/** What is wrong with a framed file (see {@link FrameError}). */
export type FrameErrorCode =
  /** Shorter than its prelude, or than the lengths it records. */
  | 'truncated'
  /** Not a SCALL framed file at all (bad magic). */
  | 'not-framed'
  /** A checksum does not match, or the header is not valid JSON: the bytes were damaged. */
  | 'corrupt'
  /** A valid frame holding a different or unknown content format. */
  | 'format';

/**
 * A framed file (an exported table, a runner snapshot) that cannot be read: `source`
 * names the file, `code` says what is wrong, `problem` describes it.
 *
 * @example
 * try { decodeEmbeddingTable(bytes, 'items.semb'); } catch (e) {
 *   if (e instanceof FrameError && e.code === 'corrupt') console.error(`${e.source} is damaged`);
 * }
 */
export class FrameError extends Error {
  /** The file (or other source) at fault. */
  readonly source: string;
  readonly code: FrameErrorCode;
  /** The problem alone, without the source prefix. */
  readonly problem: string;

  constructor(source: string, code: FrameErrorCode, problem: string) {
    super(`${source}: ${problem}`);
    this.name = 'FrameError';
    this.source = source;
    this.code = code;
    this.problem = problem;
  }
}
