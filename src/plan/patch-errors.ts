/**
 * Typed errors of the plan patcher. Callers (the write-back in src/github/, the
 * CLI) tell "the plan is broken, tell the author" apart from "plan-sync has a
 * bug, never commit this" by class, not by message.
 */

/** Base class, so callers can catch every patch refusal at once. */
export class PatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PatchError";
  }
}

/** A patch names a task the plan does not contain (e.g. the row was deleted meanwhile). */
export class UnknownTaskError extends PatchError {
  constructor(
    readonly path: string,
    readonly taskId: string,
  ) {
    super(`${path}: no task ${taskId} in the plan, nothing patched`);
    this.name = "UnknownTaskError";
  }
}

/** The plan has error diagnostics: its offsets cannot be trusted, so nothing is written. */
export class PlanHasErrorsError extends PatchError {
  constructor(
    readonly path: string,
    readonly errorCount: number,
  ) {
    super(
      `${path}: the plan has ${errorCount} error${errorCount === 1 ? "" : "s"}; fix ${errorCount === 1 ? "it" : "them"} before plan-sync writes to it`,
    );
    this.name = "PlanHasErrorsError";
  }
}

/** An issue link that would not survive as Markdown inside a table cell. */
export class InvalidIssueLinkError extends PatchError {
  constructor(
    readonly taskId: string,
    readonly issueNumber: number,
    readonly url: string,
  ) {
    super(
      `cannot link ${taskId} to issue #${issueNumber} at ${JSON.stringify(url)}: the number must be a positive integer and the URL absolute (http/https) without spaces, brackets, parentheses, pipes or backslashes`,
    );
    this.name = "InvalidIssueLinkError";
  }
}

/** The patched text does not read back as intended: a plan-sync bug, the text is discarded. */
export class PatchVerificationError extends PatchError {
  constructor(
    readonly path: string,
    readonly problems: readonly string[],
  ) {
    super(`${path}: patched plan failed verification, nothing written:\n- ${problems.join("\n- ")}`);
    this.name = "PatchVerificationError";
  }
}
