/**
 * An error about input data or options that names what is at fault: the file, the
 * 1-based line (when the problem is in one row) and the problem itself. The stream
 * protocol throws it, and so do the readers of `@scall/datasets` (which re-exports it).
 *
 * @example
 * try { buildStream(raw, { name: 'x', testRatio: 2 }); } catch (e) {
 *   if (e instanceof DatasetError) console.error(e.file, e.line, e.problem);
 * }
 */
export class DatasetError extends Error {
  /** The file at fault, or `undefined` for problems with options or in-memory data. */
  readonly file: string | undefined;
  /** The 1-based line number at fault, or `undefined` when the problem is not one line. */
  readonly line: number | undefined;
  /** The problem alone, without the location prefix. */
  readonly problem: string;

  constructor(problem: string, location: { file?: string; line?: number } = {}, options?: { cause?: unknown }) {
    const where = location.file === undefined ? '' : location.line === undefined ? `${location.file}: ` : `${location.file}:${location.line}: `;
    super(`${where}${problem}`, options);
    this.name = 'DatasetError';
    this.file = location.file;
    this.line = location.line;
    this.problem = problem;
  }
}
