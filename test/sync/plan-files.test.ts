import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, resolveAreas } from "../../src/config/config-schema.js";
import { parseChangedPlan, type ChangedPlanFile } from "../../src/sync/plan-files.js";

const PATH = "docs/plans/ops.md";

/** A task table, then a table of OPS tasks under a header that is not "Task ID" and with no Effort column: only the OPS prefix gives it away. */
const PLAN = [
  "# Ops plan",
  "",
  "| Task ID | Description | Acceptance Criteria | Effort |",
  "|---|---|---|---|",
  "| DATA1 | Embeddings table | Table exists | 3 |",
  "| GAIN1 | Search API | Returns hits | 5 |",
  "",
  "| ID | Summary |",
  "|---|---|",
  "| OPS1 | Rotate keys |",
  "",
].join("\n");

const file = (headText: string | null, baseText: string | null = null): ChangedPlanFile => ({
  path: PATH,
  change: baseText === null ? "added" : "modified",
  previousPath: null,
  headText,
  baseText,
});

const configWith = (areas: Record<string, { label?: string; color?: string }>) => ({
  ...DEFAULT_CONFIG,
  areas: resolveAreas(areas),
});
const missingColumn = (diagnostics: Array<{ code: string; line: number }>) =>
  diagnostics.filter((d) => d.code === "missing-task-id-column").map((d) => d.line);

describe("parseChangedPlan with the repository's config", () => {
  it("a table of IDs with a configured area prefix under a misspelt header is an error, on both sides of the change", async () => {
    const { plan, previousPlan } = await parseChangedPlan(file(PLAN, PLAN), configWith({ OPS: { label: "ops" } }));
    expect(missingColumn(plan!.diagnostics)).toEqual([8]);
    expect(plan!.diagnostics[0]?.message).toContain("OPS1");
    expect(missingColumn(previousPlan!.diagnostics)).toEqual([8]);
  });

  it("without OPS configured the same table is someone else's table, not an error", async () => {
    expect((await parseChangedPlan(file(PLAN), DEFAULT_CONFIG)).plan!.diagnostics).toEqual([]);
    expect((await parseChangedPlan(file(PLAN))).plan!.diagnostics).toEqual([]);
  });

  it("configured areas with their own labels change no task's area: the parsed plan is the one parsed without a config", async () => {
    const clean = PLAN.split("\n| ID | Summary |")[0]!;
    const config = configWith({ DATA: { label: "team-data" }, GAIN: { label: "team-gain", color: "112233" }, OPS: {} });
    const withConfig = (await parseChangedPlan(file(clean), config)).plan!;
    const without = (await parseChangedPlan(file(clean))).plan!;
    expect(withConfig.tasks.map((t) => t.area)).toEqual(["DATA", "GAIN"]);
    // Equal plans: labels and the issue hash, computed from the task, stay as they were.
    expect(withConfig).toEqual(without);
  });
});

describe("parseChangedPlan of a plan that lost its task tables", () => {
  const lost = (baseText: string | null): ChangedPlanFile => ({
    path: PATH,
    change: "modified",
    previousPath: null,
    headText: "# Ops plan\n\nNo tables any more.\n",
    baseText,
    lostTaskTables: true,
  });
  const message = (tasks: string) =>
    `This file had ${tasks} in task tables before this change and has no task table now, ` +
    "so every task would read as removed and its issue be closed. Is a `Task ID` header misspelt? Nothing is synced for this file. " +
    "To retire the plan and close its issues, delete the file (or move it out of `paths`).";

  it("is an error at 1:1 of the file saying how many tasks it had and how to retire it on purpose, before any other diagnostic", async () => {
    const { plan, previousPlan } = await parseChangedPlan(lost(PLAN));
    expect(previousPlan!.tasks.map((t) => t.id)).toEqual(["DATA1", "GAIN1"]);
    expect(plan!.diagnostics[0]).toEqual({
      path: PATH,
      line: 1,
      column: 1,
      severity: "error",
      code: "no-task-table",
      message: message("2 tasks"),
    });
  });

  it("counts one task as `1 task`, and no base plan as `0 tasks`", async () => {
    const one = PLAN.replace("| GAIN1 | Search API | Returns hits | 5 |\n", "");
    expect((await parseChangedPlan(lost(one))).plan!.diagnostics[0]?.message).toBe(message("1 task"));
    expect((await parseChangedPlan(lost(null))).plan!.diagnostics[0]?.message).toBe(message("0 tasks"));
  });

  it("a deleted plan has no plan at the head, only the one at the base", async () => {
    const deleted: ChangedPlanFile = {
      path: PATH,
      change: "deleted",
      previousPath: null,
      headText: null,
      baseText: PLAN,
    };
    const { plan, previousPlan } = await parseChangedPlan(deleted);
    expect(plan).toBeNull();
    expect(previousPlan!.tasks.map((t) => t.id)).toEqual(["DATA1", "GAIN1"]);
  });

  it("a renamed plan's base is parsed at its old path", async () => {
    const renamed: ChangedPlanFile = {
      path: PATH,
      change: "renamed",
      previousPath: "docs/old.md",
      headText: PLAN,
      baseText: PLAN,
    };
    const { plan, previousPlan } = await parseChangedPlan(renamed);
    expect([plan!.path, previousPlan!.path]).toEqual([PATH, "docs/old.md"]);
  });
});
