import { describe, expect, it } from "vitest";
import {
  createRestOctokit,
  DO_NOT_RETRY,
  installationIdentity,
  limiterIdFor,
  throttleHandlers,
  tokenIdentity,
  withPlanSyncPolicy,
} from "../../src/github/octokit-options.js";
import type { PacerLookup } from "../../src/github/paced-fetch.js";

/**
 * The rate-limit policy as options (no HTTP): what each handler decides and logs, the limiter id of every kind of
 * client, and the options layered over Probot's. test/github/octokit-options.test.ts shows the same policy at work
 * against nock.
 */
function warnings() {
  const lines: string[] = [];
  return { lines, octokit: { log: { warn: (m: string) => void lines.push(m) } } };
}
const req = { method: "POST", url: "/repos/acme/plans/issues" };

describe("what a primary rate limit does", () => {
  it("retries twice by default, logging each decision with the request and the attempt", () => {
    const { onRateLimit } = throttleHandlers();
    const { lines, octokit } = warnings();
    expect(onRateLimit(30, req, octokit, 0)).toBe(true);
    expect(onRateLimit(30, req, octokit, 1)).toBe(true);
    expect(onRateLimit(30, req, octokit, 2)).toBe(false);
    expect(lines).toEqual([
      "Rate limit exhausted for POST /repos/acme/plans/issues; retrying in 30 s (attempt 1)",
      "Rate limit exhausted for POST /repos/acme/plans/issues; retrying in 30 s (attempt 2)",
      "Rate limit exhausted for POST /repos/acme/plans/issues; giving up (attempt 3)",
    ]);
  });

  it("gives up on a reset later than maxRateLimitWaitSeconds; exactly the bound still waits", () => {
    const { onRateLimit } = throttleHandlers({ maxRateLimitWaitSeconds: 60, rateLimitRetries: 5 });
    const { lines, octokit } = warnings();
    expect(onRateLimit(60, req, octokit, 0)).toBe(true);
    expect(onRateLimit(61, req, octokit, 0)).toBe(false);
    expect(lines[1]).toBe("Rate limit exhausted for POST /repos/acme/plans/issues; giving up (attempt 1)");
  });

  it("with no retries configured, gives up at once", () => {
    expect(throttleHandlers({ rateLimitRetries: 0 }).onRateLimit(1, req, warnings().octokit, 0)).toBe(false);
  });

  it("logs to the console when the client has no log", () => {
    const seen: unknown[] = [];
    const original = console.warn;
    console.warn = (m: unknown) => void seen.push(m);
    try {
      throttleHandlers().onRateLimit(5, req, {}, 0);
      throttleHandlers().onSecondaryRateLimit(5, req, {}, 0);
    } finally {
      console.warn = original;
    }
    expect(seen).toEqual([
      "Rate limit exhausted for POST /repos/acme/plans/issues; retrying in 5 s (attempt 1)",
      "Secondary rate limit for POST /repos/acme/plans/issues; retrying in 5 s (attempt 1)",
    ]);
  });
});

describe("what a secondary rate limit does", () => {
  it("retries three times by default, whatever the wait, logging each decision", () => {
    const { onSecondaryRateLimit } = throttleHandlers();
    const { lines, octokit } = warnings();
    expect([0, 1, 2, 3].map((n) => onSecondaryRateLimit(3600, req, octokit, n))).toEqual([true, true, true, false]);
    expect(lines).toEqual([
      "Secondary rate limit for POST /repos/acme/plans/issues; retrying in 3600 s (attempt 1)",
      "Secondary rate limit for POST /repos/acme/plans/issues; retrying in 3600 s (attempt 2)",
      "Secondary rate limit for POST /repos/acme/plans/issues; retrying in 3600 s (attempt 3)",
      "Secondary rate limit for POST /repos/acme/plans/issues; giving up (attempt 4)",
    ]);
  });

  it("honours a configured number of retries", () => {
    const { onSecondaryRateLimit } = throttleHandlers({ secondaryRateLimitRetries: 1 });
    expect(onSecondaryRateLimit(1, req, warnings().octokit, 0)).toBe(true);
    expect(onSecondaryRateLimit(1, req, warnings().octokit, 1)).toBe(false);
  });
});

describe("limiter ids of every kind of client", () => {
  it("an installation, by number or string id", () => {
    expect(limiterIdFor({ auth: { installationId: 7 } })).toBe("installation:7");
    expect(limiterIdFor({ auth: { installationId: "8" } })).toBe("installation:8");
    expect(installationIdentity(9)).toBe("installation:9");
  });

  it("a token, as a string or `{ token }`, hashed to 16 hex digits", () => {
    const id = tokenIdentity("ghp_x");
    expect(id).toMatch(/^token:[0-9a-f]{16}$/);
    expect(limiterIdFor({ auth: { token: "ghp_x" } })).toBe(id);
    expect(limiterIdFor({ auth: "ghp_x" })).toBe(id);
  });

  it("the App itself, by number or string app id", () => {
    expect(limiterIdFor({ auth: { appId: 1, privateKey: "pem" } })).toBe("app:1");
    expect(limiterIdFor({ auth: { appId: "2", privateKey: "pem" } })).toBe("app:2");
  });

  it("otherwise the caller's throttle id, except Probot's shared `no-id`", () => {
    expect(limiterIdFor({ auth: { installationId: null }, throttle: { id: "mine" } })).toBe("mine");
    expect(limiterIdFor({ auth: null, throttle: { id: "mine" } })).toBe("mine");
    expect(limiterIdFor({ throttle: { id: "no-id" } })).toBe("anonymous");
    expect(limiterIdFor({ throttle: {} })).toBe("anonymous");
    expect(limiterIdFor({})).toBe("anonymous");
    expect(limiterIdFor({ auth: { token: 5, appId: {} } })).toBe("anonymous");
  });
});

describe("the policy layered over a client's options", () => {
  it("keeps the caller's options, retries 5xx three times but never the listed 4xx, with 1 s per retry-after second", () => {
    const options = withPlanSyncPolicy({
      auth: "t",
      baseUrl: "https://ghe.example/api/v3",
      retry: { enabled: true },
      throttle: { enabled: true, onAbuseLimit: "kept" },
    });
    expect(options.baseUrl).toBe("https://ghe.example/api/v3");
    expect(options.retry).toEqual({
      enabled: true,
      doNotRetry: [400, 401, 403, 404, 409, 410, 422, 429, 451],
      retries: 3,
      retryAfterBaseValue: 1000,
    });
    expect(DO_NOT_RETRY).toEqual([400, 401, 403, 404, 409, 410, 422, 429, 451]);
    expect(options.throttle).toMatchObject({
      enabled: true,
      onAbuseLimit: "kept",
      id: tokenIdentity("t"),
      retryAfterBaseValue: 1000,
    });
    expect(options.request).toBeUndefined();
  });

  it("takes the configured retries and retry-after unit", () => {
    const options = withPlanSyncPolicy({}, { serverErrorRetries: 1, retryAfterBaseValue: 5 });
    expect(options.retry).toMatchObject({ retries: 1, retryAfterBaseValue: 5 });
    expect(options.throttle).toMatchObject({ retryAfterBaseValue: 5 });
  });

  it("its handlers follow the configured limits", () => {
    const throttle = withPlanSyncPolicy({}, { secondaryRateLimitRetries: 0, rateLimitRetries: 0 }).throttle as {
      onRateLimit: (...a: unknown[]) => boolean;
      onSecondaryRateLimit: (...a: unknown[]) => boolean;
    };
    const { octokit } = warnings();
    expect(throttle.onRateLimit(1, req, octokit, 0)).toBe(false);
    expect(throttle.onSecondaryRateLimit(1, req, octokit, 0)).toBe(false);
  });

  it("does not space writes itself: the throttling plugin's write groups run each request at once", async () => {
    const throttle = withPlanSyncPolicy({}).throttle as Record<
      "write" | "notifications",
      {
        key: (id: string) => {
          schedule: (o: unknown, task: (...a: number[]) => number, ...a: number[]) => Promise<number>;
        };
      }
    >;
    for (const group of [throttle.write, throttle.notifications]) {
      expect(await group.key("installation:1").schedule({}, (a, b) => a! + b!, 2, 3)).toBe(5);
    }
  });

  it("with pacers, sends every request through the identity's pacer, over the caller's fetch", async () => {
    const told: string[] = [];
    const pacers: PacerLookup = {
      for: (key) => ({
        beforeWrite: async () => void told.push(`${key} before`),
        refused: async () => void told.push(`${key} refused`),
        accepted: async () => void told.push(`${key} accepted`),
      }),
    };
    const fetched: string[] = [];
    const callerFetch = async (url: string) => {
      fetched.push(url);
      return new Response("{}", { status: 201 });
    };
    const options = withPlanSyncPolicy(
      { auth: { installationId: 4 }, request: { fetch: callerFetch, timeout: 5 } },
      { pacers },
    );
    expect(options.request?.timeout).toBe(5);
    const fetch = options.request!.fetch as (url: string, init?: RequestInit) => Promise<Response>;
    await fetch("https://api.github.com/repos/a/b/issues", { method: "POST" });
    expect(fetched).toEqual(["https://api.github.com/repos/a/b/issues"]);
    expect(told).toEqual(["installation:4 before", "installation:4 accepted"]);
  });

  it("with pacers and no fetch of the caller's, uses the global fetch at call time", async () => {
    const pacers: PacerLookup = {
      for: () => ({ beforeWrite: async () => {}, refused: async () => {}, accepted: async () => {} }),
    };
    const fetch = withPlanSyncPolicy({}, { pacers }).request!.fetch as (
      u: string,
      i?: RequestInit,
    ) => Promise<Response>;
    const original = globalThis.fetch;
    const seen: string[] = [];
    globalThis.fetch = (async (url: string, init?: RequestInit) => {
      seen.push(`${init?.method} ${url}`);
      return new Response("{}");
    }) as typeof globalThis.fetch;
    try {
      await fetch("https://api.github.com/rate_limit", { method: "GET" });
    } finally {
      globalThis.fetch = original;
    }
    expect(seen).toEqual(["GET https://api.github.com/rate_limit"]);
  });
});

describe("the command's token client", () => {
  it("identifies as plan-sync unless told otherwise, on github.com unless given a base URL", async () => {
    const seen: Array<{ url: string; agent: string | null; auth: string | null }> = [];
    const fetch = async (url: string, init: RequestInit) => {
      const headers = new Headers(init.headers);
      seen.push({ url, agent: headers.get("user-agent"), auth: headers.get("authorization") });
      return new Response(JSON.stringify({ login: "me" }), { headers: { "content-type": "application/json" } });
    };
    const policy = {
      pacers: { for: () => ({ beforeWrite: async () => {}, refused: async () => {}, accepted: async () => {} }) },
    };
    // The pacers' fetch is the only way to hand this client a fetch; it wraps the global one.
    const original = globalThis.fetch;
    globalThis.fetch = fetch as typeof globalThis.fetch;
    try {
      await createRestOctokit({ token: "t0ken", policy }).request("GET /user");
      await createRestOctokit({
        token: "t0ken",
        policy,
        baseUrl: "https://ghe.example/api/v3",
        userAgent: "ci-bot",
      }).request("GET /user");
    } finally {
      globalThis.fetch = original;
    }
    expect(seen.map((s) => s.url)).toEqual(["https://api.github.com/user", "https://ghe.example/api/v3/user"]);
    expect(seen[0]!.agent).toMatch(/^plan-sync /);
    expect(seen[1]!.agent).toMatch(/^ci-bot /);
    expect(seen.map((s) => s.auth)).toEqual(["token t0ken", "token t0ken"]);
  });

  it("paces its writes by the token's identity", async () => {
    const keys: string[] = [];
    const policy = {
      pacers: {
        for: (key: string) => {
          keys.push(key);
          return { beforeWrite: async () => {}, refused: async () => {}, accepted: async () => {} };
        },
      },
    };
    const original = globalThis.fetch;
    globalThis.fetch = (async () => new Response("{}", { status: 201 })) as typeof globalThis.fetch;
    try {
      await createRestOctokit({ token: "t0ken", policy }).request("POST /repos/{owner}/{repo}/labels", {
        owner: "a",
        repo: "b",
        name: "x",
      });
    } finally {
      globalThis.fetch = original;
    }
    expect(keys).toEqual([tokenIdentity("t0ken")]);
  });

  it("logs through the log it is given", async () => {
    const lines: string[] = [];
    const log = { debug: () => {}, info: () => {}, warn: (m: string) => void lines.push(m), error: () => {} };
    const octokit = createRestOctokit({ token: "t", log });
    octokit.log.warn("hello");
    expect(lines).toEqual(["hello"]);
  });
});
