/**
 * The CLI's exit codes, documented in README: CI scripts branch on them.
 * 1 means "the input has problems" (plan errors, a file that cannot be read);
 * 2 means "the command line itself is wrong", so a typo never passes for a clean plan.
 */
export const EXIT_OK = 0;
export const EXIT_PROBLEMS = 1;
export const EXIT_USAGE = 2;

/** Thrown by a command whose arguments make no sense; main prints it with the usage and exits 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}
