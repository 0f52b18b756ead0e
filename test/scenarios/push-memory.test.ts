import { afterEach, describe, expect, it } from "vitest";
import { WRITE_BACK_TRAILER } from "../../src/write-back/own-commit.js";
import { PLAN, PLAN_PATH, startApp, type TestApp } from "../support/start-app.js";
import { isTaskIssue, isTrackingIssue } from "../support/tracking-issues.js";

/**
 * The App remembers, per process, each plan's tasks as it last reconciled
 * them: a plan a push syncs without changing it (the config changed) is not
 * reconciled again. A push that changes a plan, even only its prose, reads
 * its issues (one of them may have been closed without its webhook ever
 * arriving): the compare, the plan as pushed and the issue list (the plan at
 * `before` only where a task and its issue disagree, or the plan has something
 * to do or say), and no write when nothing drifted.
 */

let h: TestApp;
afterEach(async () => {
  h.github.assertNoUnexpected();
  await h.stop();
});

/** The App's task issues; the plan's tracking issue (on by default) is counted apart. */
const taskIssues = () => h.github.issues(h.repo).filter((i) => i.user.login === h.github.botLogin && isTaskIssue(i));
const trackingIssues = () =>
  h.github.issues(h.repo).filter((i) => i.user.login === h.github.botLogin && isTrackingIssue(i));
const requests = () =>
  h.github.requests
    .filter((r) => !r.path.startsWith("/app"))
    .map((r) => `${r.method} ${r.path.replace("/repos/acme/plans", "")}`);
const listsIssues = () => requests().some((r) => r === "GET /issues");

/** A person's commit that touches only the prose around the tables. */
async function pushProse(note: string): Promise<void> {
  h.github.resetCounters();
  await h.push(
    { [PLAN_PATH]: h.planText()!.replace("## Repository Changes", `## Repository Changes\n\n${note}`) },
    note,
  );
}

describe("push sync remembers what it reconciled", () => {
  it("a newly installed App catches up on a plan already in the repository at the first push, even one that changes no task", async () => {
    h = await startApp({ files: { [PLAN_PATH]: PLAN } });
    await pushProse("Context for readers.");
    expect(taskIssues().map((i) => i.title.split(":")[0])).toEqual(["DATA1", "DATA2", "GAIN1", "GAIN2"]);
    expect(trackingIssues()).toHaveLength(1);
    await h.deliverPush(); // the link commit: plan-sync's own
    await h.settle();

    await pushProse("More context.");
    expect(requests()).toEqual([
      expect.stringMatching(/^GET \/compare\//),
      `GET /contents/${PLAN_PATH}`,
      "GET /issues",
    ]);
    expect(h.writes()).toEqual([]);
  });

  it("a push that changes only a plan's prose reads its issues: a hand-reopened issue of a removed task is closed again; after a restart too", async () => {
    h = await startApp();
    await h.push({ [PLAN_PATH]: PLAN });
    await h.push({ [PLAN_PATH]: h.planText()!.replace(/\| GAIN2 \(.*\n/, "") }, "Drop GAIN2");
    const gain2 = h.issueByTask("GAIN2")!;
    expect(gain2).toMatchObject({ state: "closed", stateReason: "not_planned" });
    h.github.updateIssue(h.repo, gain2.number, { state: "open", stateReason: "reopened" }, "ada");

    await pushProse("Still no GAIN2.");
    expect(listsIssues()).toBe(true);
    expect(h.github.issue(h.repo, gain2.number)).toMatchObject({ state: "closed", stateReason: "not_planned" });

    h.github.updateIssue(h.repo, gain2.number, { state: "open", stateReason: "reopened" }, "ada");
    await h.restart();
    await pushProse("After the deploy.");
    expect(listsIssues()).toBe(true);
    expect(h.github.issue(h.repo, gain2.number)).toMatchObject({ state: "closed", stateReason: "not_planned" });

    await pushProse("And once more.");
    expect(h.writes()).toEqual([]);
  });

  it("a task the App unticked (its issue was reopened) and a person ticks again is closed, though the plan looks as last reconciled", async () => {
    h = await startApp();
    await h.push({ [PLAN_PATH]: PLAN });
    await h.push({ [PLAN_PATH]: h.planText()!.replace("| GAIN1 (", "| [x] GAIN1 (") }, "GAIN1 is done");
    const gain1 = h.issueByTask("GAIN1")!;
    expect(gain1.state).toBe("closed");

    // Someone reopens it; the App's write-back unticks the task in its own commit, whose push syncs nothing.
    h.github.updateIssue(h.repo, gain1.number, { state: "open", stateReason: "reopened" }, "ada");
    h.commit(
      { [PLAN_PATH]: h.planText()!.replace("| [x] GAIN1 (", "| [ ] GAIN1 (") },
      `plan-sync: mark GAIN1 not done\n\n${WRITE_BACK_TRAILER}`,
      h.github.botLogin,
    );
    await h.deliverPush();
    await h.settle();
    expect(h.github.issue(h.repo, gain1.number)?.state).toBe("open");

    await h.push({ [PLAN_PATH]: h.planText()!.replace("| [ ] GAIN1 (", "| [x] GAIN1 (") }, "GAIN1 is done after all");
    expect(h.github.issue(h.repo, gain1.number)).toMatchObject({ state: "closed", stateReason: "completed" });
  });

  it("a sync that failed part-way is not remembered: the next push, even one that changes no task, finishes the job without duplicates", async () => {
    h = await startApp();
    let creates = 0;
    const stop = h.github.onRequest((r) => {
      if (r.method === "POST" && r.path === "/repos/acme/plans/issues" && ++creates === 3) {
        h.github.failNext({ method: "POST", path: "/repos/acme/plans/issues", status: 502, times: 1 });
      }
    });
    await h.push({ [PLAN_PATH]: PLAN });
    stop();
    expect(taskIssues()).toHaveLength(2);

    await pushProse("Trying again.");
    expect(taskIssues().map((i) => i.title.split(":")[0])).toEqual(["DATA1", "DATA2", "GAIN1", "GAIN2"]);
    expect(trackingIssues()).toHaveLength(1);
  });
});
