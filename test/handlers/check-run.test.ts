import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../src/config/config-schema.js";
import { parsePlan } from "../../src/plan/parse-plan.js";
import { renderIssue } from "../../src/render/issue-render.js";
import { parsePrComment } from "../../src/render/pr-comment.js";
import type { FakeGitHub, RepoRef } from "../support/fake-github/index.js";
import { SEARCH_PLAN as PLAN, SEARCH_PLAN_PATH as PLAN_PATH } from "../support/search-plan.js";
import { startApp, type TestApp } from "../support/start-app.js";

/**
 * fixtures/webhooks/check_run.rerequested.json is GitHub's example
 * (@octokit/webhooks-examples, the `rerequested` variant with an
 * installation), moved onto the repository and PR of the pull_request
 * fixtures (Codertocat/Hello-World, PR #2 from `changes`, installation 1),
 * named `plan-sync` and created by the fake's App (id 424242). Each test
 * points it at the commit it needs.
 */
type Payload = {
  check_run: {
    name: string;
    head_sha: string;
    app: { id: number };
    pull_requests: Array<{ number: number; head: { sha: string }; base: { sha: string } }>;
    output: { title: string | null; summary: string | null };
  };
};
const fixture = (): Payload =>
  JSON.parse(
    readFileSync(join(import.meta.dirname, "../../fixtures/webhooks/check_run.rerequested.json"), "utf8"),
  ) as Payload;

let fake: FakeGitHub;
let repo: RepoRef;
let h: TestApp;

beforeEach(async () => {
  // GitHub's example payloads are of Codertocat/Hello-World, installation 1.
  h = await startApp({
    repo: { fullName: "Codertocat/Hello-World", defaultBranch: "master", installationId: 1 },
    files: { [PLAN_PATH]: PLAN },
  });
  ({ github: fake, repo } = h);
  // Issue #1: the app's issue for GAIN2, as a push sync left it; the PR (#2) ticks GAIN2.
  const plan = parsePlan(PLAN, PLAN_PATH);
  const gain2 = plan.tasks.find((t) => t.id === "GAIN2")!;
  const rendered = renderIssue(
    gain2,
    plan,
    { owner: repo.owner, repo: repo.repo, sha: fake.branchHead(repo) },
    DEFAULT_CONFIG,
  );
  expect(
    fake.createIssue(repo, { title: rendered.title, body: rendered.body, labels: rendered.labels, user: fake.botLogin })
      .number,
  ).toBe(1);
  fake.createBranch(repo, "changes");
  fake.commit(
    repo,
    "changes",
    { [PLAN_PATH]: PLAN.replace("| GAIN2 | Search results page |", "| [x] GAIN2 | Search results page |") },
    "Tick GAIN2",
    "Codertocat",
  );
  expect(
    fake.openPullRequest(repo, { head: "changes", base: "master", title: "Tick GAIN2", user: "Codertocat" }).number,
  ).toBe(2);
  fake.resetCounters();
});

afterEach(async () => {
  fake.assertNoUnexpected();
  await h.stop();
});

/** The fixture on the PR's current head. */
function onPullRequest(): Payload {
  const payload = fixture();
  const head = fake.branchHead(repo, "changes");
  payload.check_run.head_sha = head;
  for (const pr of payload.check_run.pull_requests) {
    pr.head.sha = head;
    pr.base.sha = fake.branchHead(repo, "master");
  }
  return payload;
}

async function receive(payload: Payload, id?: string): Promise<void> {
  await h.receive("check_run", payload, id);
  await h.settle();
}

const statusComments = () => fake.comments(repo, 2).filter((c) => c.user.login === fake.botLogin);

describe("check_run.rerequested on a pull request's plan-sync check", () => {
  it("refreshes the status comment and posts a new completed check run on the head", async () => {
    await receive(onPullRequest());
    expect(parsePrComment(statusComments()[0]?.body ?? "")?.plans).toEqual([
      expect.objectContaining({ path: PLAN_PATH, close: 1 }),
    ]);
    expect(fake.checkRuns(repo).map((r) => [r.name, r.status, r.conclusion, r.headSha])).toEqual([
      ["plan-sync", "completed", "success", fake.branchHead(repo, "changes")],
    ]);
  });

  it("a second press updates the same comment in place and posts another check run", async () => {
    await receive(onPullRequest());
    await receive(onPullRequest());
    expect(statusComments()).toHaveLength(1);
    expect(fake.checkRuns(repo)).toHaveLength(2);
  });

  it("a redelivery of the same press does nothing more", async () => {
    await receive(onPullRequest(), "same-delivery");
    const writes = fake.writes().length;
    await receive(onPullRequest(), "same-delivery");
    expect(fake.writes()).toHaveLength(writes);
    expect(fake.checkRuns(repo)).toHaveLength(1);
  });

  it("from a fork (GitHub sends no pull_requests): the open PR whose head is the commit is found and refreshed", async () => {
    const payload = onPullRequest();
    payload.check_run.pull_requests = [];
    await receive(payload);
    expect(statusComments()).toHaveLength(1);
    expect(fake.checkRuns(repo).map((r) => r.headSha)).toEqual([fake.branchHead(repo, "changes")]);
  });

  it("a commit neither on the default branch nor any open PR's head: nothing written", async () => {
    fake.createBranch(repo, "stale");
    const sha = fake.commit(repo, "stale", { "notes.md": "x\n" }, "Unrelated", "Codertocat");
    const payload = onPullRequest();
    payload.check_run.pull_requests = [];
    payload.check_run.head_sha = sha;
    await receive(payload);
    expect(fake.writes()).toEqual([]);
  });
});

describe("check runs that are not plan-sync's to re-run", () => {
  it("another app's check run costs not a single request", async () => {
    const payload = onPullRequest();
    payload.check_run.app.id = 2;
    await receive(payload);
    expect(fake.requests).toEqual([]);
  });

  it("a check run of ours with another name costs not a single request", async () => {
    const payload = onPullRequest();
    payload.check_run.name = "randscape";
    await receive(payload);
    expect(fake.requests).toEqual([]);
  });
});
