/**
 * The CLI's exit codes, documented in docs/cli.md: CI scripts branch on them.
 * 1 means "the input has problems" (plan errors, a file that cannot be read,
 * a sync GitHub or the network refused);
 * 2 means "the command line itself is wrong", so a typo never passes for a clean plan;
 * 70 (sysexits' EX_SOFTWARE) means plan-sync itself failed: a bug, never the
 * user's input. It stays clear of 1, which Node uses for an uncaught exception.
 */
export const EXIT_OK = 0;
export const EXIT_PROBLEMS = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERNAL = 70;

/** Thrown by a command whose arguments make no sense; main prints it with a pointer to the help and exits 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** `plan-sync init` found a file it would write already there (sysexits' EX_CANTCREAT); nothing was written. */
export const EXIT_EXISTS = 73;
