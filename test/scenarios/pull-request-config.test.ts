import { afterEach, describe, expect, it } from "vitest";
import { PLAN, PLAN_PATH, startApp, type TestApp } from "../support/start-app.js";

/**
 * A pull request is told when `.github/plan-sync.yml` is invalid: its
 * `plan-sync` check fails with the errors at their lines, both when the
 * default branch's config is broken and when the PR itself breaks it.
 */

let h: TestApp;
afterEach(async () => {
  h.github.assertNoUnexpected();
  await h.stop();
});

const CONFIG = ".github/plan-sync.yml";
const withGain3 = PLAN.replace(
  "| GAIN2 | Search results page | Shows hits | 3 |",
  "| GAIN2 | Search results page | Shows hits | 3 |\n| GAIN3 | Ranking | Better hits first | 8 |",
);
const headOf = (pr: number) => h.github.branchHead(h.repo, h.github.pull(h.repo, pr)!.headRef);
const runsOn = (sha: string) => h.github.checkRuns(h.repo).filter((r) => r.headSha === sha);

describe("a pull request and an invalid config", () => {
  it("the PR breaks the config: the check on its head fails at the bad key's line, and no preview is posted", async () => {
    h = await startApp({ files: { [PLAN_PATH]: PLAN, "README.md": "# plans\n" }, synced: true });
    const pr = h.openPr({ branch: "cfg", files: { [CONFIG]: "paths:\n  - docs/**\nmassClose:\n  maxFraction: 2\n" } });
    await h.deliverPr(pr, "opened");

    const runs = runsOn(headOf(pr));
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ name: "plan-sync", status: "completed", conclusion: "failure" });
    expect(runs[0]?.output.title).toBe(`1 error in ${CONFIG}`);
    expect(runs[0]?.output.summary).toContain("massClose.maxFraction: expected a number between 0 and 1");
    expect(runs[0]?.output.summary).toContain("this pull request");
    expect(runs[0]?.output.annotations).toEqual([
      expect.objectContaining({ path: CONFIG, start_line: 4, annotation_level: "failure" }),
    ]);
    expect(h.statusComments(pr)).toEqual([]);
  });

  it("the PR's config is not YAML: the check fails at the parser's line", async () => {
    h = await startApp({ files: { [PLAN_PATH]: PLAN, "README.md": "# plans\n" }, synced: true });
    const pr = h.openPr({ branch: "cfg", files: { [CONFIG]: "links: true\nareas:\n  DATA:\n    label: [data\n" } });
    await h.deliverPr(pr, "opened");
    const [run] = runsOn(headOf(pr));
    expect(run).toMatchObject({ conclusion: "failure" });
    expect(run?.output.summary).toContain("not valid YAML");
    expect(run?.output.annotations).toEqual([
      expect.objectContaining({
        path: CONFIG,
        annotation_level: "failure",
        message: expect.stringMatching(/^line \d+, column \d+: not valid YAML/),
      }),
    ]);
  });

  it("the default branch's config is broken and the PR changes a plan: the check fails with the base's errors at their lines", async () => {
    h = await startApp({
      files: { [PLAN_PATH]: PLAN, "README.md": "# plans\n", [CONFIG]: "links: true\ntitleLenght: 60\n" },
      synced: true,
    });
    const pr = h.openPr({ branch: "plan/gain3", files: { [PLAN_PATH]: withGain3 } });
    await h.deliverPr(pr, "opened");

    const [run] = runsOn(headOf(pr));
    expect(run).toMatchObject({ conclusion: "failure" });
    expect(run?.output.summary).toContain("titleLenght: unknown key, did you mean `titleLength`?");
    expect(run?.output.summary).toContain("base branch");
    expect(run?.output.annotations).toEqual([expect.objectContaining({ path: CONFIG, start_line: 2 })]);
    // Nothing is written but the check: no preview comment with made-up settings, no issue.
    expect(h.writes().map((w) => w.path)).toEqual([expect.stringContaining("/check-runs")]);
  });

  it("the default branch's config is broken and the PR touches no plan: nothing is written", async () => {
    h = await startApp({
      files: { [PLAN_PATH]: PLAN, "README.md": "# plans\n", [CONFIG]: "titleLenght: 60\n" },
      synced: true,
    });
    const pr = h.openPr({ branch: "docs", files: { "README.md": "# plans\n\nMore.\n" } });
    await h.deliverPr(pr, "opened");
    expect(h.writes()).toEqual([]);
  });

  it("a PR that fixes the broken config is previewed with its fixed version", async () => {
    h = await startApp({
      files: { [PLAN_PATH]: PLAN, "README.md": "# plans\n", [CONFIG]: "titleLenght: 60\n" },
      synced: true,
    });
    const pr = h.openPr({ branch: "fix", files: { [CONFIG]: "titleLength: 60\n", [PLAN_PATH]: withGain3 } });
    await h.deliverPr(pr, "opened");
    const [run] = runsOn(headOf(pr));
    expect(run).toMatchObject({ conclusion: "success" });
    expect(h.statusComments(pr)[0]?.body).toContain("GAIN3: Ranking");
  });

  it("a valid config change in a PR keeps the usual preview", async () => {
    h = await startApp({ files: { [PLAN_PATH]: PLAN, "README.md": "# plans\n" }, synced: true });
    const pr = h.openPr({ branch: "cfg", files: { [CONFIG]: "links: false\n", [PLAN_PATH]: withGain3 } });
    await h.deliverPr(pr, "opened");
    expect(runsOn(headOf(pr))).toEqual([expect.objectContaining({ conclusion: "success" })]);
  });
});
