import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../../src/plan/types.js";
import { CHECK_SUMMARY_LIMIT, parseCheckRunSummary, renderCheckRun } from "../../src/render/check-run.js";
import type { PlanOutcome } from "../../src/sync/plan-outcome.js";
import type { SyncAction } from "../../src/sync/types.js";

const diagnostic = (line: number, severity: Diagnostic["severity"] = "error"): Diagnostic => ({
  path: "plans/p.md",
  line,
  column: 1,
  severity,
  code: "duplicate-id",
  message: `problem at ${line}`,
});
const outcome = (over: Partial<PlanOutcome> = {}): PlanOutcome => ({
  path: "plans/p.md",
  diagnostics: [],
  actions: [],
  blocked: null,
  notes: [],
  ...over,
});
const create = (i: number): Extract<SyncAction, { type: "create-issue" }> => ({
  type: "create-issue",
  path: "plans/p.md",
  taskId: `GAIN${i}`,
  title: `GAIN${i}: task number ${i} ${"x".repeat(80)}`,
  body: "",
  labels: [],
});

describe("renderCheckRun", () => {
  it("fails with one annotation per diagnostic, errors as failures and warnings as warnings", () => {
    const run = renderCheckRun({
      mode: "preview",
      plans: [outcome({ diagnostics: [diagnostic(7, "warning"), diagnostic(3)] })],
    });
    expect(run.conclusion).toBe("failure");
    expect(run.name).toBe("plan-sync");
    expect(run.annotations).toEqual([
      {
        path: "plans/p.md",
        startLine: 3,
        endLine: 3,
        level: "failure",
        message: "problem at 3",
        title: "duplicate-id",
      },
      {
        path: "plans/p.md",
        startLine: 7,
        endLine: 7,
        level: "warning",
        message: "problem at 7",
        title: "duplicate-id",
      },
    ]);
  });

  it("succeeds when there are only warnings, and still annotates them", () => {
    const run = renderCheckRun({ mode: "preview", plans: [outcome({ diagnostics: [diagnostic(7, "warning")] })] });
    expect(run.conclusion).toBe("success");
    expect(run.annotations).toHaveLength(1);
  });

  it("annotates every diagnostic, even beyond GitHub's 50 per request (the gateway splits them)", () => {
    const diagnostics = Array.from({ length: 120 }, (_, i) => diagnostic(i + 1));
    const run = renderCheckRun({ mode: "preview", plans: [outcome({ diagnostics })] });
    expect(run.annotations).toHaveLength(120);
    expect(run.title).toBe("120 errors in plans/p.md");
  });

  it("keeps the summary within GitHub's 65,535 characters, saying it was cut", () => {
    const plans = Array.from({ length: 80 }, (_, p) =>
      outcome({
        path: `plans/${p}.md`,
        actions: Array.from({ length: 60 }, (_, i) => create(i)),
        notes: ["n".repeat(900)],
      }),
    );
    const run = renderCheckRun({ mode: "applied", plans });
    expect(run.summary.length).toBeLessThanOrEqual(CHECK_SUMMARY_LIMIT);
    expect(run.summary).toMatch(/Summary truncated \(\d+ more characters\)/);
    // The per-plan table comes first, so counts survive truncation.
    expect(parseCheckRunSummary(run.summary)).toHaveLength(80);
  });

  it("titles a preview by what merging will do, and an applied sync by what it did", () => {
    const actions: SyncAction[] = [
      create(1),
      { type: "close-issue", path: "plans/p.md", taskId: "GAIN9", issueNumber: 9, reason: "not_planned" },
    ];
    expect(renderCheckRun({ mode: "preview", plans: [outcome({ actions })] }).title).toBe(
      "Merging will create 1 issue, close 1",
    );
    expect(renderCheckRun({ mode: "applied", plans: [outcome({ actions })] }).title).toBe("Created 1 issue, closed 1");
    expect(renderCheckRun({ mode: "applied", plans: [outcome()] }).title).toBe("Issues already in sync");
  });

  it("counts an issue created already done as created and as closed (completed)", () => {
    const done: SyncAction = { ...create(1), closeAsCompleted: true };
    const applied = renderCheckRun({
      mode: "applied",
      repoUrl: "https://github.com/o/r",
      created: [{ path: "plans/p.md", taskId: "GAIN1", number: 40 }],
      plans: [outcome({ actions: [done, create(2)] })],
    });
    expect(applied.title).toBe("Created 2 issues, closed 1");
    expect(parseCheckRunSummary(applied.summary)).toEqual([expect.objectContaining({ create: 2, close: 1 })]);
    expect(applied.summary).toContain("- **Closed** (1): [#40](https://github.com/o/r/issues/40) `GAIN1` (completed");
    expect(renderCheckRun({ mode: "preview", plans: [outcome({ actions: [done] })] }).title).toBe(
      "Merging will create 1 issue, close 1",
    );
  });

  it("says so in the title when closing was held back", () => {
    const run = renderCheckRun({ mode: "preview", plans: [outcome({ blocked: "would close 9 of 10 issues" })] });
    expect(run.title).toBe("No issue changes on merge; closing held back");
    expect(run.summary).toContain("**Closing held back.** would close 9 of 10 issues");
  });

  it("links issues when the repository URL is known, including ones an applied sync created", () => {
    const run = renderCheckRun({
      mode: "applied",
      repoUrl: "https://github.com/o/r",
      created: [{ path: "plans/p.md", taskId: "GAIN1", number: 40 }],
      plans: [outcome({ actions: [create(1)] })],
    });
    expect(run.summary).toContain("[#40](https://github.com/o/r/issues/40) `GAIN1`");
  });

  it("reads back counts for paths with pipes and backticks", () => {
    const run = renderCheckRun({ mode: "preview", plans: [outcome({ path: "a|b/`c`.md", actions: [create(1)] })] });
    expect(parseCheckRunSummary(run.summary)).toEqual([
      { path: "a|b/`c`.md", create: 1, update: 0, close: 0, reopen: 0, errors: 0, warnings: 0 },
    ]);
  });

  it("finds no counts in a summary it did not write", () => {
    expect(parseCheckRunSummary("All good")).toEqual([]);
  });
});
