/**
 * A stand-in for Octokit's `request` in the unit tests of src/github: answers
 * each `METHOD url` from a list of scripted replies (in order) and records
 * every request with its parameters, so a test asserts the exact requests
 * made. A request nobody scripted fails the test, like the fake GitHub.
 */

export interface StubReply {
  status?: number;
  data?: unknown;
  headers?: Record<string, string | undefined>;
}

export interface RecordedRequest {
  method: string;
  url: string;
  /** Everything else the caller passed (body fields, headers, request options). */
  params: Record<string, unknown>;
}

/** What Octokit's RequestError carries that the code under test reads (duck-typed, as src/sync/gateway-errors.ts does). */
export class StubHttpError extends Error {
  readonly response: { data: unknown; headers: Record<string, string | undefined> };
  constructor(
    readonly status: number,
    data: unknown = {},
    headers: Record<string, string | undefined> = {},
  ) {
    super(typeof data === "object" && data !== null && "message" in data ? String(data.message) : `HTTP ${status}`);
    this.name = "HttpError";
    this.response = { data, headers };
  }
}

export function stubOctokit(replies: Record<string, StubReply | StubReply[]> = {}) {
  const queues = new Map(Object.entries(replies).map(([k, v]) => [k, Array.isArray(v) ? [...v] : [v]]));
  const requests: RecordedRequest[] = [];
  async function request(
    routeOrOptions: string | Record<string, unknown>,
    more: Record<string, unknown> = {},
  ): Promise<{ status: number; data: unknown; headers: Record<string, string | undefined> }> {
    let method: string;
    let url: string;
    let params: Record<string, unknown>;
    if (typeof routeOrOptions === "string") {
      [method, url] = routeOrOptions.split(" ") as [string, string];
      params = { ...more };
    } else {
      const { method: m, url: u, ...rest } = routeOrOptions as { method: string; url: string };
      method = m;
      url = u;
      params = rest;
    }
    requests.push({ method, url, params });
    const key = `${method} ${url}`;
    const queue = queues.get(key);
    const reply = queue?.shift();
    if (!reply) throw new Error(`unexpected request ${key}`);
    const status = reply.status ?? 200;
    if (status >= 300) throw new StubHttpError(status, reply.data, reply.headers);
    return { status, data: reply.data, headers: reply.headers ?? {} };
  }
  return {
    request,
    requests,
    /** `METHOD url` of each request, in order. */
    lines: () => requests.map((r) => `${r.method} ${r.url}`),
    /** Replies scripted but never asked for. */
    unused: () => [...queues].flatMap(([k, q]) => q.map(() => k)),
  };
}
