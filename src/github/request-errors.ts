/**
 * Reading octokit's RequestError without importing @octokit/request-error:
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
