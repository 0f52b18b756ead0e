import { afterEach, describe, expect, it } from "vitest";
import { parseTrackingMarker } from "../../src/render/tracking-issue.js";
import { generatePlan } from "../support/generate-plan.js";
import { PLAN, PLAN_PATH, startApp, type TestApp } from "../support/start-app.js";

const CONFIG_PATH = ".github/plan-sync.yml";

let h: TestApp;
afterEach(async () => {
  h.github.assertNoUnexpected();
  await h.stop();
});

const botIssues = () => h.github.issues(h.repo).filter((i) => i.user.login === h.github.botLogin);
const trackingIssues = () => botIssues().filter((i) => parseTrackingMarker(i.body ?? "") !== null);
const taskIssues = () => botIssues().filter((i) => parseTrackingMarker(i.body ?? "") === null);
const theTrackingIssue = () => {
  const found = trackingIssues();
  expect(found).toHaveLength(1);
  return found[0]!;
};

/** A person closes or reopens a task issue; the App's write-back runs (the harness's burst window is short). */
async function personSets(task: string, state: "closed" | "open"): Promise<void> {
  const issue = h.issueByTask(task)!;
  if (state === "closed") await h.closeIssue(issue.number);
  else await h.reopenIssue(issue.number);
  await h.settle();
}

describe("the tracking issue, on by default for every plan", () => {
  it("a plan in its own repository gets one tracking issue whose sub-issues are its task issues, in plan order", async () => {
    h = await startApp();
    await h.push({ [PLAN_PATH]: PLAN });

    const tracking = theTrackingIssue();
    expect(tracking.title).toBe("Semantic search (plan)");
    expect(parseTrackingMarker(tracking.body ?? "")).toBe(PLAN_PATH);
    expect(tracking.body).toContain("1 of 4 tasks done");
    expect(tracking.body).toContain("| DATA | acme/plans | 1 of 2 |");
    expect(tracking.body).toContain("| GAIN | acme/plans | 0 of 2 |");
    expect(tracking.state).toBe("open");
    const byTask = ["DATA1", "DATA2", "GAIN1", "GAIN2"].map((t) => `acme/plans#${h.issueByTask(t)!.number}`);
    expect(h.github.subIssues(h.repo, tracking.number)).toEqual(byTask);
  });

  it("`tracking: false` keeps none: no tracking issue, no sub-issue link", async () => {
    h = await startApp({ files: { [CONFIG_PATH]: "tracking: false\n" } });
    await h.push({ [PLAN_PATH]: PLAN });
    expect(taskIssues()).toHaveLength(4);
    expect(trackingIssues()).toEqual([]);
    expect(h.writes().filter((w) => w.path.endsWith("/sub_issues"))).toEqual([]);
  });

  it("a push that changes nothing the tracking issue shows writes nothing to it; a task ticked in the plan updates it once", async () => {
    h = await startApp();
    await h.push({ [PLAN_PATH]: PLAN });
    const tracking = theTrackingIssue();
    h.github.resetCounters();
    await h.push({ [PLAN_PATH]: h.planText()!.replace("| Search API |", "| Search API v2 |") });
    expect(h.writes().filter((w) => w.path.endsWith(`/issues/${tracking.number}`))).toEqual([]);

    h.github.resetCounters();
    await h.push({ [PLAN_PATH]: h.planText()!.replace("| GAIN1 (", "| [x] GAIN1 (") });
    expect(h.writes().filter((w) => w.path.endsWith(`/issues/${tracking.number}`))).toHaveLength(1);
    expect(h.github.issue(h.repo, tracking.number)!.body).toContain("| GAIN | acme/plans | 1 of 2 |");
  });

  it("deleting the plan closes its tracking issue as not planned, with its task issues", async () => {
    h = await startApp();
    await h.push({ [PLAN_PATH]: PLAN });
    const tracking = theTrackingIssue();
    await h.push({ [PLAN_PATH]: null }, "Drop the search plan");
    expect(h.github.issue(h.repo, tracking.number)).toMatchObject({ state: "closed", stateReason: "not_planned" });
    expect(h.issueByTask("GAIN2")).toMatchObject({ state: "closed", stateReason: "not_planned" });
    // Deleted once is enough: the next push writes nothing to it.
    h.github.resetCounters();
    await h.push({ "README.md": "# plans, without search\n" });
    expect(h.writes().filter((w) => w.path.includes("/issues"))).toEqual([]);
  });

  it("a plan with more than 100 tasks: the first 100 are sub-issues, and the check run says the rest are not and why", async () => {
    h = await startApp();
    await h.push({ [PLAN_PATH]: generatePlan(103, { checklist: false }) });

    expect(taskIssues()).toHaveLength(103);
    const tracking = theTrackingIssue();
    const children = h.github.subIssues(h.repo, tracking.number);
    expect(children).toHaveLength(100);
    // GitHub answers 422 past 100: the App does not ask, so the log shows no refused link.
    expect(h.writes().filter((w) => w.path.endsWith("/sub_issues") && w.status >= 400)).toEqual([]);
    const [run] = h.github.checkRuns(h.repo);
    expect(run).toMatchObject({ conclusion: "success" });
    expect(run!.output.summary).toContain(
      `${PLAN_PATH}: 3 task issues are not sub-issues of tracking issue #${tracking.number}: GitHub allows 100 sub-issues per issue`,
    );
  });
});

describe("the tracking issue follows write-back", () => {
  it("closing a task issue ticks the plan and updates the tracking issue's progress; the last close closes it, a reopen reopens it", async () => {
    h = await startApp();
    await h.push({ [PLAN_PATH]: PLAN });
    await h.deliverPush(); // the link commit: the App's own, skipped
    const tracking = theTrackingIssue();

    h.github.resetCounters();
    await personSets("GAIN1", "closed");
    expect(h.planText()).toMatch(/\| \[x\] GAIN1 \(/);
    const body = h.github.issue(h.repo, tracking.number)!.body;
    expect(body).toContain("2 of 4 tasks done");
    expect(body).toContain("| GAIN | acme/plans | 1 of 2 |");
    expect(h.github.issue(h.repo, tracking.number)!.state).toBe("open");
    // One write to it: its body. The listing it is found in is the one read.
    expect(
      h
        .writes()
        .filter((w) => w.path.endsWith(`/issues/${tracking.number}`))
        .map((w) => w.method),
    ).toEqual(["PATCH"]);

    await personSets("DATA2", "closed");
    await personSets("GAIN2", "closed");
    expect(h.github.issue(h.repo, tracking.number)).toMatchObject({ state: "closed", stateReason: "completed" });
    expect(h.github.issue(h.repo, tracking.number)!.body).toContain("4 of 4 tasks done");

    await personSets("DATA2", "open");
    expect(h.planText()).toMatch(/\| \[ \] DATA2 \(/);
    expect(h.github.issue(h.repo, tracking.number)).toMatchObject({ state: "open" });
    expect(h.github.issue(h.repo, tracking.number)!.body).toContain("| DATA | acme/plans | 1 of 2 |");
    // The App's own commits (the ticks) start no sync: the tracking issue was updated by the write-back itself.
    await h.deliverPush();
    expect(trackingIssues()).toHaveLength(1);
  });

  it("a write-back finds the tracking issue in the issues updated since the push's listing: one page, not a full listing", async () => {
    h = await startApp();
    await h.push({ [PLAN_PATH]: PLAN });
    const tracking = theTrackingIssue();
    h.github.resetCounters();
    await personSets("GAIN1", "closed");
    expect(h.github.issue(h.repo, tracking.number)!.body).toContain("2 of 4 tasks done");
    const listings = h.github.requests.filter((r) => r.method === "GET" && r.path === "/repos/acme/plans/issues");
    // The App remembers the push's listing (per process): the write-back asks only for what changed since.
    expect(listings).toHaveLength(1);
    expect(listings[0]!.query).toMatchObject({ creator: h.github.botLogin, state: "all", since: expect.any(String) });

    // And the push after it asks only for what changed since the write-back's listing, which saw the tick.
    h.github.resetCounters();
    await h.push({ "README.md": "# plans\n\nProse.\n" });
    const next = h.github.requests.filter((r) => r.method === "GET" && r.path === "/repos/acme/plans/issues");
    expect(next.every((r) => r.query.since !== undefined)).toBe(true);
    expect(h.writes().filter((w) => w.path.includes("/issues"))).toEqual([]);
  });

  it("with `tracking: false` a write-back reads no issue listing and writes no tracking issue", async () => {
    h = await startApp({ files: { [CONFIG_PATH]: "tracking: false\n" } });
    await h.push({ [PLAN_PATH]: PLAN });
    h.github.resetCounters();
    await personSets("GAIN1", "closed");
    expect(h.planText()).toMatch(/\| \[x\] GAIN1 \(/);
    expect(h.github.requests.filter((r) => r.method === "GET" && r.path === "/repos/acme/plans/issues")).toEqual([]);
    expect(trackingIssues()).toEqual([]);
  });
});
