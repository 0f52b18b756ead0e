/**
 * GitHub's failures, in one module (release-please's src/errors/index.ts):
 * what an HTTP error says (status, GitHub's message), and the typed errors the
 * gateway turns the ones callers act on into. Callers above src/github/ test
 * for these classes, never for a status code of their own.
 *
 * Octokit's RequestError is read without importing @octokit/request-error:
 * Probot and @octokit/rest may each carry their own copy, so `instanceof`
 * is unreliable and we duck-type on `status` instead.
 */

interface ErrorLike {
  status?: unknown;
  message?: unknown;
  response?: { data?: unknown; headers?: Record<string, unknown> };
}

export function httpStatus(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const status = (error as ErrorLike).status;
  return typeof status === "number" ? status : undefined;
}

/** GitHub's own message (response body) when there is one, else the error's message. */
export function githubMessage(error: unknown): string {
  if (typeof error !== "object" || error === null) return String(error);
  const e = error as ErrorLike;
  const data = e.response?.data;
  const parts: string[] = [];
  if (typeof data === "object" && data !== null) {
    const d = data as { message?: unknown; errors?: unknown };
    if (typeof d.message === "string") parts.push(d.message);
    if (Array.isArray(d.errors)) {
      for (const item of d.errors) {
        if (typeof item === "string") parts.push(item);
        else if (typeof item === "object" && item !== null) {
          const i = item as { code?: unknown; message?: unknown; field?: unknown };
          parts.push([i.code, i.field, i.message].filter((x) => typeof x === "string").join(" "));
        }
      }
    }
  }
  if (parts.length === 0 && typeof e.message === "string") parts.push(e.message);
  return parts.join("\n");
}

/** A 422 telling us the thing we tried to create is already there (labels, refs). */
export function isAlreadyExists(error: unknown): boolean {
  return (
    error instanceof AlreadyExistsError ||
    (httpStatus(error) === 422 && /already[_ ]exists/i.test(githubMessage(error)))
  );
}

/** Creating something (a label, a branch) that is already there. Callers that only want it to exist treat this as success. */
export class AlreadyExistsError extends Error {
  constructor(
    readonly kind: "label" | "branch",
    readonly what: string,
  ) {
    super(`${kind} ${what} already exists`);
    this.name = "AlreadyExistsError";
  }
}

/** A write refused because the file changed since it was read (409/422 on the blob SHA). */
export class StaleFileError extends Error {
  constructor(readonly path: string) {
    super(`${path} changed on GitHub since it was read`);
    this.name = "StaleFileError";
  }
}

/** A write refused by branch protection. */
export class ProtectedBranchError extends Error {
  constructor(readonly branch: string) {
    super(`branch ${branch} is protected`);
    this.name = "ProtectedBranchError";
  }
}

/**
 * The contents API answers 409 both for a stale blob SHA ("x does not match
 * <sha>") and for branch protection / rulesets ("Repository rule violations
 * found … Changes must be made through a pull request", "Could not update
 * file: Required status check … is expected", "Protected branch update
 * failed"), so the message decides. A missing/invalid sha is a 422.
 */
export function classifyPutFileError(error: unknown, path: string, branch: string): unknown {
  const status = httpStatus(error);
  if (status !== 409 && status !== 422 && status !== 403) return error;
  const message = githubMessage(error);
  const docs = (error as { response?: { data?: { documentation_url?: unknown } } }).response?.data?.documentation_url;
  const protectedBranch =
    /protected branch|rule violations|must be made through a pull request|required status check|review.*required|about-protected-branches/i.test(
      message,
    ) ||
    (typeof docs === "string" && /protected-branches|rulesets/.test(docs));
  // Push protection (a secret in the text) also says "rule violations", but a pull request would not get past it either.
  if (protectedBranch && !/secret/i.test(message)) return new ProtectedBranchError(branch);
  if (status === 409) return new StaleFileError(path);
  if (status === 422 && /\bsha\b|does not match/i.test(message)) return new StaleFileError(path);
  return error;
}
