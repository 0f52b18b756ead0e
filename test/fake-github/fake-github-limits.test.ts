import { Octokit } from "@octokit/rest";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeGitHub } from "../support/fake-github/index.js";
import { startFakeWithOctokit } from "../support/fake-octokit.js";
import { quiet } from "../support/quiet-log.js";

const REPO = { owner: "acme", repo: "plans" };

let fake: FakeGitHub;
let octokit: Octokit;

beforeEach(async () => {
  ({ fake, octokit } = await startFakeWithOctokit({ token: "t" }));
});

afterEach(async () => {
  await fake.stop();
});

function caught(
  p: Promise<unknown>,
): Promise<{ status?: number; message?: string; response?: { headers: Record<string, string> } }> {
  return p.then(
    () => ({}),
    (e: unknown) => e as { status?: number },
  );
}

describe("unexpected requests", () => {
  it("answers 404 for a route the fake does not know, records it and makes assertNoUnexpected throw", async () => {
    const error = await caught(octokit.rest.repos.listWebhooks(REPO));
    expect(error.status).toBe(404);
    expect(error.message).toContain("fake: no route");
    expect(fake.unexpected).toMatchObject([{ method: "GET", path: "/repos/acme/plans/hooks" }]);
    expect(() => fake.assertNoUnexpected()).toThrow(/GET \/repos\/acme\/plans\/hooks/);
  });

  it("does not count GitHub's own 404s (a missing repository) as unexpected", async () => {
    const error = await caught(
      octokit.rest.repos.getContent({ owner: "acme", repo: ".github", path: ".github/plan-sync.yml" }),
    );
    expect(error.status).toBe(404);
    expect(() => fake.assertNoUnexpected()).not.toThrow();
  });

  it("records writes with their bodies and the caller", async () => {
    await octokit.rest.issues.listForRepo(REPO);
    await octokit.rest.issues.create({ ...REPO, title: "x" });
    expect(fake.requests).toHaveLength(2);
    expect(fake.writes()).toMatchObject([
      { method: "POST", path: "/repos/acme/plans/issues", body: { title: "x" }, status: 201, caller: "alice" },
    ]);
    fake.resetCounters();
    expect(fake.requests).toHaveLength(0);
  });

  it("rejects an unknown token with 401", async () => {
    const stranger = new Octokit({ auth: "nope", baseUrl: fake.url, log: quiet });
    expect((await caught(stranger.rest.issues.listForRepo(REPO))).status).toBe(401);
  });
});

describe("failNext", () => {
  it("fails the next matching request only, as often as asked", async () => {
    fake.failNext({ method: "POST", path: /\/issues$/, status: 502, times: 2 });
    expect((await caught(octokit.rest.issues.create({ ...REPO, title: "a" }))).status).toBe(502);
    // Reads are not matched by a POST rule.
    await octokit.rest.issues.listForRepo(REPO);
    expect((await caught(octokit.rest.issues.create({ ...REPO, title: "b" }))).status).toBe(502);
    const third = await octokit.rest.issues.create({ ...REPO, title: "c" });
    expect(third.status).toBe(201);
    expect(fake.issues("acme/plans").map((i) => i.title)).toEqual(["c"]);
  });

  it("can answer with GitHub's secondary rate limit", async () => {
    fake.failNextWithSecondaryLimit({ path: "/repos/acme/plans/issues", retryAfter: 3 });
    const error = await caught(octokit.rest.issues.create({ ...REPO, title: "a" }));
    expect(error.status).toBe(403);
    expect(error.message).toMatch(/secondary rate limit/);
    expect(error.response?.headers["retry-after"]).toBe("3");
  });
});

describe("content creation ceiling", () => {
  it("403s content-creating requests beyond the per-minute ceiling until the scaled window passes", async () => {
    fake.enforceContentCreationLimit({ perMinute: 5, perHour: 100, timeScale: 60 });
    for (let i = 0; i < 5; i++) await octokit.rest.issues.create({ ...REPO, title: `t${i}` });
    const over = await caught(octokit.rest.issues.create({ ...REPO, title: "over" }));
    expect(over.status).toBe(403);
    expect(over.message).toMatch(/secondary rate limit/);
    expect(Number(over.response?.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    expect(fake.secondaryLimitHits).toBe(1);
    // Reads are not content creation.
    await octokit.rest.issues.listForRepo(REPO);

    await new Promise((r) => setTimeout(r, 1100));
    expect((await octokit.rest.issues.create({ ...REPO, title: "later" })).status).toBe(201);
    expect(fake.issues("acme/plans")).toHaveLength(6);
  });

  it("enforces the hourly ceiling too", async () => {
    fake.enforceContentCreationLimit({ perMinute: 100, perHour: 3, timeScale: 3600 });
    for (let i = 0; i < 3; i++) await octokit.rest.issues.create({ ...REPO, title: `t${i}` });
    expect((await caught(octokit.rest.issues.create({ ...REPO, title: "over" }))).status).toBe(403);
  });

  it("reports the primary budget in x-ratelimit headers, 304s free", async () => {
    const first = await octokit.rest.issues.listForRepo(REPO);
    const second = await octokit.rest.issues.listForRepo(REPO);
    expect(Number(first.headers["x-ratelimit-limit"])).toBe(5000);
    expect(Number(second.headers["x-ratelimit-remaining"])).toBe(Number(first.headers["x-ratelimit-remaining"]) - 1);
    // A 304 costs nothing, which is why clients send If-None-Match.
    await octokit.rest.issues
      .listForRepo({ ...REPO, headers: { "if-none-match": second.headers.etag! } })
      .catch(() => undefined);
    const third = await octokit.rest.issues.listForRepo(REPO);
    expect(Number(third.headers["x-ratelimit-remaining"])).toBe(Number(second.headers["x-ratelimit-remaining"]) - 1);
    const limits = await octokit.rest.rateLimit.get();
    expect(limits.data.resources.core.limit).toBe(5000);
  });
});
