import { afterEach, describe, expect, it } from "vitest";
import { PLAN, PLAN_PATH, startApp, type TestApp } from "../support/start-app.js";

let h: TestApp;
afterEach(async () => {
  h.github.assertNoUnexpected();
  await h.stop();
});

describe("push a plan, get issues", () => {
  it("first push: one labelled issue per task, the done one closed, links written back in one commit, a passing check run", async () => {
    h = await startApp();
    const sha = await h.push({ [PLAN_PATH]: PLAN }, "Add the search plan");

    const issues = h.github.issues(h.repo);
    expect(issues.map((i) => i.title)).toEqual([
      "DATA1: Embeddings table",
      "DATA2: Nightly embedding ETL",
      "GAIN1: Search API",
      "GAIN2: Search results page",
      // The plan's tracking issue, titled from its feature name; its sub-issues are the four task issues.
      "Semantic search (plan)",
    ]);
    expect(issues.every((i) => i.user.login === h.github.botLogin)).toBe(true);
    expect(h.github.subIssues(h.repo, issues[4]!.number)).toEqual(
      issues.slice(0, 4).map((i) => `acme/plans#${i.number}`),
    );
    expect(h.issueByTask("DATA2")?.labels).toEqual(expect.arrayContaining(["plan-sync", "DATA"]));
    expect(h.issueByTask("GAIN1")?.labels).toEqual(expect.arrayContaining(["plan-sync", "GAIN"]));
    expect(h.issueByTask("DATA1")).toMatchObject({ state: "closed", stateReason: "completed" });
    expect(h.issueByTask("DATA2")?.state).toBe("open");

    const n = (id: string) => h.issueByTask(id)?.number;
    const text = h.planText() ?? "";
    expect(text).toContain(`| [x] DATA1 ([#${n("DATA1")}](https://github.com/acme/plans/issues/${n("DATA1")})) |`);
    expect(text).toContain(`| GAIN2 ([#${n("GAIN2")}](https://github.com/acme/plans/issues/${n("GAIN2")})) |`);
    const appCommits = h.github.log(h.repo).filter((c) => c.authorLogin === h.github.botLogin);
    expect(appCommits).toHaveLength(1);
    expect(appCommits[0]?.message).toMatch(/^plan-sync: link DATA1, DATA2, GAIN1, GAIN2 to their issues/);

    const runs = h.github.checkRuns(h.repo);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ name: "plan-sync", headSha: sha, status: "completed", conclusion: "success" });
    expect(runs[0]?.output.title).toBe("Created 4 issues, closed 1");
    expect(runs[0]?.output.summary).toContain(`[#${n("GAIN1")}](https://github.com/acme/plans/issues/${n("GAIN1")})`);
  });
});
