import type { RetryPolicy } from "../config/settings.js";

/**
 * When a job that failed on GitHub's side is tried again. GitHub outages
 * last minutes to hours; Octokit's own retries (seconds) do not outlast them,
 * so the job goes back to the store with a growing delay instead of being
 * dropped. Failures that another attempt cannot fix (the repository or plan
 * is gone, GitHub refuses the content) are not retried: they are reported.
 */

export type FailureClass = "transient" | "permanent";

/** When attempt `attempts + 1` runs, or null when the schedule is used up. */
export function nextRetryAt(policy: RetryPolicy, attempts: number, now: number): number | null {
  const delay = policy.delaysMs[attempts];
  return delay === undefined ? null : now + delay;
}

const NETWORK_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "ETIMEDOUT",
  "EPIPE",
  "EAI_AGAIN",
  "ENOTFOUND",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
]);

/**
 * Transient: GitHub answered 5xx, 408 or 429, a rate limit (403 with
 * `retry-after` or a rate-limit message) that outlasted the client's own
 * retries, or the request never got an answer (network). Permanent:
 * anything else — 404 (repository or plan gone), 410, 422 (validation),
 * 401/403 without a rate limit (permissions), and errors of plan-sync itself,
 * which another attempt would only repeat.
 */
export function classifyFailure(error: unknown): FailureClass {
  for (let e: unknown = error, depth = 0; depth < 5; depth++) {
    // The end of the cause chain (undefined), or a thrown string or number: nothing more to look at.
    if (typeof e !== "object" || e === null) break;
    const status = (e as { status?: unknown }).status;
    if (typeof status === "number") {
      if (status >= 500 || status === 408 || status === 429) return "transient";
      if (status === 403 && isRateLimit(e)) return "transient";
      return "permanent";
    }
    const code = (e as { code?: unknown }).code;
    // A Set of strings: any other value is simply not in it.
    if (NETWORK_CODES.has(code as string)) return "transient";
    // String(undefined) is "undefined": a missing message matches nothing.
    const message = String((e as { message?: unknown }).message);
    if (/fetch failed|socket hang up|network|ECONNRESET|ETIMEDOUT/i.test(message)) return "transient";
    e = (e as { cause?: unknown }).cause;
  }
  return "permanent";
}

function isRateLimit(error: object): boolean {
  const response = (error as { response?: { headers?: Record<string, unknown>; data?: unknown } }).response;
  const headers = response?.headers ?? {};
  if (headers["retry-after"] !== undefined || headers["x-ratelimit-remaining"] === "0") return true;
  // String(undefined) is "undefined": no rate limit in it.
  const message = String((error as { message?: unknown }).message);
  return /rate limit/i.test(message);
}

/** "in 2 min (20:31 UTC)", for check runs and logs. */
export function describeRetry(at: number, now: number): string {
  const seconds = Math.max(0, Math.round((at - now) / 1000));
  const inWords =
    seconds < 90
      ? `${seconds} s`
      : seconds < 90 * 60
        ? `${Math.round(seconds / 60)} min`
        : `${Math.round((seconds / 3600) * 10) / 10} h`;
  return `in ${inWords} (${new Date(at).toISOString().slice(11, 16)} UTC)`;
}
