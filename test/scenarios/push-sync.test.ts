import { afterEach, describe, expect, it } from "vitest";
import { generatePlan } from "../support/generate-plan.js";
import { renderMarker } from "../../src/render/marker.js";
import { PLAN, PLAN_PATH, startApp, type TestApp } from "../support/start-app.js";
import { isTaskIssue, isTrackingIssue } from "../support/tracking-issues.js";

let h: TestApp;
afterEach(async () => {
  h.github.assertNoUnexpected();
  await h.stop();
});

function edit(text: string, from: string, to: string): string {
  expect(text.split(from)).toHaveLength(2);
  return text.replace(from, to);
}

/** The App's task issues; the plan's tracking issue (on by default) is counted apart. */
const taskIssues = () => h.github.issues(h.repo).filter((i) => i.user.login === h.github.botLogin && isTaskIssue(i));
const trackingIssues = () =>
  h.github.issues(h.repo).filter((i) => i.user.login === h.github.botLogin && isTrackingIssue(i));

describe("push sync against GitHub", () => {
  it("a redelivered push changes nothing, even after a restart forgot it was done", async () => {
    h = await startApp();
    h.commit({ [PLAN_PATH]: PLAN });
    const payloadAfter = h.github.branchHead(h.repo);
    await h.deliverPush({ id: "delivery-1" });
    await h.settle();
    expect(taskIssues()).toHaveLength(4);

    h.github.resetCounters();
    await h.deliverPush({ after: payloadAfter, id: "delivery-1" });
    await h.settle();
    // The queue remembers the push: not even a read.
    expect(h.github.requests).toEqual([]);

    // A new process (nothing remembered) reconciles and finds nothing to do.
    await h.restart();
    const before = h.github.log(h.repo).find((c) => c.sha === payloadAfter)?.parents[0];
    await h.deliverPush({ after: payloadAfter, ...(before ? { before } : {}), id: "delivery-1" });
    await h.settle();
    expect(h.writes()).toEqual([]);
    expect(taskIssues()).toHaveLength(4);
    expect(trackingIssues()).toHaveLength(1);
  });

  it("two concurrent deliveries of one push create each issue once", async () => {
    h = await startApp();
    h.commit({ [PLAN_PATH]: PLAN });
    await Promise.all([h.deliverPush({ id: "a" }), h.deliverPush({ id: "b" })]);
    await h.settle();
    expect(taskIssues().map((i) => i.title.split(":")[0])).toEqual(["DATA1", "DATA2", "GAIN1", "GAIN2"]);
    expect(trackingIssues()).toHaveLength(1);
    expect(h.github.checkRuns(h.repo)).toHaveLength(1);
  });

  it("an edit, a removal and an addition in one push: updated, closed as not planned with a comment, created", async () => {
    h = await startApp();
    await h.push({ [PLAN_PATH]: PLAN });
    const before = { data2: h.issueByTask("DATA2")!.number, gain2: h.issueByTask("GAIN2")!.number };
    let next = h.planText()!;
    next = edit(next, "Nightly embedding ETL", "Hourly embedding ETL");
    next = next.replace(/\| GAIN2 \(\[#\d+\]\([^)]+\)\) \| Search results page \| Shows hits \| 3 \|\n/, "");
    next = edit(
      next,
      "| Returns ranked hits | 5 |\n",
      "| Returns ranked hits | 5 |\n| GAIN3 | Ranking | Better hits first | 8 |\n",
    );
    h.github.resetCounters();
    const sha = await h.push({ [PLAN_PATH]: next });

    expect(h.issueByTask("DATA2")).toMatchObject({
      number: before.data2,
      title: "DATA2: Hourly embedding ETL",
      state: "open",
    });
    expect(h.github.issue(h.repo, before.gain2)).toMatchObject({ state: "closed", stateReason: "not_planned" });
    expect(
      h.github
        .comments(h.repo, before.gain2)
        .map((c) => c.body)
        .join("\n"),
    ).toContain("GAIN2");
    expect(h.issueByTask("GAIN3")).toMatchObject({ state: "open" });
    expect(taskIssues()).toHaveLength(5);
    const run = h.github.checkRuns(h.repo).find((r) => r.headSha === sha);
    expect(run).toMatchObject({ conclusion: "success" });
    expect(run?.output.title).toBe("Created 1 issue, updated 1, closed 1");
    // Only the new issue is linked into the plan.
    expect(h.planText()).toContain(`| GAIN3 ([#${h.issueByTask("GAIN3")!.number}](`);
  });

  it("a renamed plan keeps its issues: their markers follow the new path, nothing is closed or created", async () => {
    h = await startApp();
    await h.push({ [PLAN_PATH]: PLAN });
    const numbers = taskIssues().map((i) => i.number);
    await h.push({ [PLAN_PATH]: null, "docs/plans/semantic-search.md": h.planText()! }, "Move the plan");

    expect(taskIssues().map((i) => i.number)).toEqual(numbers);
    expect(taskIssues().filter((i) => i.state === "open")).toHaveLength(3);
    expect(taskIssues().every((i) => (i.body ?? "").includes('"path":"docs/plans/semantic-search.md"'))).toBe(true);
  });

  it("a malformed plan pushed over a good one closes nothing and fails the check with annotations at the lines", async () => {
    h = await startApp();
    await h.push({ [PLAN_PATH]: PLAN });
    const broken = edit(h.planText()!, "| GAIN1 (", "| DATA2 (");
    const line = broken.split("\n").findIndex((l) => l.startsWith("| DATA2 (") && l.includes("Search API")) + 1;
    h.github.resetCounters();
    const sha = await h.push({ [PLAN_PATH]: broken });

    expect(h.writes().filter((w) => !w.path.includes("check-runs"))).toEqual([]);
    expect(taskIssues().filter((i) => i.state === "open")).toHaveLength(3);
    const run = h.github.checkRuns(h.repo).find((r) => r.headSha === sha);
    expect(run).toMatchObject({ status: "completed", conclusion: "failure" });
    expect(run?.output.annotations).toContainEqual(
      expect.objectContaining({ path: PLAN_PATH, start_line: line, annotation_level: "failure" }),
    );
  });

  it("a tick pushed in the plan closes the issue as completed", async () => {
    h = await startApp();
    await h.push({ [PLAN_PATH]: PLAN });
    await h.push({ [PLAN_PATH]: edit(h.planText()!, "| GAIN1 (", "| [x] GAIN1 (") }, "GAIN1 is done");
    expect(h.issueByTask("GAIN1")).toMatchObject({ state: "closed", stateReason: "completed" });
    expect(h.issueByTask("GAIN2")?.state).toBe("open");
  });

  it("an issue a person opened with a copied marker is ignored: the task still gets the app's own issue, and removing the task leaves it open", async () => {
    h = await startApp();
    const copied = h.github.createIssue(h.repo, {
      title: "DATA2: Nightly embedding ETL",
      body: `Copied from the bot\n\n${renderMarker({ path: PLAN_PATH, task: "DATA2", hash: "0123abcd" })}`,
      user: "mallory",
    });
    await h.push({ [PLAN_PATH]: PLAN });
    expect(h.issueByTask("DATA2")?.number).not.toBe(copied.number);

    await h.push({ [PLAN_PATH]: h.planText()!.replace(/\| DATA2 \(.*\n/, "") }, "Drop DATA2");
    expect(h.github.issue(h.repo, copied.number)).toMatchObject({
      state: "open",
      body: expect.stringContaining("Copied from the bot"),
    });
    expect(h.issueByTask("DATA2")?.state).toBe("closed");
  });

  it("the mass-close guard holds back closing most issues; `plan-sync: confirm-close` in a later commit confirms", async () => {
    h = await startApp();
    const eight = generatePlan(8, { checklist: false });
    await h.push({ [PLAN_PATH]: eight });
    expect(taskIssues()).toHaveLength(8);

    const oneLeft = h.planText()!.replace(/^\| (?!DATA1 )(DATA|GAIN|EDH)\d+ .*\n/gm, "");
    expect(oneLeft).toContain("| DATA1 (");
    const sha = await h.push({ [PLAN_PATH]: oneLeft }, "Trim the plan");
    expect(taskIssues().filter((i) => i.state === "open")).toHaveLength(8);
    const blocked = h.github.checkRuns(h.repo).find((r) => r.headSha === sha);
    expect(blocked?.output.title).toContain("closing held back");
    expect(blocked?.output.summary).toContain("plan-sync: confirm-close");

    await h.push({ "notes.txt": "yes, really\n" }, "Confirm the trim\n\nplan-sync: confirm-close");
    expect(
      taskIssues()
        .filter((i) => i.state === "open")
        .map((i) => i.title.split(":")[0]),
    ).toEqual(["DATA1"]);
  });

  it("a push of several commits confirms when its first commit carries `plan-sync: confirm-close`, not only its head commit", async () => {
    h = await startApp();
    await h.push({ [PLAN_PATH]: generatePlan(8, { checklist: false }) });
    const before = h.github.branchHead(h.repo);
    const oneLeft = h.planText()!.replace(/^\| (?!DATA1 )(DATA|GAIN|EDH)\d+ .*\n/gm, "");
    h.commit({ [PLAN_PATH]: oneLeft }, "Trim the plan\n\nplan-sync: confirm-close");
    h.commit({ "notes.txt": "trimmed\n" }, "Notes on the trim");
    await h.deliverPush({ before });
    await h.settle();
    expect(
      taskIssues()
        .filter((i) => i.state === "open")
        .map((i) => i.title.split(":")[0]),
    ).toEqual(["DATA1"]);
  });

  it("a push of several commits none of which confirms still holds the closes back", async () => {
    h = await startApp();
    await h.push({ [PLAN_PATH]: generatePlan(8, { checklist: false }) });
    const before = h.github.branchHead(h.repo);
    const oneLeft = h.planText()!.replace(/^\| (?!DATA1 )(DATA|GAIN|EDH)\d+ .*\n/gm, "");
    h.commit({ [PLAN_PATH]: oneLeft }, "Trim the plan");
    h.commit({ "notes.txt": "trimmed\n" }, "Notes mentioning plan-sync: confirm-close inline");
    await h.deliverPush({ before });
    await h.settle();
    expect(taskIssues().filter((i) => i.state === "open")).toHaveLength(8);
  });

  it("a 300-task plan: the webhook is answered before any write, then every issue is created once", async () => {
    h = await startApp();
    h.commit({ [PLAN_PATH]: generatePlan(300, { checklist: false }) });
    await h.deliverPush();
    // probot.receive has returned: GitHub has its answer, and the sync has not written anything yet.
    expect(h.writes()).toEqual([]);
    await h.settle();
    const issues = taskIssues();
    expect(issues).toHaveLength(300);
    expect(new Set(issues.map((i) => i.title.split(":")[0])).size).toBe(300);
    // One tracking issue; GitHub takes 100 sub-issues per issue, and the check run says so.
    expect(trackingIssues()).toHaveLength(1);
    expect(h.github.subIssues(h.repo, trackingIssues()[0]!.number)).toHaveLength(100);
    expect(h.github.checkRuns(h.repo)).toEqual([
      expect.objectContaining({ conclusion: "success", status: "completed" }),
    ]);
    // 300 issues, their labels, the tracking issue and 100 sub-issue links: minutes on a loaded 2-core machine.
  }, 180_000);
});
