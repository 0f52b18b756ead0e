import { describe, expect, it } from "vitest";
import {
  DEFAULT_SECONDARY_RETRY_AFTER_MS,
  isContentWrite,
  pacedFetch,
  secondaryRefusal,
  unpacedFetch,
} from "../../src/github/paced-fetch.js";

/** What the pacer is told, in order. */
function recordingPacer() {
  const told: string[] = [];
  return {
    told,
    lookup: {
      for: (key: string) => ({
        beforeWrite: async () => {
          told.push(`${key} before`);
        },
        refused: async (ms: number) => {
          told.push(`${key} refused ${ms}`);
        },
        accepted: async () => {
          told.push(`${key} accepted`);
        },
      }),
    },
  };
}

const SECONDARY = "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.";

describe("pacedFetch: every content write asks the pacer, and tells it GitHub's answer", () => {
  it("a write GitHub accepts: asked before, accepted after; reads pass untouched", async () => {
    const { told, lookup } = recordingPacer();
    const fetch = pacedFetch("installation:7", lookup, async () => new Response("{}", { status: 201 }));
    await fetch("https://api.github.com/repos/acme/plans/issues", { method: "POST" });
    await fetch("https://api.github.com/repos/acme/plans/issues", { method: "GET" });
    expect(told).toEqual(["installation:7 before", "installation:7 accepted"]);
  });

  it("an installation's client built from the App client's options is paced by its installation only: a refusal slows no other installation", async () => {
    const { told, lookup } = recordingPacer();
    const github = async () =>
      new Response(JSON.stringify({ message: SECONDARY }), { status: 403, headers: { "retry-after": "1" } });
    // octokit-auth-probot builds each installation's client from the App client's options, request.fetch included.
    const appFetch = pacedFetch("app:1", lookup, github);
    const installation8 = pacedFetch("installation:8", lookup, appFetch);
    await installation8("https://api.github.com/repos/acme/plans/issues", { method: "POST" });
    expect(told).toEqual(["installation:8 before", "installation:8 refused 1000"]);
  });

  it("a secondary-limit refusal tells the pacer GitHub's retry-after, or a minute without one", async () => {
    const { told, lookup } = recordingPacer();
    const answers = [
      new Response(JSON.stringify({ message: SECONDARY }), { status: 403, headers: { "retry-after": "45" } }),
      new Response(JSON.stringify({ message: SECONDARY }), { status: 403 }),
      new Response("{}", { status: 429, headers: { "retry-after": "7" } }),
    ];
    const fetch = pacedFetch("installation:7", lookup, async () => answers.shift()!);
    const url = "https://ghe.example/api/v3/repos/acme/plans/check-runs/5";
    const first = await fetch(url, { method: "PATCH" });
    await fetch(url, { method: "PATCH" });
    await fetch(url, { method: "PATCH" });
    expect(told.filter((t) => t.includes("refused"))).toEqual([
      "installation:7 refused 45000",
      "installation:7 refused 60000",
      "installation:7 refused 7000",
    ]);
    // The client still reads the body (plugin-throttling decides on its message).
    expect(((await first.json()) as { message: string }).message).toBe(SECONDARY);
  });

  it("a primary limit, a permission 403 or a validation error is not a refusal", async () => {
    const primary = new Response("{}", {
      status: 403,
      headers: { "x-ratelimit-remaining": "0", "retry-after": "60" },
    });
    expect(await secondaryRefusal(primary)).toBeNull();
    expect(
      await secondaryRefusal(new Response(JSON.stringify({ message: "Resource not accessible" }), { status: 403 })),
    ).toBeNull();
    expect(await secondaryRefusal(new Response("{}", { status: 422 }))).toBeNull();
  });

  it("content writes are repository writes; tokens and delivery redeliveries are not", () => {
    expect(isContentWrite("POST", "https://api.github.com/repos/a/b/issues")).toBe(true);
    expect(isContentWrite("PUT", "http://127.0.0.1:9/api/v3/repos/a/b/contents/plan.md")).toBe(true);
    expect(isContentWrite("POST", "https://api.github.com/repos/a/b/issues/3/sub_issues")).toBe(true);
    expect(isContentWrite("GET", "https://api.github.com/repos/a/b/issues")).toBe(false);
    expect(isContentWrite("POST", "https://api.github.com/app/installations/7/access_tokens")).toBe(false);
    expect(isContentWrite("POST", "https://api.github.com/app/hook/deliveries/1/attempts")).toBe(false);
  });
});

describe("pacedFetch: which requests ask the pacer, and what it is told", () => {
  it("a request without a method is a read; a lower-case write method is still a write", async () => {
    const { told, lookup } = recordingPacer();
    const fetch = pacedFetch("installation:7", lookup, async () => new Response("{}", { status: 200 }));
    await fetch("https://api.github.com/repos/acme/plans/issues");
    expect(told).toEqual([]);
    await fetch("https://api.github.com/repos/acme/plans/issues/1", { method: "patch" });
    expect(told).toEqual(["installation:7 before", "installation:7 accepted"]);
  });

  it("a write GitHub fails for another reason (a 500, a 403 without a limit) is neither accepted nor refused", async () => {
    const { told, lookup } = recordingPacer();
    const answers = [
      new Response("{}", { status: 500 }),
      new Response('{"message":"Resource not accessible"}', { status: 403 }),
    ];
    const fetch = pacedFetch("installation:7", lookup, async () => answers.shift()!);
    const first = await fetch("https://api.github.com/repos/acme/plans/issues", { method: "POST" });
    await fetch("https://api.github.com/repos/acme/plans/issues", { method: "POST" });
    expect(first.status).toBe(500);
    expect(told).toEqual(["installation:7 before", "installation:7 before"]);
  });

  it("passes the URL and request on untouched, reads included", async () => {
    const seen: string[] = [];
    const { lookup } = recordingPacer();
    const fetch = pacedFetch("installation:7", lookup, async (url, init) => {
      seen.push(`${init?.method} ${url} ${String(init?.body)}`);
      return new Response("{}", { status: 201 });
    });
    await fetch("https://api.github.com/repos/a/b/issues", { method: "POST", body: '{"title":"T"}' });
    await fetch("https://api.github.com/repos/a/b/issues", { method: "GET" });
    expect(seen).toEqual([
      'POST https://api.github.com/repos/a/b/issues {"title":"T"}',
      "GET https://api.github.com/repos/a/b/issues undefined",
    ]);
  });

  it("the unpaced fetch of a fetch that is not paced is itself", async () => {
    const plain = async () => new Response("{}");
    expect(unpacedFetch(plain)).toBe(plain);
    const paced = pacedFetch("installation:1", recordingPacer().lookup, plain);
    expect(unpacedFetch(paced)).toBe(plain);
  });
});

describe("isContentWrite", () => {
  it("HEAD and OPTIONS are reads; DELETE, PATCH and PUT on a repository are writes", () => {
    const url = "https://api.github.com/repos/a/b/issues/1";
    expect(isContentWrite("HEAD", url)).toBe(false);
    expect(isContentWrite("OPTIONS", url)).toBe(false);
    expect(isContentWrite("DELETE", url)).toBe(true);
    expect(isContentWrite("PATCH", url)).toBe(true);
  });

  it("only paths that start with /repos/ (or /api/v3/repos/) count, relative URLs too", () => {
    expect(isContentWrite("POST", "/repos/a/b/labels")).toBe(true);
    expect(isContentWrite("POST", "https://ghe.example/api/v3/repos/a/b/labels")).toBe(true);
    expect(isContentWrite("POST", "https://ghe.example/api/v4/repos/a/b/labels")).toBe(false);
    expect(isContentWrite("POST", "https://api.github.com/x/repos/a/b")).toBe(false);
    expect(isContentWrite("POST", "https://api.github.com/repositories/42/issues")).toBe(false);
    expect(isContentWrite("POST", "https://api.github.com/user/repos")).toBe(false);
  });
});

describe("secondaryRefusal", () => {
  it("a 429 or 403 with GitHub's secondary-limit message but no retry-after waits a minute", async () => {
    expect(DEFAULT_SECONDARY_RETRY_AFTER_MS).toBe(60_000);
    for (const status of [403, 429]) {
      expect(await secondaryRefusal(new Response(`{"message":"${SECONDARY}"}`, { status }))).toEqual({
        retryAfterMs: 60_000,
      });
    }
    expect(
      await secondaryRefusal(new Response('{"message":"You have exceeded a SECONDARY RATE LIMIT"}', { status: 403 })),
    ).toEqual({ retryAfterMs: 60_000 });
  });

  it("a retry-after while the primary budget is not spent is a refusal, whatever the body", async () => {
    const r = new Response("", { status: 429, headers: { "retry-after": "3", "x-ratelimit-remaining": "12" } });
    expect(await secondaryRefusal(r)).toEqual({ retryAfterMs: 3000 });
  });

  it("a retry-after that is not a number of seconds waits a minute", async () => {
    const r = new Response("", { status: 403, headers: { "retry-after": "Wed, 21 Oct 2026 07:28:00 GMT" } });
    expect(await secondaryRefusal(r)).toEqual({ retryAfterMs: 60_000 });
  });

  it("a 429 without retry-after or the message is not one; nor is a 200 that says it", async () => {
    expect(await secondaryRefusal(new Response('{"message":"Too many"}', { status: 429 }))).toBeNull();
    expect(await secondaryRefusal(new Response(`{"message":"${SECONDARY}"}`, { status: 200 }))).toBeNull();
    expect(await secondaryRefusal(new Response(`{"message":"${SECONDARY}"}`, { status: 500 }))).toBeNull();
  });

  it("a body that cannot be read is no secondary-limit message", async () => {
    const broken = new Response(
      new ReadableStream({
        start(controller) {
          controller.error(new Error("connection reset"));
        },
      }),
      { status: 403 },
    );
    expect(await secondaryRefusal(broken)).toBeNull();
  });
});
