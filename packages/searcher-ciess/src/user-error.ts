/**
 * An error about the caller's input (options, agent, budget). It carries
 * `exitCode: 2`, the project's mark of an error the user can fix, so the `scall` CLI
 * prints its message without a stack trace.
 */
export function userError<E extends Error>(error: E): E & { readonly exitCode: 2 } {
  return Object.assign(error, { exitCode: 2 as const });
}
