import { afterEach, describe, expect, it } from "vitest";
import { PLAN, PLAN_PATH, startApp, type TestApp } from "../support/start-app.js";
import { isTaskIssue } from "../support/tracking-issues.js";

/**
 * IDs with a prefix the config names as an area are task IDs: a table of
 * them under a header that is not "Task ID" is reported, not read as some
 * other table whose tasks would then count as removed.
 */

let h: TestApp;
afterEach(async () => {
  h.github.assertNoUnexpected();
  await h.stop();
});

const CONFIG = ".github/plan-sync.yml";
const OPS_CONFIG = "areas:\n  OPS:\n    label: team-ops\n";
/** PLAN plus an OPS table whose header says "ID": no Effort column, nothing but the prefix marks it as tasks. */
const WITH_OPS_TABLE = `${PLAN}\n### 3. Operations\n\n| ID | Summary |\n|---|---|\n| OPS1 | Rotate keys |\n`;
const OPS_HEADER_LINE = WITH_OPS_TABLE.split("\n").indexOf("| ID | Summary |") + 1;

/** The App's task issues; the plan's tracking issue (on by default) is counted apart. */
const taskIssues = () => h.github.issues(h.repo).filter((i) => i.user.login === h.github.botLogin && isTaskIssue(i));
const runOn = (sha: string) => h.github.checkRuns(h.repo).find((r) => r.headSha === sha);

describe("a configured area prefix under a misspelt Task ID header", () => {
  it("a pushed plan fails its check at the header's line and syncs nothing", async () => {
    h = await startApp({ files: { "README.md": "# plans\n", [CONFIG]: OPS_CONFIG } });
    const sha = await h.push({ [PLAN_PATH]: WITH_OPS_TABLE });
    expect(taskIssues()).toEqual([]);
    const run = runOn(sha);
    expect(run).toMatchObject({ status: "completed", conclusion: "failure" });
    expect(run?.output.annotations).toContainEqual(
      expect.objectContaining({
        path: PLAN_PATH,
        start_line: OPS_HEADER_LINE,
        annotation_level: "failure",
        message: expect.stringContaining("OPS1"),
      }),
    );
  });

  it("without OPS in the config the same plan syncs: the table is not a task table", async () => {
    h = await startApp();
    const sha = await h.push({ [PLAN_PATH]: WITH_OPS_TABLE });
    expect(taskIssues()).toHaveLength(4);
    expect(runOn(sha)).toMatchObject({ conclusion: "success" });
  });

  it("a config push that names the area reports the error in the plan nobody touched, and closes nothing", async () => {
    h = await startApp();
    await h.push({ [PLAN_PATH]: WITH_OPS_TABLE });
    const open = taskIssues().filter((i) => i.state === "open").length;
    const sha = await h.push({ [CONFIG]: OPS_CONFIG }, "Add the OPS area");
    expect(taskIssues().filter((i) => i.state === "open")).toHaveLength(open);
    expect(runOn(sha)?.output.annotations).toContainEqual(
      expect.objectContaining({ path: PLAN_PATH, start_line: OPS_HEADER_LINE, annotation_level: "failure" }),
    );
  });
});
