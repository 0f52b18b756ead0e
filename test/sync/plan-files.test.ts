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
