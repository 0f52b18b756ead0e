import { describe, expect, it } from "vitest";
import { parsePlan } from "../../src/plan/parse-plan.js";
import { MAX_PLAN_BYTES } from "../../src/plan/max-plan-size.js";

/** What the author reads for a plan the parser refuses or reports on, word for word and in reading order. */
const TABLE =
  "# Plan\n\n## Implementation Tasks\n\n| Task ID | Description | Effort |\n|---|---|---|\n| DATA1 | One | 1h |\n";

describe("a plan over the size cap", () => {
  const sized = (bytes: number) => TABLE + "x".repeat(bytes - Buffer.byteLength(TABLE, "utf8"));
  const message = (bytes: number) => parsePlan(sized(bytes), "docs/big.md").diagnostics.map((d) => d.message);

  it("names its size and the cap in kB or MB and in bytes", () => {
    expect(MAX_PLAN_BYTES).toBe(500_000);
    expect(message(500_001)).toEqual([
      "Plan is 500 kB (500001 bytes); plan-sync reads plans up to 500 kB (500000 bytes). Split it into several plan files.",
    ]);
    expect(message(999_499)[0]).toMatch(/^Plan is 999 kB \(999499 bytes\);/);
    expect(message(999_999)[0]).toMatch(/^Plan is 1000 kB \(999999 bytes\);/);
    expect(message(1_000_000)[0]).toMatch(/^Plan is 1 MB \(1000000 bytes\);/);
    expect(message(1_500_000)[0]).toMatch(/^Plan is 1\.5 MB \(1500000 bytes\);/);
    expect(message(1_250_000)[0]).toMatch(/^Plan is 1\.25 MB \(1250000 bytes\);/);
    expect(message(2_004_000)[0]).toMatch(/^Plan is 2 MB \(2004000 bytes\);/);
    expect(message(10_000_000)[0]).toMatch(/^Plan is 10 MB \(10000000 bytes\);/);
  });

  it("is read with no task, not even the ones before the cap", () => {
    const plan = parsePlan(sized(500_001), "docs/big.md");
    expect(plan).toMatchObject({ path: "docs/big.md", featureName: null, date: null, tasks: [], checklists: [] });
    expect(parsePlan(sized(500_000), "docs/big.md").tasks.map((t) => t.id)).toEqual(["DATA1"]);
  });
});

describe("diagnostics", () => {
  it("come in reading order: by line, then by column, whatever step found them", () => {
    // The unknown status is reported when its table ends, the unknown dependency once every task is known.
    const text = [
      "# Plan",
      "",
      "## Implementation Tasks",
      "",
      "| Task ID | Description | Depends on | Status |",
      "|---|---|---|---|",
      "| [x] DATA1 | One | DATA9 | Someday |",
      "| DATA2 |  | | [ ] |",
      "| DATA1 | Again | | [ ] |",
      "",
    ].join("\n");
    expect(parsePlan(text, "p.md").diagnostics.map((d) => [d.line, d.column, d.code])).toEqual([
      [7, 3, "ignored-checkbox"],
      [7, 21, "unknown-dependency"],
      [7, 29, "unknown-status"],
      [8, 11, "empty-description"],
      [9, 3, "duplicate-id"],
    ]);
  });

  it("a heading task whose ID repeats in its section is reported at the ID and not read", () => {
    const text = [
      "# Search",
      "",
      "## Tasks",
      "",
      "### Task 1: Set up the database",
      "**Status:** Pending",
      "",
      "### Task 2: Index documents",
      "",
      "### Task 1: Query API",
      "",
    ].join("\n");
    const plan = parsePlan(text, "p.md");
    expect(plan.tasks.map((t) => [t.id, t.description])).toEqual([
      ["1", "Set up the database"],
      ["2", "Index documents"],
    ]);
    expect(plan.diagnostics).toEqual([
      {
        path: "p.md",
        line: 10,
        column: 10,
        severity: "error",
        code: "duplicate-id",
        message: "Task ID 1 is used twice: first at line 5. Each task needs its own ID; this heading is not read.",
      },
    ]);
  });
});
