import { describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

const NO_CONFIG = "plan-sync: no .github/plan-sync.yml found up to the repository root (.); using the App's defaults\n";

describe("plan-sync check", () => {
  it("prints nothing but the summary for a clean plan and exits 0", async () => {
    const run = await runCli("check", "fixtures/cli/clean.md");
    expect(run).toEqual({ code: 0, stdout: "0 errors, 0 warnings in 1 file\n", stderr: NO_CONFIG });
  });

  it("prints each diagnostic as path:line:col: severity: message, sorted, then a summary, and exits 1", async () => {
    const run = await runCli("check", "fixtures/cli/problems.md", "fixtures/cli/clean.md");
    expect(run.code).toBe(1);
    expect(run.stdout.split("\n")).toEqual([
      "fixtures/cli/problems.md:10:3: error: Task ID DATA1 is used twice: first at line 9. Each task needs its own ID; this row is not read.",
      'fixtures/cli/problems.md:11:3: warning: Row is still template text ("[Task ID]") and is skipped; fill it in or delete the row.',
      expect.stringMatching(/^fixtures\/cli\/problems\.md:12:1: warning: Row has 5 cells but the table header has 4/),
      "1 error, 2 warnings in 2 files",
      "",
    ]);
  });

  it("sorts by file, whatever order the files are given in", async () => {
    const run = await runCli("check", "fixtures/plans/diagnostics-ids/plan.md", "fixtures/cli/problems.md");
    const paths = run.stdout
      .trim()
      .split("\n")
      .slice(0, -1)
      .map((l) => l.split(":")[0]);
    expect(paths[0]).toBe("fixtures/cli/problems.md");
    expect(paths.at(-1)).toBe("fixtures/plans/diagnostics-ids/plan.md");
    const lines = run.stdout
      .trim()
      .split("\n")
      .filter((l) => l.startsWith("fixtures/plans/"))
      .map((l) => Number(l.split(":")[1]));
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
  });

  it("exits 0 when there are only warnings (the unfilled template)", async () => {
    const run = await runCli("check", "fixtures/plans/template/plan.md");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^fixtures\/plans\/template\/plan\.md:\d+:\d+: warning: /);
    expect(run.stdout).toMatch(/\n0 errors, \d+ warnings in 1 file\n$/);
  });

  it("warns about a file that is not a plan instead of calling it clean", async () => {
    const run = await runCli("check", "fixtures/cli/not-a-plan.md");
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      'fixtures/cli/not-a-plan.md:1:1: warning: No task table found (a table with a "Task ID" column): this file would produce no issues. Is it a plan?\n0 errors, 1 warning in 1 file\n',
    );
  });

  it("reports a missing file by name as an error, still checks the others, and exits 1", async () => {
    const run = await runCli("check", "fixtures/cli/clean.md", "no/such-plan.md");
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(
      "no/such-plan.md: error: cannot read no/such-plan.md: no such file\n1 error, 0 warnings in 2 files\n",
    );
  });

  it("is a usage error for an unknown option", async () => {
    const run = await runCli("check", "--fix", "fixtures/cli/clean.md");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("plan-sync check: unknown option --fix\n");
    expect(run.stdout).toBe("");
  });
});
