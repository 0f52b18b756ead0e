import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RepoRef } from "../support/fake-github/index.js";
import { startRealServer, type RealServer } from "./support/app-against-fake.js";
import { SEARCH_PLAN_PATH as E2E_PLAN_PATH, SMALL_SEARCH_PLAN as E2E_PLAN } from "../support/search-plan.js";
import { quietPeriod, waitUntil } from "./support/wait-until.js";
import { isTaskIssue, isTrackingIssue } from "../support/tracking-issues.js";

/**
 * What a user sees on GitHub when the real server (`npm start`) handles the
 * three features: a pushed plan becomes issues, a closed issue becomes a tick
 * committed to the plan, a pull request gets its status comment. Every write
 * goes through the production pacing (80 a minute), so plans here are small.
 */

const STATUS_MARKER = "<!-- plan-sync:pr-status v1 -->";

let server: RealServer;
let repos = 0;

beforeAll(async () => {
  // A short write-back window: the burst logic has its own tests; here it only delays.
  server = await startRealServer({ env: { PLAN_SYNC_WRITE_BACK_WINDOW_MS: "200" } });
});

afterAll(async () => {
  await server?.stop();
});

/** A fresh repository per test on the one installation, so tests do not see each other's issues. */
function newRepo(files: Record<string, string> = { "README.md": "# plans\n" }): RepoRef {
  return server.github.createRepo(`acme/plans-${++repos}`, { installationId: 7, files });
}

/** Task issues (the plan's tracking issue, on by default, apart). */
const appIssues = (repo: RepoRef) =>
  server.github.issues(repo).filter((i) => i.user.login === server.github.botLogin && isTaskIssue(i));
/** The plan's tracking issue: the write-back job's last step updates it. */
const trackingIssue = (repo: RepoRef) =>
  server.github.issues(repo).find((i) => i.user.login === server.github.botLogin && !isTaskIssue(i));
const issueOf = (repo: RepoRef, taskId: string) => appIssues(repo).find((i) => i.title.startsWith(`${taskId}:`));
const until = <T>(what: string, probe: () => T | undefined | false, timeoutMs?: number) =>
  waitUntil(what, probe, { timeoutMs, output: () => server.app.output });

/** A person pushes `files` to main; GitHub delivers the push; resolves once the sync's check run is completed. */
async function pushAndSync(
  repo: RepoRef,
  files: Record<string, string | null>,
  message = "Update the plan",
): Promise<string> {
  const { github } = server;
  const sha = github.commit(repo, "main", files, message, "ada");
  const answer = await server.send("push", github.pushPayload(repo));
  expect(answer.status).toBe(200);
  await until(
    `the check run on ${sha.slice(0, 7)} completes`,
    () => github.checkRuns(repo).find((r) => r.headSha === sha && r.status === "completed"),
    30_000,
  );
  return sha;
}

describe("push a plan → issues (real server)", () => {
  it("one labelled issue per task, the done one closed, links committed to the plan, a passing check run; the link commit's push writes nothing", async () => {
    const { github } = server;
    const repo = newRepo();
    const sha = await pushAndSync(repo, { [E2E_PLAN_PATH]: E2E_PLAN }, "Add the search plan");

    expect(appIssues(repo).map((i) => [i.title, i.state, i.stateReason])).toEqual([
      ["DATA1: Embeddings table", "closed", "completed"],
      ["DATA2: Nightly embedding ETL", "open", null],
      ["GAIN1: Search API", "open", null],
    ]);
    expect(github.issues(repo).filter(isTaskIssue)).toHaveLength(3);
    expect(github.issues(repo).filter(isTrackingIssue)).toHaveLength(1);
    expect(issueOf(repo, "DATA2")?.labels).toEqual(expect.arrayContaining(["plan-sync", "DATA"]));
    expect(issueOf(repo, "GAIN1")?.labels).toEqual(expect.arrayContaining(["plan-sync", "GAIN"]));

    const n = (id: string) => issueOf(repo, id)?.number;
    const text = github.file(repo, E2E_PLAN_PATH) ?? "";
    expect(text).toContain(
      `| DATA2 ([#${n("DATA2")}](https://github.com/${repo.owner}/${repo.repo}/issues/${n("DATA2")})) |`,
    );
    expect(text).toContain(`| [x] DATA1 ([#${n("DATA1")}](`);
    // Only the links were added: every other byte is the user's.
    expect(text.replace(/ \(\[#\d+\]\([^)]+\)\)/g, "")).toBe(E2E_PLAN);
    expect(github.log(repo).filter((c) => c.authorLogin === github.botLogin)).toHaveLength(1);

    expect(github.checkRuns(repo)).toEqual([
      expect.objectContaining({ name: "plan-sync", headSha: sha, status: "completed", conclusion: "success" }),
    ]);
    github.assertNoUnexpected();

    // The link commit is the app's own push: delivered, it leads to no write at all (no loop).
    const linkCommit = github.branchHead(repo);
    expect(github.log(repo)[0]?.authorLogin).toBe(github.botLogin);
    github.resetCounters();
    expect((await server.send("push", github.pushPayload(repo))).status).toBe(200);
    await quietPeriod(1500);
    expect(github.writes()).toEqual([]);
    expect(github.branchHead(repo)).toBe(linkCommit);
    expect(github.checkRuns(repo).filter((r) => r.headSha === linkCommit)).toEqual([]);
  });
});

describe("close an issue → a tick committed to the plan (real server)", () => {
  it("someone closes a task's issue: the app commits [x] for it; reopening commits the untick", async () => {
    const { github } = server;
    const repo = newRepo();
    await pushAndSync(repo, { [E2E_PLAN_PATH]: E2E_PLAN });
    const data2 = issueOf(repo, "DATA2")!.number;
    const before = github.file(repo, E2E_PLAN_PATH)!;
    expect(before).toMatch(/^\| DATA2 \(/m);

    github.updateIssue(repo, data2, { state: "closed", stateReason: "completed" }, "grace");
    const closed = await server.send("issues", github.issuesPayload(repo, data2, "closed"));
    expect(closed.status).toBe(200);
    const ticked = await until("DATA2 is ticked in the plan", () => {
      const text = github.file(repo, E2E_PLAN_PATH);
      return text !== before && text;
    });
    // One checkbox added, nothing else touched.
    expect(ticked).toBe(before.replace(/^\| DATA2 \(/m, "| [x] DATA2 ("));
    const tick = github.log(repo)[0]!;
    expect(tick.authorLogin).toBe(github.botLogin);
    await until("the tracking issue shows the tick", () => trackingIssue(repo)?.body?.includes("2 of 3 tasks done"));

    github.updateIssue(repo, data2, { state: "open" }, "grace");
    const reopened = await server.send("issues", github.issuesPayload(repo, data2, "reopened"));
    expect(reopened.status).toBe(200);
    const unticked = await until("DATA2 is unticked again", () => {
      const text = github.file(repo, E2E_PLAN_PATH);
      return text !== ticked && text;
    });
    // Unticked to an empty box: the row keeps the checkbox it was given.
    expect(unticked).toBe(before.replace(/^\| DATA2 \(/m, "| [ ] DATA2 ("));
    // The write-back job ends with the tracking issue following the plan (1 of 3 again): only then is it done, and
    // only then would a write seen below belong to the echo push.
    await until("the tracking issue shows the untick", () => trackingIssue(repo)?.body?.includes("1 of 3 tasks done"));

    // The tick's own push is an echo: delivered, it changes nothing.
    github.resetCounters();
    expect((await server.send("push", github.pushPayload(repo))).status).toBe(200);
    await quietPeriod(1000);
    expect(github.writes()).toEqual([]);
    github.assertNoUnexpected();
  });
});

describe("a pull request that changes a plan → its status comment (real server)", () => {
  it("opened: one comment previewing what merging will do and a check run on the head; synchronize edits that comment in place", async () => {
    const { github } = server;
    const repo = newRepo();
    await pushAndSync(repo, { [E2E_PLAN_PATH]: E2E_PLAN });
    const main = github.file(repo, E2E_PLAN_PATH)!;
    github.resetCounters();

    github.createBranch(repo, "plan/gain2");
    const head = github.commit(
      repo,
      "plan/gain2",
      { [E2E_PLAN_PATH]: main.replace(/(\| GAIN1 .*\n)/, "$1| GAIN2 | Search results page | Shows hits | 3 |\n") },
      "Add GAIN2",
      "ada",
    );
    const pr = github.openPullRequest(repo, { head: "plan/gain2", title: "Plan: add GAIN2", user: "ada" }).number;
    expect((await server.send("pull_request", github.pullRequestPayload(repo, pr, "opened"))).status).toBe(200);

    const statusComments = () =>
      github.comments(repo, pr).filter((c) => c.user.login === github.botLogin && c.body.startsWith(STATUS_MARKER));
    await until("the head's check run completes", () =>
      github.checkRuns(repo).find((r) => r.headSha === head && r.status === "completed"),
    );
    const [comment] = await until(
      "the status comment is posted",
      () => statusComments().length > 0 && statusComments(),
    );
    expect(comment!.body).toContain("**Create** 1 issue:\n  - `GAIN2` GAIN2: Search results page");
    expect(github.checkRuns(repo).find((r) => r.headSha === head)).toMatchObject({
      name: "plan-sync",
      conclusion: "success",
    });
    // A preview: the issues are left alone until the merge.
    expect(github.writes().filter((w) => !/\/comments|\/check-runs/.test(w.path))).toEqual([]);
    expect(appIssues(repo)).toHaveLength(3);

    const next = github.commit(
      repo,
      "plan/gain2",
      { [E2E_PLAN_PATH]: github.file(repo, E2E_PLAN_PATH, "plan/gain2")!.replace(/^\| GAIN1 /m, "| [x] GAIN1 ") },
      "GAIN1 done",
      "ada",
    );
    expect((await server.send("pull_request", github.pullRequestPayload(repo, pr, "synchronize"))).status).toBe(200);
    await until("the new head's check run completes", () =>
      github.checkRuns(repo).find((r) => r.headSha === next && r.status === "completed"),
    );
    const edited = await until(
      "the comment shows the close",
      () => statusComments()[0]?.body.includes("**Close** 1 issue") && statusComments(),
    );
    expect(edited.map((c) => c.id)).toEqual([comment!.id]);
    github.assertNoUnexpected();
  });
});
