import { afterEach, describe, expect, it } from "vitest";
import { ConfigCache } from "../../src/app/config-cache.js";
import { PLAN, PLAN_PATH, startApp, type TestApp } from "../support/start-app.js";
import { isTaskIssue } from "../support/tracking-issues.js";

let h: TestApp;
afterEach(async () => {
  h.github.assertNoUnexpected();
  await h.stop();
});

const CONFIG = ".github/plan-sync.yml";
/** The App's task issues; the plan's tracking issue (on by default) is counted apart. */
const taskIssues = () => h.github.issues(h.repo).filter((i) => i.user.login === h.github.botLogin && isTaskIssue(i));

describe("a .github/plan-sync.yml that is not valid YAML", () => {
  it("fails the push's check run naming the file and the line, and syncs nothing; fixing it syncs", async () => {
    h = await startApp();
    // Line 3 is indented one column less than the list item above it: a YAML syntax error.
    const broken = "paths:\n  - docs/plans/**\n links: false\n";
    const sha = await h.push({ [PLAN_PATH]: PLAN, [CONFIG]: broken }, "Add the plan and a config");

    expect(taskIssues()).toEqual([]);
    const runs = h.github.checkRuns(h.repo);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ name: "plan-sync", headSha: sha, status: "completed", conclusion: "failure" });
    expect(runs[0]?.output.title).toBe(`1 error in ${CONFIG}`);
    expect(runs[0]?.output.summary).toContain(`\`${CONFIG}\` is not valid`);
    expect(runs[0]?.output.summary).toMatch(/- line 3, column 1: not valid YAML: \S/);
    // On the file, at the line, where "Files changed" shows it.
    expect(runs[0]?.output.annotations).toEqual([
      expect.objectContaining({
        path: CONFIG,
        start_line: 3,
        end_line: 3,
        annotation_level: "failure",
        message: expect.stringMatching(/^line 3, column 1: not valid YAML/),
      }),
    ]);

    // The broken config is not remembered: the push that fixes it (and touches the plan) syncs.
    await h.push(
      { [CONFIG]: "paths:\n  - docs/plans/**\nlinks: false\n", [PLAN_PATH]: `${PLAN}\nReviewed.\n` },
      "Fix the config",
    );
    expect(taskIssues().map((i) => i.title.split(":")[0])).toEqual(["DATA1", "DATA2", "GAIN1", "GAIN2"]);
  });

  it("a setting with a bad value is annotated at its key's line", async () => {
    h = await startApp();
    const sha = await h.push({
      [PLAN_PATH]: PLAN,
      [CONFIG]: "paths:\n  - docs/plans/**\nmassClose:\n  maxFraction: 2\nwriteback: false\n",
    });

    expect(taskIssues()).toEqual([]);
    const run = h.github.checkRuns(h.repo).find((r) => r.headSha === sha);
    expect(run?.output.title).toBe(`2 errors in ${CONFIG}`);
    expect(run?.output.annotations.map((a) => [a.path, a.start_line, a.message])).toEqual([
      [CONFIG, 4, "massClose.maxFraction: expected a number between 0 and 1"],
      [CONFIG, 5, "writeback: unknown key, did you mean `writeBack`?"],
    ]);
  });

  it("a config that is a bare word, not settings, is reported the same way", async () => {
    h = await startApp();
    const sha = await h.push({ [PLAN_PATH]: PLAN, [CONFIG]: "writeBack\n" });

    expect(taskIssues()).toEqual([]);
    const run = h.github.checkRuns(h.repo).find((r) => r.headSha === sha);
    expect(run).toMatchObject({ conclusion: "failure" });
    expect(run?.output.summary).toContain("not a YAML mapping of settings");
  });
});

describe("ConfigCache", () => {
  it("still throws what is not the user's to fix, so the sync fails and is retried", async () => {
    const cache = new ConfigCache();
    const outage = Object.assign(new Error("Server Error"), { status: 502 });
    await expect(cache.load("k", { config: () => Promise.reject(outage) })).rejects.toBe(outage);
  });

  it("names a broken file inherited with _extends by its repository", async () => {
    const cache = new ConfigCache();
    const cause = Object.assign(
      new Error("Nested mappings are not allowed in compact mappings at line 2, column 7:\n\nframe"),
      { linePos: [{ line: 2, col: 7 }] },
    );
    const error = new Error(
      "[@probot/octokit-plugin-config] Configuration could not be parsed from https://api.github.com/repos/acme/.github/contents/.github%2Fplan-sync.yml (invalid YAML)",
      { cause },
    );
    const result = await cache.load("k", {
      config: () => Promise.reject(error),
      repo: () => ({ owner: "acme", repo: "plans" }),
    });
    expect(result).toEqual({
      ok: false,
      errors: [
        "line 2, column 7: not valid YAML (in acme/.github:.github/plan-sync.yml): Nested mappings are not allowed in compact mappings",
      ],
    });
  });
});
