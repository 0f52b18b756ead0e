import { afterEach, describe, expect, it } from "vitest";
import { createSyncCommand } from "../../src/cli/sync-command.js";
import { WritePacer } from "../../src/github/write-pacer.js";
import { parseMarker } from "../../src/render/marker.js";
import { PLAN, PLAN_PATH, startApp, type TestApp } from "../support/start-app.js";
import { isTaskIssue } from "../support/tracking-issues.js";

/**
 * A repository that synced its plans with the workflow (`plan-sync sync` over
 * GITHUB_TOKEN, issues by github-actions[bot]) and then installs the App.
 */

const WORKFLOW = "github-actions[bot]";
let h: TestApp;
afterEach(async () => {
  h.github.assertNoUnexpected();
  await h.stop();
});

/** The workflow's run of `plan-sync sync` on the plan, as its GITHUB_TOKEN. */
async function workflowSync(): Promise<number> {
  h.github.addToken("workflow-token", WORKFLOW, { installationToken: true });
  const command = createSyncCommand({
    env: { GITHUB_TOKEN: "workflow-token", GITHUB_API_URL: h.github.url, GITHUB_ACTIONS: "true" },
    isTTY: false,
    pacer: () => new WritePacer({ timeScale: 10_000 }),
  });
  return command.run([PLAN_PATH, "--repo", "acme/plans"], { stdout: () => {}, stderr: () => {}, cwd: "/" });
}

/** Task issues by author (each identity keeps its own tracking issue of the plan, not counted here). */
const byAuthor = (login: string) => h.github.issues(h.repo).filter((i) => i.user.login === login && isTaskIssue(i));

describe("the App installed where the workflow already made the issues", () => {
  it("a push creates none of the tasks' issues again: the check run names the workflow's issues and how to move them", async () => {
    h = await startApp({ files: { [PLAN_PATH]: PLAN } });
    expect(await workflowSync()).toBe(0);
    const theirs = byAuthor(WORKFLOW);
    expect(theirs.map((i) => parseMarker(i.body ?? "")?.task)).toEqual(["DATA1", "DATA2", "GAIN1", "GAIN2"]);

    // A person adds GAIN3: that task has no issue anywhere, the four others have the workflow's.
    const withGain3 = h.planText()!.replace(/(\| GAIN2 [^\n]*\n)/, "$1| GAIN3 | Ranking | Better hits first | 8 |\n");
    h.github.resetCounters();
    const sha = await h.push({ [PLAN_PATH]: withGain3 }, "Add GAIN3");

    expect(byAuthor(h.github.botLogin).map((i) => i.title)).toEqual(["GAIN3: Ranking"]);
    expect(h.github.issues(h.repo).filter(isTaskIssue)).toHaveLength(5);
    const run = h.github.checkRuns(h.repo).find((r) => r.headSha === sha);
    expect(run).toMatchObject({ status: "completed", conclusion: "success" });
    for (const issue of theirs)
      expect(run?.output.summary).toContain(
        `([#${issue.number}](https://github.com/acme/plans/issues/${issue.number}))`,
      );
    expect(run?.output.summary).toContain(`by ${WORKFLOW}`);
    expect(run?.output.summary).toContain("remove the `plan-sync` label");
    expect(run?.output.title).toMatch(/^Created 1 issue; 4 tasks left to github-actions\[bot\]'s issues/);
  });

  it("once the workflow's issues lose the plan-sync label, the next push gives every task the App's own issue", async () => {
    h = await startApp({ files: { [PLAN_PATH]: PLAN } });
    await workflowSync();
    await h.push({ [PLAN_PATH]: `${h.planText()!}\nMore prose.\n` }, "Prose");
    expect(byAuthor(h.github.botLogin)).toEqual([]);

    for (const issue of byAuthor(WORKFLOW))
      h.github.updateIssue(h.repo, issue.number, { labels: issue.labels.filter((l) => l !== "plan-sync") }, "ada");
    const sha = await h.push({ [PLAN_PATH]: `${h.planText()!}\nEven more prose.\n` }, "Prose again");

    expect(byAuthor(h.github.botLogin).map((i) => i.title.split(":")[0])).toEqual(["DATA1", "DATA2", "GAIN1", "GAIN2"]);
    expect(h.github.checkRuns(h.repo).find((r) => r.headSha === sha)?.output.title).toBe("Created 4 issues, closed 1");
    const gain1 = byAuthor(h.github.botLogin).find((i) => i.title.startsWith("GAIN1:"))!.number;
    expect(h.planText()).toContain(`| GAIN1 ([#${gain1}](https://github.com/acme/plans/issues/${gain1})) |`);
  });
});
