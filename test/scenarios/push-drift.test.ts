import { afterEach, describe, expect, it } from "vitest";
import { parseMarker } from "../../src/render/marker.js";
import { PLAN, PLAN_PATH, startApp, type TestApp } from "../support/start-app.js";

/**
 * Every push sync of a plan heals drift both ways (three-way against the
 * state recorded in each issue's marker): an issue closed or reopened on
 * GitHub whose webhook never reached plan-sync is written into the plan at
 * the plan's next push, by the write-back engine, in one commit with the
 * push's own links.
 */

let h: TestApp;
afterEach(async () => {
  h.github.assertNoUnexpected();
  await h.stop();
});

const appCommits = () =>
  h.github
    .log(h.repo)
    .filter((c) => c.authorLogin === h.github.botLogin)
    .map((c) => c.message.split("\n")[0]);
const row = (taskId: string) =>
  h
    .planText()!
    .split("\n")
    .find((l) => l.includes(` ${taskId} `)) ?? "";
const prose = (note: string) => h.planText()!.replace("## Repository Changes", `## Repository Changes\n\n${note}`);
const recorded = (taskId: string) => parseMarker(h.issueByTask(taskId)!.body ?? "")?.done;

async function syncedPlan(): Promise<void> {
  h = await startApp();
  await h.push({ [PLAN_PATH]: PLAN }, "Add the plan");
  await h.deliverPush(); // the link commit: plan-sync's own, syncs nothing
  await h.settle();
}

describe("push sync heals drift", () => {
  it("an issue closed on GitHub with no webhook is ticked in the plan at the next push, even one that changes only prose", async () => {
    await syncedPlan();
    expect(recorded("DATA2")).toBe(false);
    expect(recorded("DATA1")).toBe(true);
    const data2 = h.issueByTask("DATA2")!;
    h.github.updateIssue(h.repo, data2.number, { state: "closed", stateReason: "completed" }, "ada"); // no webhook
    const before = h.planText()!;

    const sha = await h.push({ [PLAN_PATH]: prose("Why we index nightly.") }, "Explain");
    expect(row("DATA2")).toMatch(/^\| \[x\] DATA2 \(\[#2\]/);
    // Only the checkbox bytes changed (besides the person's own prose).
    expect(h.planText()!.replace("[x] DATA2", "DATA2")).toBe(
      before
        .replace("## Repository Changes", "## Repository Changes\n\nWhy we index nightly.")
        .replace("[x] DATA2", "DATA2"),
    );
    expect(appCommits()[0]).toBe("plan-sync: mark DATA2 done");
    expect(recorded("DATA2")).toBe(true);
    expect(h.github.issue(h.repo, data2.number)).toMatchObject({ state: "closed", stateReason: "completed" });
    const run = h.github.checkRuns(h.repo).find((r) => r.headSha === sha);
    expect(run?.output.summary).toContain(
      "#2 was closed on GitHub since the last sync, so DATA2 is ticked in `docs/plans/search.md` to match.",
    );

    // The App's own commit syncs nothing, and the next push finds nothing to do: no loop, nothing twice.
    h.github.resetCounters();
    await h.deliverPush();
    await h.settle();
    expect(h.writes()).toEqual([]);
    await h.push({ [PLAN_PATH]: prose("And more.") }, "More");
    expect(h.writes()).toEqual([]);
    // Four task issues and the plan's tracking issue, which showed the tick with the push that healed it.
    expect(h.github.issues(h.repo)).toHaveLength(5);
    expect(h.github.issues(h.repo)[4]!.body).toContain("| DATA | acme/plans | 2 of 2 |");
  });

  it("an issue reopened on GitHub with no webhook is unticked in the plan", async () => {
    await syncedPlan();
    const data1 = h.issueByTask("DATA1")!;
    expect(data1.state).toBe("closed");
    h.github.updateIssue(h.repo, data1.number, { state: "open", stateReason: "reopened" }, "ada");

    await h.push({ [PLAN_PATH]: prose("Reopened for a fix.") }, "Explain");
    expect(row("DATA1")).toMatch(/^\| \[ \] DATA1 \(\[#1\]/);
    expect(appCommits()[0]).toBe("plan-sync: reopen DATA1");
    expect(h.github.issue(h.repo, data1.number)?.state).toBe("open");
    expect(recorded("DATA1")).toBe(false);
  });

  it("the tick goes into the same commit as the links of the issues the push created", async () => {
    await syncedPlan();
    h.github.updateIssue(h.repo, h.issueByTask("GAIN1")!.number, { state: "closed", stateReason: "completed" }, "ada");
    const commitsBefore = appCommits().length;

    await h.push({ [PLAN_PATH]: `${h.planText()!.trimEnd()}\n| GAIN3 | Search filters | Filters hits | 2 |\n` });
    expect(appCommits().length).toBe(commitsBefore + 1);
    expect(appCommits()[0]).toBe("plan-sync: mark GAIN1 done; link GAIN3 to its issue");
    expect(row("GAIN1")).toMatch(/^\| \[x\] GAIN1/);
    // #5 is the plan's tracking issue, created with the first sync.
    expect(row("GAIN3")).toMatch(/^\| GAIN3 \(\[#6\]/);
  });

  it("a box ticked in the plan still closes the issue, and the close records the state", async () => {
    await syncedPlan();
    await h.push({ [PLAN_PATH]: h.planText()!.replace("| GAIN1 (", "| [x] GAIN1 (") }, "GAIN1 done");
    expect(h.issueByTask("GAIN1")).toMatchObject({ state: "closed", stateReason: "completed" });
    expect(recorded("GAIN1")).toBe(true);
    expect(appCommits()).toHaveLength(1); // the first link commit only: nothing written back
  });

  it("a plan that does not parse cleanly heals nothing", async () => {
    await syncedPlan();
    h.github.updateIssue(h.repo, h.issueByTask("DATA2")!.number, { state: "closed", stateReason: "completed" }, "ada");
    const broken = h.planText()!.replace("| GAIN1 (", "| DATA2 (");
    await h.push({ [PLAN_PATH]: broken }, "Oops");
    expect(h.planText()).toBe(broken);
    expect(appCommits()).toHaveLength(1);
  });
});
