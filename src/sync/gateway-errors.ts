/**
 * The failures of the Gateway port (./gateway.ts), in one module
 * (release-please's src/errors/index.ts): what an HTTP error says (status,
 * GitHub's message), and the typed errors an implementation turns the ones
 * callers act on into. The engine defines them, src/github throws them
 * (src/github/errors.ts re-exports them with the classifiers of GitHub's
 * answers). Callers test for these classes, never for a status code of their own.
 *
 * Octokit's RequestError is read without importing its package:
 * Probot and the REST client may each carry their own copy, so `instanceof`
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
