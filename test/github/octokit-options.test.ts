import nock from "nock";
import { Probot, ProbotOctokit } from "probot";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createOctokitGateway } from "../../src/github/octokit-gateway.js";
import { capturingLogger } from "../support/capture-log.js";
import {
  createProbotOctokit,
  createRestOctokit,
  limiterIdFor,
  throttleHandlers,
  tokenIdentity,
  withPlanSyncPolicy,
} from "../../src/github/octokit-options.js";

const API = "https://api.github.com";
const warnings: string[] = [];
const log = { debug: () => {}, info: () => {}, warn: (m: string) => void warnings.push(m), error: () => {} };
// One millisecond per second of retry-after keeps the tests fast but the order real.
const fast = { retryAfterBaseValue: 1 };
const secondaryLimit = {
  message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
  documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits",
};
const createdIssue = {
  number: 1,
  title: "t",
  body: "b",
  state: "open",
  labels: [],
  user: { login: "bot" },
  html_url: "u",
};

beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.enableNetConnect());
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  warnings.length = 0;
  expect(pending).toEqual([]);
});

describe("createRestOctokit", () => {
  it("retries a secondary rate limit after retry-after and succeeds", async () => {
    nock(API)
      .post("/repos/acme/app/issues")
      .reply(403, secondaryLimit, { "retry-after": "2" })
      .post("/repos/acme/app/issues")
      .reply(201, createdIssue);
    const octokit = createRestOctokit({ token: "t0ken", baseUrl: API, log, policy: fast });

    const issue = await createOctokitGateway(octokit, { owner: "acme", repo: "app" }).createIssue({
      title: "t",
      body: "b",
      labels: [],
    });

    expect(issue.number).toBe(1);
    expect(warnings.join("\n")).toMatch(/Secondary rate limit for POST .*retrying in 2 s/);
  });

  it("gives up after the configured number of secondary-limit retries", async () => {
    nock(API).get("/repos/acme/app/issues/1").times(3).reply(403, secondaryLimit, { "retry-after": "1" });
    const octokit = createRestOctokit({
      token: "t0ken",
      baseUrl: API,
      log,
      policy: { ...fast, secondaryRateLimitRetries: 2 },
    });

    await expect(
      octokit.request("GET /repos/{owner}/{repo}/issues/{issue_number}", {
        owner: "acme",
        repo: "app",
        issue_number: 1,
      }),
    ).rejects.toMatchObject({ status: 403 });
    expect(warnings.filter((w) => w.includes("giving up"))).toHaveLength(1);
  });

  it("does not space issue creations 3 s apart (WritePacer does the pacing)", async () => {
    nock(API).post("/repos/acme/app/issues").times(4).reply(201, createdIssue);
    const gateway = createOctokitGateway(createRestOctokit({ token: "t0ken", baseUrl: API, log }), {
      owner: "acme",
      repo: "app",
    });
    const started = Date.now();

    for (let i = 0; i < 4; i++) await gateway.createIssue({ title: "t", body: "b", labels: [] });

    // plugin-throttling's notifications group alone would take 9 s here.
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it("retries a 502 but not a 409", async () => {
    nock(API)
      .get("/repos/acme/app/issues/1")
      .reply(502, "bad gateway")
      .get("/repos/acme/app/issues/1")
      .reply(200, createdIssue);
    nock(API).put("/repos/acme/app/contents/p.md").once().reply(409, { message: "p.md does not match abc" });
    const octokit = createRestOctokit({ token: "t0ken", baseUrl: API, log, policy: fast });
    const gateway = createOctokitGateway(octokit, { owner: "acme", repo: "app" });

    expect((await gateway.getIssue(1))?.number).toBe(1);
    await expect(
      gateway.putFile({ path: "p.md", branch: "main", text: "x", sha: "abc", message: "m" }),
    ).rejects.toMatchObject({ name: "StaleFileError" });
  });

  it("does not retry issue creation on a 5xx, so a slow success cannot become a duplicate", async () => {
    nock(API).post("/repos/acme/app/issues").once().reply(502, "bad gateway");
    const octokit = createRestOctokit({ token: "t0ken", baseUrl: API, log, policy: fast });

    const create = createOctokitGateway(octokit, { owner: "acme", repo: "app" }).createIssue({
      title: "t",
      body: "b",
      labels: [],
    });

    await expect(create).rejects.toMatchObject({ status: 502 });
  });
});

describe("maxRateLimitWaitSeconds", () => {
  const primaryLimit = (resetInSeconds: number) => ({
    "x-ratelimit-remaining": "0",
    "x-ratelimit-reset": String(Math.floor(Date.now() / 1000) + resetInSeconds),
  });
  const getIssue = (octokit: ReturnType<typeof createRestOctokit>) =>
    octokit.request("GET /repos/{owner}/{repo}/issues/{issue_number}", { owner: "acme", repo: "app", issue_number: 1 });

  it("gives up at once on a primary rate limit that resets later than the bound, instead of hanging", async () => {
    // One request only: nock fails the test (pending/unmatched) if the client waits and retries.
    nock(API)
      .get("/repos/acme/app/issues/1")
      .once()
      .reply(403, { message: "API rate limit exceeded" }, primaryLimit(3600));
    const octokit = createRestOctokit({
      token: "t0ken",
      baseUrl: API,
      log,
      policy: { ...fast, maxRateLimitWaitSeconds: 600 },
    });

    await expect(getIssue(octokit)).rejects.toMatchObject({ status: 403 });
    expect(warnings).toEqual([expect.stringMatching(/^Rate limit exhausted for GET .*; giving up \(attempt 1\)$/)]);
  });

  it("waits for a reset within the bound and retries", async () => {
    nock(API)
      .get("/repos/acme/app/issues/1")
      .reply(403, { message: "API rate limit exceeded" }, primaryLimit(300))
      .get("/repos/acme/app/issues/1")
      .reply(200, createdIssue);
    const octokit = createRestOctokit({
      token: "t0ken",
      baseUrl: API,
      log,
      policy: { ...fast, maxRateLimitWaitSeconds: 600 },
    });

    expect((await getIssue(octokit)).data.number).toBe(1);
    expect(warnings).toEqual([expect.stringMatching(/^Rate limit exhausted for GET .*; retrying in 30\d s/)]);
  });

  it("waits up to 15 minutes by default", () => {
    const { onRateLimit } = throttleHandlers();
    const options = { method: "GET", url: "/x" };
    const quiet = { log: { warn: () => {} } };
    expect(onRateLimit(15 * 60, options, quiet, 0)).toBe(true);
    expect(onRateLimit(15 * 60 + 1, options, quiet, 0)).toBe(false);
  });
});

describe("createProbotOctokit", () => {
  async function probotAuthOctokit(Octokit?: typeof ProbotOctokit) {
    // Through Probot itself: its own defaults (a secondary-limit handler that does not retry) come in between.
    const probot = new Probot({
      githubToken: "t0ken",
      baseUrl: API,
      logLevel: "fatal",
      ...(Octokit ? { Octokit } : {}),
    });
    return probot.auth();
  }
  function labelsAfterSecondaryLimit() {
    nock(API)
      .get("/repos/acme/app/labels")
      .query(true)
      .reply(403, secondaryLimit, { "retry-after": "1" })
      .get("/repos/acme/app/labels")
      .query(true)
      .reply(200, [{ name: "plan-sync", color: "ededed" }]);
  }

  it("retries secondary rate limits, which Probot alone does not", async () => {
    labelsAfterSecondaryLimit();
    const octokit = await probotAuthOctokit(createProbotOctokit(fast));

    const labels = await createOctokitGateway(octokit, { owner: "acme", repo: "app" }).listLabels();

    expect(labels).toEqual([{ name: "plan-sync", color: "ededed" }]);
  });

  it("decides with the App's policy: the secondary limit is logged by its handler, through the App's log", async () => {
    labelsAfterSecondaryLimit();
    const { log, lines } = capturingLogger("warn");
    const probot = new Probot({ githubToken: "t0ken", baseUrl: API, log, Octokit: createProbotOctokit(fast) });
    await createOctokitGateway(await probot.auth(), { owner: "acme", repo: "app" }).listLabels();
    expect(lines.map((l) => l.msg)).toEqual([
      "Secondary rate limit for GET /repos/acme/app/labels?per_page=100; retrying in 1 s (attempt 1)",
    ]);
  });

  it("(control) Probot's default octokit fails on the same secondary limit", async () => {
    labelsAfterSecondaryLimit();
    const octokit = await probotAuthOctokit();

    await expect(createOctokitGateway(octokit, { owner: "acme", repo: "app" }).listLabels()).rejects.toMatchObject({
      status: 403,
    });
    nock.cleanAll();
  });

  it("keeps throttling off when a test turns it off", () => {
    const options = withPlanSyncPolicy({ throttle: { enabled: false } });
    expect(options.throttle).toMatchObject({ enabled: false });
  });
});

describe("limiter ids", () => {
  // The options octokit-auth-probot passes when it builds an event's installation Octokit.
  const eventOctokitOptions = (installationId: number) => ({
    auth: { appId: 1, privateKey: "pem", installationId },
    throttle: { enabled: true, id: undefined },
  });

  it("gives two installations distinct limiter ids", () => {
    const a = withPlanSyncPolicy(eventOctokitOptions(11)).throttle?.id;
    const b = withPlanSyncPolicy(eventOctokitOptions(12)).throttle?.id;
    expect(a).toBe("installation:11");
    expect(b).toBe("installation:12");
  });

  it("agrees with app.auth(id), which also sets throttle.id", () => {
    expect(limiterIdFor({ auth: { appId: 1, privateKey: "pem", installationId: 11 }, throttle: { id: "11" } })).toBe(
      "installation:11",
    );
  });

  it("never puts a token in the id", () => {
    const id = limiterIdFor({ auth: "ghp_secret" });
    expect(id).toBe(tokenIdentity("ghp_secret"));
    expect(id).not.toContain("ghp_secret");
    expect(limiterIdFor({ auth: "ghp_other" })).not.toBe(id);
  });
});
