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
 * Payloads are GitHub's own examples (@octokit/webhooks-examples, the variants
 * with an installation), kept in fixtures/webhooks/: PR #2 of
 * Codertocat/Hello-World from branch `changes`, installation 1. `edited` and
 * the PR-comment variants are derived from them (action / changes, issue #2
 * with `pull_request`, body `/plan-sync status`, a Bot author).
 */
const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(import.meta.dirname, "../../fixtures/webhooks", `${name}.json`), "utf8")) as Record<
    string,
    unknown
  >;

let fake: FakeGitHub;
let repo: RepoRef;
let h: TestApp;
let slots: string[];

beforeEach(async () => {
  // GitHub's example payloads are of Codertocat/Hello-World, installation 1.
  h = await startApp({
    repo: { fullName: "Codertocat/Hello-World", defaultBranch: "master", installationId: 1 },
    files: { [PLAN_PATH]: PLAN },
  });
  ({ github: fake, repo, slots } = h);
  // Issue #1: the app's issue for GAIN2, as a push sync left it; the examples' PR is #2.
  const plan = parsePlan(PLAN, PLAN_PATH);
  const gain2 = plan.tasks.find((t) => t.id === "GAIN2");
  if (!gain2) throw new Error("plan has no GAIN2");
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
    fake.openPullRequest(repo, {
      head: "changes",
      base: "master",
      title: "Update the README with new information.",
      user: "Codertocat",
    }).number,
  ).toBe(2);
  fake.resetCounters();
});

afterEach(async () => {
  fake.assertNoUnexpected();
  await h.stop();
});

async function receive(name: "pull_request" | "issue_comment", file: string): Promise<void> {
  await h.receive(name, fixture(file));
  await h.settle();
}

const statusComments = () => fake.comments(repo, 2).filter((c) => c.user.login === fake.botLogin);

describe("pull_request handler, with GitHub's example payloads", () => {
  it.each(["opened", "synchronize", "reopened"])("%s → the status comment and a check run", async (action) => {
    await receive("pull_request", `pull_request.${action}`);
    const [comment] = statusComments();
    expect(parsePrComment(comment?.body ?? "")?.plans).toEqual([
      expect.objectContaining({ path: PLAN_PATH, change: "modified", close: 1 }),
    ]);
    expect(comment?.body).toContain("**Close** 1 issue:\n  - #1 `GAIN2` GAIN2: Search results page (completed)");
    expect(fake.checkRuns(repo).map((r) => [r.name, r.conclusion, r.headSha])).toEqual([
      ["plan-sync", "success", fake.branchHead(repo, "changes")],
    ]);
  });

  it("the comment and the check run each take a slot of the installation's write pacer, the one push sync paces with", async () => {
    await receive("pull_request", "pull_request.opened");
    expect(fake.writes().map((w) => `${w.method} ${w.path}`)).toEqual([
      "POST /repos/Codertocat/Hello-World/issues/2/comments",
      "POST /repos/Codertocat/Hello-World/check-runs",
    ]);
    expect(slots).toEqual(["installation:1", "installation:1"]);
  });

  it("edited (title) → the comment, but no second check run for the same commit", async () => {
    await receive("pull_request", "pull_request.opened");
    await receive("pull_request", "pull_request.edited");
    expect(statusComments()).toHaveLength(1);
    expect(fake.checkRuns(repo)).toHaveLength(1);
  });

  it("a redelivered opened is not run twice", async () => {
    await receive("pull_request", "pull_request.opened");
    await receive("pull_request", "pull_request.opened");
    expect(fake.checkRuns(repo)).toHaveLength(1);
    expect(fake.writes()).toHaveLength(2);
  });

  it("closed → ignored without a single request", async () => {
    await receive("pull_request", "pull_request.closed");
    expect(fake.requests).toEqual([]);
  });
});

describe("issue_comment handler", () => {
  it("/plan-sync status on a pull request → the status comment", async () => {
    await receive("issue_comment", "issue_comment.created.pull_request");
    expect(statusComments()).toHaveLength(1);
    // A refresh only: the head's check run comes with pull_request events.
    expect(fake.checkRuns(repo)).toEqual([]);
  });

  it("comments on plain issues and comments by bots → ignored without a single request", async () => {
    await receive("issue_comment", "issue_comment.created.issue");
    await receive("issue_comment", "issue_comment.created.bot");
    expect(fake.requests).toEqual([]);
  });
});
