import nock from "nock";
import { pino } from "pino";
import { Probot, ProbotOctokit } from "probot";
import examples from "@octokit/webhooks-examples/api.github.com/index.json" with { type: "json" };
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { PlanSyncApp } from "../../src/app/create-app.js";
import { WritePacerRegistry } from "../../src/github/write-pacer.js";
import { parseMarker } from "../../src/render/marker.js";
import { parseTrackingMarker } from "../../src/render/tracking-issue.js";
import { appKeyPair } from "../support/probot-app.js";
import { testApp } from "./support/test-runtime.js";

/**
 * The push handler against GitHub's REST API as nock sees it, not the fake:
 * every request the App makes for a first push of a one-task plan must be one
 * of these, and all the essential ones must happen (nock fails on anything else).
 */
const API = "https://api.github.com";
const REPO = "/repos/Codertocat/Hello-World";
const BEFORE = "a".repeat(40);
const AFTER = "b".repeat(40);
const PLAN = [
  "# Search - Implementation Plan",
  "",
  "| Task ID | Description | Acceptance Criteria | Effort |",
  "|---|---|---|---|",
  "| DATA1 | Embeddings table | Table exists | 3 |",
  "",
].join("\n");
const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");

function pushPayload() {
  const example = (examples as Array<{ name: string; examples: Array<Record<string, unknown>> }>).find(
    (e) => e.name === "push",
  )!.examples[0]!;
  const repository = { ...(example.repository as object), default_branch: "master" };
  const commit = {
    id: AFTER,
    message: "Add the search plan",
    author: { name: "Ada", email: "ada@example.com", username: "ada" },
    committer: { name: "Ada", email: "ada@example.com", username: "ada" },
    added: ["docs/plan.md"],
    removed: [],
    modified: [],
  };
  return {
    ...example,
    ref: "refs/heads/master",
    before: BEFORE,
    after: AFTER,
    created: false,
    deleted: false,
    base_ref: null,
    commits: [commit],
    head_commit: commit,
    repository,
    installation: { id: 77 },
  };
}

let probot: Probot;
let app: PlanSyncApp;
/** Requests no interceptor answered (nock refuses them: the network is closed). */
let unmatched: string[];
const recordUnmatched = (req: Request) => unmatched.push(`${req.method} ${req.url}`);

beforeEach(async () => {
  nock.disableNetConnect();
  unmatched = [];
  nock.emitter.on("no match", recordUnmatched);
  app = testApp({ pacers: new WritePacerRegistry({ perMinute: 1_000_000, perHour: 1_000_000 }) });
  probot = new Probot({
    appId: 1,
    privateKey: appKeyPair().privateKey,
    log: pino({ level: "silent" }),
    Octokit: ProbotOctokit.defaults((o: Record<string, unknown>) => ({
      ...o,
      retry: { enabled: false },
      throttle: { ...(o.throttle as object), enabled: false },
    })),
  });
  await probot.load(app.app);
});

afterEach(async () => {
  await app.stop(0);
  nock.emitter.removeListener("no match", recordUnmatched);
  nock.cleanAll();
  nock.enableNetConnect();
});

describe("push handler over nock", () => {
  it("a first push of a one-task plan creates exactly one labelled issue with its marker, and the plan's tracking issue with it as sub-issue", async () => {
    const tracking: Array<{ title: string; body: string; labels: string[] }> = [];
    const created: Array<{ title: string; body: string; labels: string[] }> = [];
    const scope = nock(API)
      .post("/app/installations/77/access_tokens")
      .reply(201, { token: "ghs_test", expires_at: "2099-01-01T00:00:00Z", permissions: {} })
      .get("/app")
      .reply(200, { id: 1, slug: "plan-sync", name: "plan-sync" })
      .get(`${REPO}/contents/.github%2Fplan-sync.yml`)
      .reply(404, { message: "Not Found" })
      .get("/repos/Codertocat/.github/contents/.github%2Fplan-sync.yml")
      .reply(404, { message: "Not Found" })
      .get(`${REPO}/compare/${BEFORE}...${AFTER}`)
      .query(true)
      .reply(200, { files: [{ filename: "docs/plan.md", status: "added" }], commits: [] })
      .get(`${REPO}/contents/docs/plan.md`)
      .query({ ref: AFTER })
      .reply(200, { type: "file", path: "docs/plan.md", sha: "1".repeat(40), encoding: "base64", content: b64(PLAN) })
      .get(`${REPO}/issues`)
      .query((q) => q.creator === "plan-sync[bot]" && q.state === "all")
      .reply(200, [])
      .get(`${REPO}/labels`)
      .query(true)
      .reply(200, [])
      // Before creating, another identity's plan-sync issues are looked for (switching from a workflow token).
      .get(`${REPO}/issues`)
      .query((q) => q.labels === "plan-sync" && q.state === "all")
      .reply(200, [])
      .post(`${REPO}/labels`)
      .times(2)
      .reply(201, { name: "x", color: "ededed" })
      // The body is captured by nock's body matcher: a reply function never answers under nock 15.0.0 with Octokit's fetch.
      .post(`${REPO}/issues`, (body) => {
        created.push(body);
        return true;
      })
      .reply(201, {
        id: 1012,
        number: 12,
        title: "DATA1: Embeddings table",
        body: "",
        state: "open",
        state_reason: null,
        labels: [],
        user: { login: "plan-sync[bot]" },
        html_url: "https://github.com/Codertocat/Hello-World/issues/12",
      })
      // Then the plan's tracking issue, and the task issue linked to it by its id (not its number).
      .post(`${REPO}/issues`, (body) => {
        const isTracking = typeof body?.body === "string" && parseTrackingMarker(body.body) !== null;
        if (isTracking) tracking.push(body);
        return isTracking;
      })
      .reply(201, {
        id: 1013,
        number: 13,
        title: "plan.md (plan)",
        body: "",
        state: "open",
        state_reason: null,
        labels: [],
        user: { login: "plan-sync[bot]" },
        html_url: "https://github.com/Codertocat/Hello-World/issues/13",
      })
      .post(`${REPO}/issues/13/sub_issues`, { sub_issue_id: 1012 })
      .reply(201, { id: 1013, number: 13 })
      .post(`${REPO}/check-runs`)
      .reply(201, { id: 5 })
      // The issue link is written back into the plan in one commit.
      .get(`${REPO}/contents/docs/plan.md`)
      .query({ ref: "master" })
      .reply(200, { type: "file", path: "docs/plan.md", sha: "1".repeat(40), encoding: "base64", content: b64(PLAN) })
      .put(
        `${REPO}/contents/docs/plan.md`,
        (body) =>
          typeof body?.content === "string" &&
          Buffer.from(body.content, "base64")
            .toString("utf8")
            .includes("| DATA1 ([#12](https://github.com/Codertocat/Hello-World/issues/12)) |") &&
          body.sha === "1".repeat(40),
      )
      .reply(200, { content: { sha: "2".repeat(40) }, commit: { sha: "c".repeat(40) } });
    // A small sync may post its check run once, completed, or create it and complete it later.
    nock(API).patch(`${REPO}/check-runs/5`).optionally().reply(200, { id: 5 });

    await probot.receive({ id: "push-nock-1", name: "push", payload: pushPayload() as never });
    await app.idle();

    expect(unmatched).toEqual([]);
    expect(scope.pendingMocks()).toEqual([]);
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({
      title: "DATA1: Embeddings table",
      labels: expect.arrayContaining(["DATA", "plan-sync"]),
    });
    expect(parseMarker(created[0]!.body)).toMatchObject({ path: "docs/plan.md", task: "DATA1" });
    expect(tracking).toHaveLength(1);
    expect(parseTrackingMarker(tracking[0]!.body)).toBe("docs/plan.md");
  });

  it("a tag push asks GitHub nothing at all", async () => {
    const tag = { ...pushPayload(), ref: "refs/tags/v1.0.0" };
    await probot.receive({ id: "push-nock-2", name: "push", payload: tag as never });
    await app.idle();
    expect(unmatched).toEqual([]);
  });
});
