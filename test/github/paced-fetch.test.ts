import { describe, expect, it } from "vitest";
import { isContentWrite, pacedFetch, secondaryRefusal } from "../../src/github/paced-fetch.js";

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
