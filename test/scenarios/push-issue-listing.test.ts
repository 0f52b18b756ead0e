import { afterEach, describe, expect, it } from "vitest";
import { startApp, type TestApp } from "../support/start-app.js";
import { generatePlan } from "../support/generate-plan.js";
import { isTaskIssue, isTrackingIssue } from "../support/tracking-issues.js";

/**
 * A push that changes a plan lists its issues (drift heals: one may have been
 * closed without its webhook ever arriving). The App remembers each
 * repository's issues as last listed and asks GitHub only for those updated
 * since (`since`), so a prose edit of a 300-task plan costs three requests,
 * not five: the compare, the plan as pushed, and one page of changed issues.
 */

const PLAN_PATH = "docs/plans/big.md";
const TASKS = 300;

let h: TestApp;
afterEach(async () => {
  h.github.assertNoUnexpected();
  await h.stop();
});

const requests = () =>
  h.github.requests
    .filter((r) => !r.path.startsWith("/app"))
    .map((r) => `${r.method} ${r.path.replace("/repos/acme/plans", "")}`);
/** Task issues; the plan's tracking issue (on by default) is counted apart. */
const taskIssues = () => h.github.issues(h.repo).filter(isTaskIssue);
const issueLists = () => h.github.requests.filter((r) => r.method === "GET" && r.path === "/repos/acme/plans/issues");
const prose = (note: string) =>
  h.planText(PLAN_PATH)!.replace("## Executive Summary", `## Executive Summary\n\n${note}`);
const row = (taskId: string) =>
  h
    .planText(PLAN_PATH)!
    .split("\n")
    .find((l) => l.includes(` ${taskId} `)) ?? "";

/**
 * A 300-task plan synced (300 issues, links committed), then GitHub's clock moves on: people's next pushes come
 * later. The harness paces writes fast; GitHub's clock moves 750 ms per write, as the App's 80 writes a minute
 * space them in production, so the issues' `updated_at` spread as they would.
 */
async function synced300(): Promise<void> {
  h = await startApp();
  h.github.onRequest((r) => {
    if (r.method !== "GET" && !r.path.startsWith("/app")) h.github.advanceClock(750);
  });
  await h.push({ [PLAN_PATH]: generatePlan(TASKS, { checklist: false }) }, "Add the plan");
  await h.deliverPush(); // the link commit: the App's own, syncs nothing
  await h.settle();
  expect(taskIssues()).toHaveLength(TASKS);
  h.github.advanceClock(5 * 60_000);
}

describe("push sync lists only the issues updated since its last listing", { timeout: 180_000 }, () => {
  it("a prose-only push on a 300-task plan: 3 requests (compare, plan, one page of issues updated since), no write", async () => {
    await synced300();
    h.github.resetCounters();
    await h.push({ [PLAN_PATH]: prose("Context for readers.") }, "Explain");

    expect(requests()).toEqual([
      expect.stringMatching(/^GET \/compare\//),
      `GET /contents/${PLAN_PATH}`,
      "GET /issues",
    ]);
    expect(issueLists()[0]!.query).toMatchObject({
      creator: h.github.botLogin,
      state: "all",
      since: expect.any(String),
    });
    expect(h.writes()).toEqual([]);
  });

  it("an issue closed with no webhook is still ticked at the next prose push, from the one page of changes", async () => {
    await synced300();
    const issue = h.issueByTask("GAIN7")!;
    h.github.updateIssue(h.repo, issue.number, { state: "closed", stateReason: "completed" }, "ada"); // no webhook
    h.github.advanceClock(60_000);
    h.github.resetCounters();
    await h.push({ [PLAN_PATH]: prose("Why we index nightly.") }, "Explain");

    expect(row("GAIN7")).toMatch(/^\| \[x\] GAIN7 /);
    expect(issueLists()).toHaveLength(1);
    expect(issueLists()[0]!.query.since).toBeDefined();
    expect(taskIssues()).toHaveLength(TASKS);
  });

  it("an issue deleted on GitHub is created again once the App lists everything (here: the first push after a restart)", async () => {
    await synced300();
    const issue = h.issueByTask("EDH3")!;
    h.github.deleteIssue(h.repo, issue.number);
    await h.restart();
    h.github.resetCounters();
    await h.push({ [PLAN_PATH]: prose("After the clean-up.") }, "Explain");

    expect(issueLists().every((r) => r.query.since === undefined)).toBe(true);
    expect(h.issueByTask("EDH3")).toMatchObject({ state: "open" });
    expect(h.issueByTask("EDH3")!.number).not.toBe(issue.number);
    expect(taskIssues()).toHaveLength(TASKS);
    // The full listing finds the plan's tracking issue: it is not created twice.
    expect(h.github.issues(h.repo).filter(isTrackingIssue)).toHaveLength(1);
  });
});

describe("an issue deleted or transferred on GitHub: its webhook makes the next push list every issue", () => {
  const SMALL = 12;
  async function syncedSmall(): Promise<void> {
    h = await startApp({ config: "links: false\n" });
    await h.push({ [PLAN_PATH]: generatePlan(SMALL, { checklist: false }) }, "Add the plan");
    h.github.advanceClock(5 * 60_000);
    // A second push: from here on the App lists only the issues updated since.
    await h.push({ [PLAN_PATH]: prose("Context for readers.") }, "Explain");
    expect(issueLists().at(-1)!.query.since).toBeDefined();
    expect(taskIssues()).toHaveLength(SMALL);
  }

  /** A person deletes (or transfers away) the task's issue, and GitHub delivers the event. */
  async function issueLeaves(task: string, action: "deleted" | "transferred"): Promise<number> {
    const issue = h.issueByTask(task)!;
    const changes =
      action === "transferred"
        ? { changes: { new_issue: { number: 1 }, new_repository: { full_name: "acme/elsewhere" } } }
        : {};
    const payload = h.github.issuesPayload(h.repo, issue.number, action, { sender: "ada", ...changes });
    h.github.deleteIssue(h.repo, issue.number);
    h.github.advanceClock(60_000);
    await h.receive("issues", payload);
    await h.settle();
    return issue.number;
  }

  it.each(["deleted", "transferred"] as const)(
    "issues.%s: the next prose push lists everything and gives the task a new issue, once",
    async (action) => {
      await syncedSmall();
      const gone = await issueLeaves("GAIN2", action);
      h.github.resetCounters();
      await h.push({ [PLAN_PATH]: prose("After the clean-up.") }, "Explain");

      expect(issueLists().length).toBeGreaterThan(0);
      expect(issueLists().every((r) => r.query.since === undefined)).toBe(true);
      expect(h.issueByTask("GAIN2")).toMatchObject({ state: "open" });
      expect(h.issueByTask("GAIN2")!.number).not.toBe(gone);
      expect(taskIssues()).toHaveLength(SMALL);
      expect(h.github.issues(h.repo).filter(isTrackingIssue)).toHaveLength(1);
    },
  );

  it("issues.deleted: a push that leaves the plan as reconciled (a comment added to the config) puts the issue back too", async () => {
    await syncedSmall();
    await issueLeaves("DATA3", "deleted");
    await h.push({ ".github/plan-sync.yml": "links: false\n# reviewed\n" }, "Config note");

    expect(h.issueByTask("DATA3")).toMatchObject({ state: "open" });
    expect(taskIssues()).toHaveLength(SMALL);
  });
});
