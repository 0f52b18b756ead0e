import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Probot } from "probot";
import { afterEach, describe, expect, it } from "vitest";
import type { PlanSyncApp } from "../../src/app/create-app.js";
import type { CheckRun, FakeGitHub, RepoRef } from "../support/fake-github/index.js";
import { PLAN, PLAN_PATH, startPushHarness, type PushHarness } from "../push/support/push-harness.js";
import { SAMPLE_PLAN } from "../write-back/support/sample-plan.js";
import { PLAN_PATH as WB_PLAN_PATH, startHarness, type Harness } from "../write-back/support/app-harness.js";

/** GitHub's example rerequested payload (fixtures/webhooks), pointed at a check run the fake holds. */
function rerequested(fake: FakeGitHub, repo: RepoRef, run: CheckRun): object {
  const payload = JSON.parse(
    readFileSync(join(import.meta.dirname, "../../fixtures/webhooks/check_run.rerequested.json"), "utf8"),
  ) as Record<string, Record<string, unknown>>;
  const push = fake.pushPayload(repo) as Record<string, Record<string, unknown>>;
  const checkRun = payload.check_run!;
  Object.assign(checkRun, {
    id: run.id,
    name: run.name,
    head_sha: run.headSha,
    pull_requests: [],
    output: { ...(checkRun.output as object), title: run.output.title, summary: run.output.summary },
  });
  Object.assign(checkRun.check_suite as object, { head_sha: run.headSha, head_branch: "main", pull_requests: [] });
  return { ...payload, check_run: checkRun, repository: push.repository, installation: push.installation };
}

interface Rerun {
  /** GitHub delivers "Re-run" pressed on `run`. */
  press(run: CheckRun, id?: string): Promise<void>;
}

let deliveries = 0;

/** Re-run pressed on the harness's own App, where src/index.ts wires check_run next to push and issues. */
function withRerun(fake: FakeGitHub, repo: RepoRef, h: { probot: Probot; app: PlanSyncApp }): Rerun {
  return {
    press: async (run, id = `rerun-${++deliveries}`) => {
      await h.probot.receive({ id, name: "check_run", payload: rerequested(fake, repo, run) as never });
      await h.app.idle();
    },
  };
}

describe("Re-run on a push's plan-sync check", () => {
  let h: PushHarness;
  afterEach(async () => {
    h.fake.assertNoUnexpected();
    await h.stop();
  });

  async function pushedPlan(): Promise<{ sha: string; run: CheckRun; rerun: Rerun }> {
    h = await startPushHarness();
    const sha = await h.push({ [PLAN_PATH]: PLAN });
    const run = h.fake.checkRuns(h.repo).find((r) => r.headSha === sha && r.name === "plan-sync");
    expect(run?.conclusion).toBe("success");
    return { sha, run: run!, rerun: withRerun(h.fake, h.repo, h) };
  }

  it("recreates an issue someone deleted, and posts a new completed check run saying so", async () => {
    const { sha, run, rerun } = await pushedPlan();
    const deleted = h.issueByTask("GAIN1")!;
    // GitHub deletes issues only through GraphQL (deleteIssue): gone from every listing, as here.
    h.fake.model.mustRepo(h.repo).issues.delete(deleted.number);
    h.fake.resetCounters();

    await rerun.press(run);

    const recreated = h.issueByTask("GAIN1");
    expect(recreated).toMatchObject({ title: "GAIN1: Search API", state: "open" });
    expect(recreated!.number).not.toBe(deleted.number);
    const runs = h.fake.checkRuns(h.repo).filter((r) => r.headSha === sha && r.name === "plan-sync");
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
    const { sha, run, rerun } = await pushedPlan();
    h.fake.resetCounters();
    await rerun.press(run);
    expect(h.writes().map((w) => `${w.method} ${w.path}`)).toEqual(["POST /repos/acme/plans/check-runs"]);
    const fresh = h.fake.checkRuns(h.repo).filter((r) => r.headSha === sha && r.id !== run.id);
    expect(fresh).toEqual([
      expect.objectContaining({
        status: "completed",
        conclusion: "success",
        output: expect.objectContaining({ title: "Issues already in sync" }),
      }),
    ]);
  });

  it("reconciles in full where a push would trust this process's memory of the plan", async () => {
    const { run, rerun } = await pushedPlan();
    h.fake.model.mustRepo(h.repo).issues.delete(h.issueByTask("GAIN1")!.number);
    // A push that leaves the plan as it was (a config file that changes no setting): the memory says the plan
    // is reconciled, so it does not list the issues.
    await h.push({ ".github/plan-sync.yml": "# plan-sync settings: the defaults\n" }, "Config");
    expect(h.issueByTask("GAIN1")).toBeUndefined();
    await rerun.press(run);
    expect(h.issueByTask("GAIN1")).toMatchObject({ state: "open" });
  });

  it("a redelivered press does no work twice", async () => {
    const { sha, run, rerun } = await pushedPlan();
    h.fake.model.mustRepo(h.repo).issues.delete(h.issueByTask("DATA2")!.number);
    await rerun.press(run, "same-delivery");
    const issues = h.fake.issues(h.repo).length;
    h.fake.resetCounters();
    await rerun.press(run, "same-delivery");
    expect(h.fake.requests).toEqual([]);
    expect(h.fake.issues(h.repo)).toHaveLength(issues);
    expect(h.fake.checkRuns(h.repo).filter((r) => r.headSha === sha)).toHaveLength(2);
  });

  it("an older commit whose plan was changed since: the issues keep the newer plan's state, and the new check run says why", async () => {
    const { sha, run, rerun } = await pushedPlan();
    await h.push({ [PLAN_PATH]: h.planText()!.replace(/\| GAIN2 .*\n/, "") }, "Drop GAIN2");
    expect(h.issueByTask("GAIN2")?.stateReason).toBe("not_planned");
    h.fake.resetCounters();
    await rerun.press(run);
    // The older commit still lists GAIN2; re-syncing it would reopen the issue the newer push closed.
    expect(h.issueByTask("GAIN2")).toMatchObject({ state: "closed", stateReason: "not_planned" });
    expect(h.fake.writes().map((w) => `${w.method} ${w.path}`)).toEqual(["POST /repos/acme/plans/check-runs"]);
    const fresh = h.fake.checkRuns(h.repo).filter((r) => r.headSha === sha && r.id !== run.id);
    expect(fresh).toHaveLength(1);
    expect(fresh[0]?.status).toBe("completed");
    expect(fresh[0]?.output.summary).toContain(`\`${PLAN_PATH}\` changed on \`main\` after this commit`);
  });
});

describe("Re-run on a plan-sync/write-back check (protected main)", () => {
  let h: Harness;
  afterEach(async () => {
    h.fake.assertNoUnexpected();
    await h.stop();
  });

  const pulls = () => [...h.fake.model.mustRepo(h.repo).pulls.values()];

  async function waitingTick(): Promise<{ run: CheckRun; rerun: Rerun; gain1: number }> {
    h = await startHarness({ [WB_PLAN_PATH]: SAMPLE_PLAN }, { config: "links: false\n" });
    h.fake.protectBranch(h.repo, "main");
    const gain1 = h.taskIssue("GAIN1");
    await h.close(gain1);
    await h.settle();
    const run = h.fake.checkRuns(h.repo).find((r) => r.name === "plan-sync/write-back");
    expect(run?.output.title).toMatch(/#\d+/);
    return { run: run!, rerun: withRerun(h.fake, h.repo, h), gain1 };
  }

  it("after the pull request was closed unmerged: the tick is proposed again in a new pull request, with a new check run", async () => {
    const { run, rerun } = await waitingTick();
    const first = pulls()[0]!;
    h.fake.model.updateIssue(
      h.fake.model.mustRepo(h.repo),
      first.number,
      { state: "closed" },
      h.fake.model.user("ada"),
    );
    await rerun.press(run);
    const open = pulls().filter((p) => p.state === "open");
    expect(open).toHaveLength(1);
    expect(open[0]?.number).not.toBe(first.number);
    expect(h.fake.file(h.repo, WB_PLAN_PATH, open[0]!.headRef)).toContain("| [x] GAIN1 |");
    const runs = h.fake.checkRuns(h.repo).filter((r) => r.name === "plan-sync/write-back");
    expect(runs).toHaveLength(2);
    expect(runs[1]?.output.title).toContain(`#${open[0]!.number}`);
  });

  it("after the pull request was merged: nothing more is written, and a new check run says nothing waits", async () => {
    const { run, rerun } = await waitingTick();
    h.fake.unprotectBranch(h.repo, "main");
    h.fake.mergePullRequest(h.repo, pulls()[0]!.number, "ada");
    h.fake.protectBranch(h.repo, "main");
    h.fake.resetCounters();
    await rerun.press(run);
    expect(h.fake.writes().map((w) => `${w.method} ${w.path}`)).toEqual(["POST /repos/acme/plans/check-runs"]);
    const runs = h.fake.checkRuns(h.repo).filter((r) => r.name === "plan-sync/write-back");
    expect(runs.at(-1)).toMatchObject({
      headSha: run.headSha,
      conclusion: "success",
      output: expect.objectContaining({ title: "Nothing waits any more" }),
    });
  });

  it("a write-back check that names no pull request: a neutral check run says the next issue event writes the plan", async () => {
    const { run, rerun } = await waitingTick();
    await rerun.press({ ...run, output: { ...run.output, title: "Plan update", summary: "no number here" } });
    const last = h.fake.checkRuns(h.repo).at(-1);
    expect(last).toMatchObject({
      name: "plan-sync/write-back",
      conclusion: "neutral",
      output: expect.objectContaining({ title: "Write-back not re-run" }),
    });
    expect(last?.output.summary).toContain("next time one of its issues is closed or reopened");
  });
});
