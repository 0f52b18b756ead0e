import type { WritePacer } from "./write-pacer.js";

/** The pacer of an identity (`installation:123`, `token:…`); see WritePacerRegistry. */
export interface PacerLookup {
  for(key: string): Pick<WritePacer, "beforeWrite" | "refused" | "accepted">;
}

type Fetch = (url: string, init?: RequestInit) => Promise<Response>;

/** GitHub's advice when a secondary-limit refusal carries no retry-after: wait at least a minute. */
export const DEFAULT_SECONDARY_RETRY_AFTER_MS = 60_000;

/**
 * Octokit's `request.fetch`, wrapped: the innermost layer of the client, so
 * every attempt of a content write passes here, plugin-retry's and
 * plugin-throttling's retries included (they call the layers below them
 * again). Each write asks the installation's pacer first (`beforeWrite`:
 * an engine's paced write goes at once, any other takes the next slot), and
 * its answer tells the pacer whether GitHub accepted it or
 * refused it with a secondary limit, which is what makes the rate adapt.
 */
export function pacedFetch(identity: string, pacers: PacerLookup, inner: Fetch): Fetch {
  // A client built from another client's options (octokit-auth-probot builds each installation's client from the
  // App client's) would otherwise wrap that client's paced fetch: every installation's writes would also pass the
  // App-level pacer, and one installation's refusal would slow them all. Wrap the unpaced fetch underneath instead.
  const unpaced = unpacedFetch(inner);
  const paced: Fetch = async (url, init) => {
    const method = (init?.method ?? "GET").toUpperCase();
    if (!isContentWrite(method, url)) return unpaced(url, init);
    const pacer = pacers.for(identity);
    await pacer.beforeWrite();
    const response = await unpaced(url, init);
    const refusal = await secondaryRefusal(response);
    if (refusal !== null) await pacer.refused(refusal.retryAfterMs);
    else if (response.ok) await pacer.accepted();
    return response;
  };
  return Object.assign(paced, { [UNPACED]: unpaced });
}

const UNPACED = Symbol("plan-sync unpaced fetch");

/** The fetch under any paced layers (itself when it is not paced). */
export function unpacedFetch(fetch: Fetch): Fetch {
  return (fetch as Fetch & { [UNPACED]?: Fetch })[UNPACED] ?? fetch;
}

/**
 * What GitHub's secondary limits count: requests that create or change
 * content in a repository (issues, labels, comments, check runs, commits,
 * sub-issues). Reads and the App's own endpoints (tokens, deliveries) are not.
 */
export function isContentWrite(method: string, url: string): boolean {
  if (method === "GET" || method === "HEAD" || method === "OPTIONS") return false;
  const path = new URL(url, "http://github.invalid").pathname;
  // GitHub Enterprise serves the API under /api/v3.
  return /^(?:\/api\/v3)?\/repos\//.test(path);
}

/**
 * A secondary-limit refusal: 403 or 429 with GitHub's "secondary rate limit"
 * message, or with a `retry-after` while the primary budget is not spent
 * (an exhausted primary limit says `x-ratelimit-remaining: 0` and is
 * plugin-throttling's business). Null for anything else.
 */
export async function secondaryRefusal(response: Response): Promise<{ retryAfterMs: number } | null> {
  if (response.status !== 403 && response.status !== 429) return null;
  if (response.headers.get("x-ratelimit-remaining") === "0") return null;
  const retryAfter = response.headers.get("retry-after");
  let secondary = retryAfter !== null;
  if (!secondary) {
    const body = await response
      .clone()
      .text()
      .catch(() => "");
    secondary = /secondary rate limit/i.test(body);
  }
  if (!secondary) return null;
  const seconds = Number(retryAfter);
  return {
    retryAfterMs: retryAfter !== null && Number.isFinite(seconds) ? seconds * 1000 : DEFAULT_SECONDARY_RETRY_AFTER_MS,
  };
}
