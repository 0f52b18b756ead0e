import { afterEach, describe, expect, it } from "vitest";
import { PLAN, PLAN_PATH, startApp, type TestApp } from "../support/start-app.js";
import { isTaskIssue } from "../support/tracking-issues.js";

/**
 * A push that changes `.github/plan-sync.yml` syncs every plan of the
 * repository, not only the plans it changed: the new config reaches issues
 * of plans nobody touched, and plans pushed while the config was broken
 * sync at last.
 */

let h: TestApp;
afterEach(async () => {
  h.github.assertNoUnexpected();
  await h.stop();
});

const CONFIG = ".github/plan-sync.yml";
const OTHER_PATH = "docs/plans/billing.md";
/** A second plan, EDH tasks only, so its issues never clash with PLAN's. */
const OTHER = PLAN.replace("Semantic search", "Billing")
  .replace(/DATA(\d)/g, "EDH$1")
  .replace(/GAIN(\d)/g, "EDH$1$1");
const BROKEN_PATH = "docs/plans/broken.md";
const BROKEN =
  "# Broken\n\n| Task ID | Description | Acceptance Criteria | Effort |\n|---|---|---|---|\n| GAIN7 | One | Ok | 1 |\n| GAIN7 | Twice | Ok | 1 |\n";

/** The App's task issues; the plan's tracking issue (on by default) is counted apart. */
const taskIssues = () => h.github.issues(h.repo).filter((i) => i.user.login === h.github.botLogin && isTaskIssue(i));
const labelsOf = (taskId: string) => [...(h.issueByTask(taskId)?.labels ?? [])].sort();
const runOn = (sha: string) => h.github.checkRuns(h.repo).filter((r) => r.headSha === sha);

describe("a push that changes only the config", () => {
  it("brings a new area label to the issues of every plan, and acts on no checkbox the push did not change", async () => {
    h = await startApp();
    await h.push({ [PLAN_PATH]: PLAN, [OTHER_PATH]: OTHER });
    expect(taskIssues()).toHaveLength(8);
    expect(labelsOf("DATA2")).toEqual(["DATA", "plan-sync"]);
    // Someone reopens DATA1 by hand; the plan still says [x] (no write-back runs in this harness).
    const data1 = h.issueByTask("DATA1")!;
    h.github.updateIssue(h.repo, data1.number, { state: "open" }, "grace");

    const sha = await h.push(
      { [CONFIG]: "areas:\n  DATA:\n    label: team-data\n  EDH:\n    label: team-edh\n" },
      "Name the DATA and EDH areas",
    );

    // Labels are added, never taken away (the reconciler leaves labels it did not add alone).
    expect(labelsOf("DATA2")).toEqual(["DATA", "plan-sync", "team-data"]);
    expect(labelsOf("EDH1")).toEqual(["EDH", "plan-sync", "team-edh"]);
    expect(labelsOf("GAIN1")).toEqual(["GAIN", "plan-sync"]);
    // Relabelled, not closed again: DATA1's tick was not part of this push.
    expect(h.issueByTask("DATA1")).toMatchObject({ state: "open" });
    expect(labelsOf("DATA1")).toContain("team-data");
    expect(taskIssues()).toHaveLength(8);
    const runs = runOn(sha);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ conclusion: "success" });
    expect(runs[0]?.output.title).toBe("Updated 6");
  });

  it("a config change that the issues do not show costs reads only: no write, no check run", async () => {
    h = await startApp();
    await h.push({ [PLAN_PATH]: PLAN, [OTHER_PATH]: OTHER });
    h.github.resetCounters();
    const sha = await h.push({ [CONFIG]: "writeBack: false\n" }, "Turn write-back off");
    expect(h.writes()).toEqual([]);
    expect(runOn(sha)).toEqual([]);
    // One listing of the tree, and each plan read at both ends of the push.
    const reads = h.github.requests.filter((r) => r.method === "GET").map((r) => r.path);
    expect(reads.filter((p) => p.includes("/git/trees/"))).toHaveLength(1);
    expect(reads.filter((p) => p.endsWith(`/contents/${OTHER_PATH}`))).toHaveLength(2);
  });

  it("fixing a broken config syncs the plan pushed while it was broken", async () => {
    h = await startApp();
    await h.push({ [CONFIG]: "paths:\n  - docs/plans/**\n links: false\n" }, "A broken config");
    const planSha = await h.push({ [PLAN_PATH]: PLAN }, "Add the plan");
    expect(taskIssues()).toEqual([]);
    expect(runOn(planSha)[0]).toMatchObject({ conclusion: "failure" });

    const fixSha = await h.push({ [CONFIG]: "paths:\n  - docs/plans/**\nlinks: false\n" }, "Fix the config");

    expect(taskIssues().map((i) => [i.title.split(":")[0], i.state])).toEqual([
      ["DATA1", "closed"],
      ["DATA2", "open"],
      ["GAIN1", "open"],
      ["GAIN2", "open"],
    ]);
    expect(runOn(fixSha)[0]).toMatchObject({ conclusion: "success" });
    expect(runOn(fixSha)[0]?.output.title).toBe("Created 4 issues, closed 1");
  });

  it("a plan with errors fails the check at its lines while the other plans sync", async () => {
    h = await startApp({ files: { "README.md": "# plans\n", [BROKEN_PATH]: BROKEN, [OTHER_PATH]: OTHER } });
    await h.push({ [PLAN_PATH]: PLAN });
    expect(taskIssues()).toHaveLength(4);

    const sha = await h.push({ [CONFIG]: "areas:\n  GAIN:\n    label: team-gain\n" }, "Name the GAIN area");

    expect(labelsOf("GAIN1")).toContain("team-gain");
    // The plan that was in the repository before the App was installed is synced too.
    expect(taskIssues()).toHaveLength(8);
    expect(taskIssues().some((i) => i.title.startsWith("GAIN7"))).toBe(false);
    const run = runOn(sha)[0];
    expect(run).toMatchObject({ conclusion: "failure" });
    expect(run?.output.title).toBe(`1 error in ${BROKEN_PATH}`);
    expect(run?.output.annotations).toEqual([
      expect.objectContaining({ path: BROKEN_PATH, start_line: 6, annotation_level: "failure" }),
    ]);
  });

  it("a repository too big for one listing: the check run says plans may have been missed", async () => {
    h = await startApp({ files: { "README.md": "# plans\n", [OTHER_PATH]: OTHER } });
    h.github.model.treeEntryLimit = 2;
    const sha = await h.push({ [CONFIG]: "areas:\n  EDH:\n    label: team-edh\n" }, "Name the EDH area");
    const run = runOn(sha)[0];
    expect(run?.output.summary).toMatch(/- Note: GitHub listed only the first 2 files and folders of this repository/);
  });
});

describe("a push with more changed files than GitHub's compare lists", () => {
  it("still sees a tick in a plan the cut-off list leaves out: every plan is synced against its version before the push", async () => {
    h = await startApp();
    await h.push({ [PLAN_PATH]: PLAN });
    const data2 = h.issueByTask("DATA2")!;
    // 300 files that sort before docs/: the fake, like GitHub, lists only the first 300.
    const bulk = Object.fromEntries(
      Array.from({ length: 300 }, (_, i) => [`assets/file-${String(i).padStart(3, "0")}.txt`, `${i}\n`]),
    );
    const ticked = h.planText()!.replace(/\| DATA2 \(/, "| [x] DATA2 (");
    const sha = await h.push({ ...bulk, [PLAN_PATH]: ticked }, "Vendor assets and tick DATA2");

    expect(h.github.issue(h.repo, data2.number)).toMatchObject({ state: "closed", stateReason: "completed" });
    const run = runOn(sha)[0];
    expect(run?.output.summary).toContain("more files than GitHub lists in a comparison");
  });
});
