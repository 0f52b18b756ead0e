/**
 * A job failure its handler has already reported (check run, context.log).
 * Thrown on so the RepoQueue does not remember the delivery as done, and a
 * redelivery of the same event runs again, without the queue logging it twice.
 */
export class ReportedError extends Error {
  constructor(override readonly cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = "ReportedError";
  }
}
