import { describe, expect, it } from "vitest";
import type { CheckJson } from "../../src/cli/check-report.js";
import { runCli, runCliIn } from "./run-cli.js";
import { tempRepo } from "./temp-repo.js";

describe("plan-sync check --format json", () => {
  it("prints one JSON document with every file's result, nothing else, exit 1 on errors", async () => {
    const run = await runCli(
      "check",
      "--format",
      "json",
      "fixtures/cli/problems.md",
      "fixtures/cli/clean.md",
      "gone.md",
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toBe("");
    const json = JSON.parse(run.stdout) as CheckJson;
    expect(json).toMatchObject({ version: 1, ok: false, errors: 2, warnings: 2, maxWarnings: null });
    expect(json.files.map((f) => [f.path, f.config, f.tasks, f.diagnostics.length])).toEqual([
      ["fixtures/cli/problems.md", null, 2, 3],
      ["fixtures/cli/clean.md", null, 3, 0],
      ["gone.md", null, null, 1],
    ]);
    expect(json.files[0]?.diagnostics[0]).toEqual({
      path: "fixtures/cli/problems.md",
      line: 10,
      column: 3,
      severity: "error",
      code: "duplicate-id",
      message: "Task ID DATA1 is used twice: first at line 9. Each task needs its own ID; this row is not read.",
    });
    expect(json.files[2]?.diagnostics[0]).toEqual({
      path: "gone.md",
      line: null,
      column: null,
      severity: "error",
      code: "unreadable",
      message: "cannot read gone.md: no such file",
    });
  });

  it("says ok with exit 0 for a clean plan", async () => {
    const run = await runCli("check", "--format=json", "fixtures/cli/clean.md");
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: true, errors: 0, warnings: 0 });
  });
});

describe("plan-sync check --format github", () => {
  it("prints a workflow command per problem, at its line and column, warnings as ::warning", async () => {
    const run = await runCli("check", "--format", "github", "fixtures/cli/problems.md");
    expect(run.code).toBe(1);
    expect(run.stdout.split("\n")).toEqual([
      "::error file=fixtures/cli/problems.md,line=10,col=3,title=plan-sync duplicate-id::Task ID DATA1 is used twice: first at line 9. Each task needs its own ID; this row is not read.",
      '::warning file=fixtures/cli/problems.md,line=11,col=3,title=plan-sync placeholder-row::Row is still template text ("[Task ID]") and is skipped; fill it in or delete the row.',
      expect.stringMatching(
        /^::warning file=fixtures\/cli\/problems\.md,line=12,col=1,title=plan-sync cell-count::Row has 5 cells/,
      ),
      "1 error, 2 warnings in 1 file",
      "",
    ]);
  });

  it("escapes what would end a property or start a new command", async () => {
    const dir = tempRepo({ "a,b:c.md": "no table\n" });
    const run = await runCliIn(dir, ["check", "--format", "github", "a,b:c.md", "100%.md"]);
    expect(run.stdout).toContain(
      "::warning file=a%2Cb%3Ac.md,line=1,col=1,title=plan-sync not-a-plan::No task table found",
    );
    expect(run.stdout).toContain(
      "::error file=100%25.md,title=plan-sync unreadable::cannot read 100%25.md: no such file\n",
    );
  });

  it("places annotations relative to GITHUB_WORKSPACE when run from a subfolder", async () => {
    const dir = tempRepo({ "docs/plan.md": "no table\n" });
    const run = await runCliIn(`${dir}/docs`, ["check", "--format", "github", "plan.md"], {
      env: { GITHUB_WORKSPACE: dir },
    });
    expect(run.stdout).toMatch(/^::warning file=docs\/plan\.md,line=1,col=1,/);
  });
});

describe("plan-sync check --max-warnings", () => {
  // The unfilled template: 0 errors, 6 warnings (its placeholder rows).
  const template = "fixtures/plans/template/plan.md";

  it("passes at the limit and fails above it, saying why", async () => {
    expect((await runCli("check", template, "--max-warnings", "6")).code).toBe(0);
    const over = await runCli("check", template, "--max-warnings", "5");
    expect(over.code).toBe(1);
    expect(over.stdout).toMatch(/\n0 errors, 6 warnings in 1 file \(more than --max-warnings 5\)\n$/);
    const json = JSON.parse((await runCli("check", template, "--max-warnings=0", "--format=json")).stdout);
    expect(json).toMatchObject({ ok: false, errors: 0, warnings: 6, maxWarnings: 0 });
  });
});
