/**
 * An error the person running `scall` can fix: a bad flag, config, component name,
 * budget or data file. The CLI prints its message (what, where, how to fix) without a
 * stack trace and exits with status 2; `--debug` or `SCALL_DEBUG=1` shows the stack.
 * Any other error is internal: its stack is printed and the exit status is 1.
 *
 * @example
 * throw new UserError('--jobs must be a positive integer, got "x"', { hint: 'pass e.g. --jobs 2' });
 */
export class UserError extends Error {
  /** Exit status of the CLI for this error. */
  readonly exitCode = 2;
  /** How to fix it, printed on its own line (optional). */
  readonly hint: string | undefined;

  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'UserError';
    this.hint = options.hint;
  }
}

/**
 * Error classes from the libraries that are about the user's input, matched by `name`
 * (so the app needs no import of each package's class): bad data files and dataset
 * options, budgets below `minSize × population`, citty's unknown-command errors, and
 * a config that zod rejected.
 */
const USER_ERROR_NAMES = new Set(['UserError', 'DatasetError', 'InsufficientBudgetError', 'CLIError', 'ZodError', 'CheckpointError', 'ConfigError']);

/**
 * Messages of plain `Error`s / `RangeError`s that the shared helpers throw for bad user
 * input (budget text, registry look-ups, plug-in options, config files).
 */
const USER_ERROR_MESSAGES: readonly RegExp[] = [
  /^Invalid configuration in /,
  /^Cannot read config file /,
  /^Config file .* is not valid JSON/,
  /^Cannot parse budget /,
  /^Budget "/,
  /^Budget (bytes|meanSize|sparsity) must be/,
  /^No [\w -]+ named "[^"]*"/,
  /: unknown option "/,
  /^Cannot load plug-in package /,
  /^Plug-in package .* does not export/,
  /^Unknown (dataset|grid|searcher|config) /,
  /^--[\w-]+ must be /,
  /has no validation split/,
  /^--[\w-]+: grid "/,
  /^Invalid benchmark grid in /,
  /^Grid file .* is not valid JSON/,
  /: no results\.json found under this directory/,
];

/**
 * Whether `error` is the user's to fix (exit 2, no stack) rather than internal (exit 1,
 * stack). A `UserError`, any error with `exitCode === 2` (e.g. the runner's
 * `CheckpointError`), a known user-facing class by `name`, or a known message shape.
 */
export function isUserError(error: unknown): error is Error {
  if (!(error instanceof Error)) return false;
  if ((error as { exitCode?: unknown }).exitCode === 2) return true;
  if (USER_ERROR_NAMES.has(error.name)) return true;
  return USER_ERROR_MESSAGES.some((pattern) => pattern.test(error.message));
}

/** Whether `--debug` or `SCALL_DEBUG=1` asked for stack traces. */
export function debugRequested(argv: readonly string[] = process.argv, env: NodeJS.ProcessEnv = process.env): boolean {
  return argv.includes('--debug') || (env.SCALL_DEBUG !== undefined && env.SCALL_DEBUG !== '' && env.SCALL_DEBUG !== '0');
}

/**
 * What the CLI prints for a failure, and its exit status: for a user error one message
 * (plus its hint) and status 2, for an internal error the stack and status 1.
 */
export function describeFailure(error: unknown, debug: boolean): { text: string; exitCode: 1 | 2 } {
  if (isUserError(error)) {
    const hint = error instanceof UserError && error.hint ? `\n  ${error.hint}` : '';
    const stack = debug && error.stack ? `\n\n${error.stack}` : '\n(run with --debug or SCALL_DEBUG=1 for the stack trace)';
    return { text: `scall: ${error.message}${hint}${stack}`, exitCode: 2 };
  }
  const detail = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
  return {
    text: `scall: internal error (a bug; please report it with this output)\n${detail}`,
    exitCode: 1,
  };
}
