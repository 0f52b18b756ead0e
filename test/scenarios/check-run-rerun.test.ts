import { afterEach, describe, expect, it } from "vitest";
import type { CheckRun } from "../support/fake-github/index.js";
import { PLAN, PLAN_PATH, startApp, type TestApp } from "../support/start-app.js";
import { SAMPLE_PLAN, SAMPLE_PLAN_PATH as WB_PLAN_PATH } from "../write-back/support/sample-plan.js";

describe("Re-run on a push's plan-sync check", () => {
  let h: TestApp;
  afterEach(async () => {
    h.github.assertNoUnexpected();
    await h.stop();
  });

  async function pushedPlan(): Promise<{ sha: string; run: CheckRun }> {
    h = await startApp();
    const sha = await h.push({ [PLAN_PATH]: PLAN });
    const run = h.github.checkRuns(h.repo).find((r) => r.headSha === sha && r.name === "plan-sync");
    expect(run?.conclusion).toBe("success");
    return { sha, run: run! };
  }

  it("recreates an issue someone deleted, and posts a new completed check run saying so", async () => {
    const { sha, run } = await pushedPlan();
    const deleted = h.issueByTask("GAIN1")!;
    // GitHub deletes issues only through GraphQL (deleteIssue): gone from every listing, as here.
    h.github.model.mustRepo(h.repo).issues.delete(deleted.number);
    h.github.resetCounters();

    await h.rerun(run);

    const recreated = h.issueByTask("GAIN1");
    expect(recreated).toMatchObject({ title: "GAIN1: Search API", state: "open" });
    expect(recreated!.number).not.toBe(deleted.number);
    const runs = h.github.checkRuns(h.repo).filter((r) => r.headSha === sha && r.name === "plan-sync");
    expect(runs).toHaveLength(2);
    expect(runs.find((r) => r.id !== run.id)).toMatchObject({
      status: "completed",
      conclusion: "success",
      output: expect.objectContaining({ title: "Created 1 issue" }),
    });
    // The plan on main links the new issue.
    expect(h.planText()).toContain(`| GAIN1 ([#${recreated!.number}](`);
  });

  it("when nothing is missing: no issue write, and still a new check run saying the issues are in sync", async () => {
    const { sha, run } = await pushedPlan();
    h.github.resetCounters();
    await h.rerun(run);
    expect(h.writes().map((w) => `${w.method} ${w.path}`)).toEqual(["POST /repos/acme/plans/check-runs"]);
    const fresh = h.github.checkRuns(h.repo).filter((r) => r.headSha === sha && r.id !== run.id);
    expect(fresh).toEqual([
      expect.objectContaining({
        status: "completed",
        conclusion: "success",
        output: expect.objectContaining({ title: "Issues already in sync" }),
      }),
    ]);
  });

  it("reconciles in full where a push would trust this process's memory of the plan", async () => {
    const { run } = await pushedPlan();
    h.github.model.mustRepo(h.repo).issues.delete(h.issueByTask("GAIN1")!.number);
    // A push that leaves the plan as it was (a config file that changes no setting): the memory says the plan
    // is reconciled, so it does not list the issues.
    await h.push({ ".github/plan-sync.yml": "# plan-sync settings: the defaults\n" }, "Config");
    expect(h.issueByTask("GAIN1")).toBeUndefined();
    await h.rerun(run);
    expect(h.issueByTask("GAIN1")).toMatchObject({ state: "open" });
  });

  it("a redelivered press does no work twice", async () => {
    const { sha, run } = await pushedPlan();
    h.github.model.mustRepo(h.repo).issues.delete(h.issueByTask("DATA2")!.number);
    await h.rerun(run, "same-delivery");
    const issues = h.github.issues(h.repo).length;
    h.github.resetCounters();
    await h.rerun(run, "same-delivery");
    expect(h.github.requests).toEqual([]);
    expect(h.github.issues(h.repo)).toHaveLength(issues);
    expect(h.github.checkRuns(h.repo).filter((r) => r.headSha === sha)).toHaveLength(2);
  });

  it("an older commit whose plan was changed since: the issues keep the newer plan's state, and the new check run says why", async () => {
    const { sha, run } = await pushedPlan();
    await h.push({ [PLAN_PATH]: h.planText()!.replace(/\| GAIN2 .*\n/, "") }, "Drop GAIN2");
    expect(h.issueByTask("GAIN2")?.stateReason).toBe("not_planned");
    h.github.resetCounters();
    await h.rerun(run);
    // The older commit still lists GAIN2; re-syncing it would reopen the issue the newer push closed.
    expect(h.issueByTask("GAIN2")).toMatchObject({ state: "closed", stateReason: "not_planned" });
    expect(h.github.writes().map((w) => `${w.method} ${w.path}`)).toEqual(["POST /repos/acme/plans/check-runs"]);
    const fresh = h.github.checkRuns(h.repo).filter((r) => r.headSha === sha && r.id !== run.id);
    expect(fresh).toHaveLength(1);
    expect(fresh[0]?.status).toBe("completed");
    expect(fresh[0]?.output.summary).toContain(`\`${PLAN_PATH}\` changed on \`main\` after this commit`);
  });
});

describe("Re-run on a plan-sync/write-back check (protected main)", () => {
  let h: TestApp;
  afterEach(async () => {
    h.github.assertNoUnexpected();
    await h.stop();
  });

  const pulls = () => [...h.github.model.mustRepo(h.repo).pulls.values()];

  async function waitingTick(): Promise<{ run: CheckRun; gain1: number }> {
    h = await startApp({ files: { [WB_PLAN_PATH]: SAMPLE_PLAN }, config: "links: false\n", planPath: WB_PLAN_PATH });
    h.github.protectBranch(h.repo, "main");
    const gain1 = h.taskIssue("GAIN1");
    await h.closeIssue(gain1);
    await h.settle();
    const run = h.github.checkRuns(h.repo).find((r) => r.name === "plan-sync/write-back");
    expect(run?.output.title).toMatch(/#\d+/);
    return { run: run!, gain1 };
  }

  it("after the pull request was closed unmerged: the tick is proposed again in a new pull request, with a new check run", async () => {
    const { run } = await waitingTick();
    const first = pulls()[0]!;
    h.github.model.updateIssue(
      h.github.model.mustRepo(h.repo),
      first.number,
      { state: "closed" },
      h.github.model.user("ada"),
    );
    await h.rerun(run);
    const open = pulls().filter((p) => p.state === "open");
    expect(open).toHaveLength(1);
    expect(open[0]?.number).not.toBe(first.number);
    expect(h.github.file(h.repo, WB_PLAN_PATH, open[0]!.headRef)).toContain("| [x] GAIN1 |");
    const runs = h.github.checkRuns(h.repo).filter((r) => r.name === "plan-sync/write-back");
    expect(runs).toHaveLength(2);
    expect(runs[1]?.output.title).toContain(`#${open[0]!.number}`);
  });

  it("after the pull request was merged: nothing more is written, and a new check run says nothing waits", async () => {
    const { run } = await waitingTick();
    h.github.unprotectBranch(h.repo, "main");
    h.github.mergePullRequest(h.repo, pulls()[0]!.number, "ada");
    h.github.protectBranch(h.repo, "main");
    h.github.resetCounters();
    await h.rerun(run);
    expect(h.github.writes().map((w) => `${w.method} ${w.path}`)).toEqual(["POST /repos/acme/plans/check-runs"]);
    const runs = h.github.checkRuns(h.repo).filter((r) => r.name === "plan-sync/write-back");
    expect(runs.at(-1)).toMatchObject({
      headSha: run.headSha,
      conclusion: "success",
      output: expect.objectContaining({ title: "Nothing waits any more" }),
    });
  });

  it("a write-back check that names no pull request: a neutral check run says the next issue event writes the plan", async () => {
    const { run } = await waitingTick();
    await h.rerun({ ...run, output: { ...run.output, title: "Plan update", summary: "no number here" } });
    const last = h.github.checkRuns(h.repo).at(-1);
    expect(last).toMatchObject({
      name: "plan-sync/write-back",
      conclusion: "neutral",
      output: expect.objectContaining({ title: "Write-back not re-run" }),
    });
    expect(last?.output.summary).toContain("next time one of its issues is closed or reopened");
  });
});
