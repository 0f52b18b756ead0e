import { describe, expect, it } from "vitest";
import { parseIdCell } from "../../src/plan/id-cell.js";
import { parsePlan } from "../../src/plan/parse-plan.js";

/** The ID a whole Task ID cell reads as (numbers allowed, as in a Task ID column), or null. */
const idOf = (cell: string): string | null => parseIdCell(cell, 0, cell.length, true)?.id ?? null;

describe("an ID cell's formatting is unwrapped only when it encloses the whole ID", () => {
  it("an ID that starts and ends with the same two characters is not bold, italic or struck", () => {
    expect(idOf("AB1AB")).toBe("AB1AB");
  });

  it("a backtick on one side only is not code", () => {
    expect(idOf("T1`")).toBeNull();
    expect(idOf("`T1")).toBeNull();
    expect(idOf("`T1`")).toBe("T1");
  });

  it("only a single backtick on each side is code: ``T1`` is no ID, in a Task ID cell as in a checklist item", () => {
    expect(idOf("``T1``")).toBeNull();
    expect(idOf("```T1```")).toBeNull();
    const md = ["| Task ID | Description |", "|---|---|", "| ``T1`` | One |", "", "- [ ] ``T2`` Two", ""].join("\n");
    const plan = parsePlan(md, "p.md");
    expect(plan.tasks).toEqual([]);
    expect(plan.diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`)).toEqual(["3:3 malformed-id"]);
  });

  it("a link must be the whole cell", () => {
    expect(idOf("[T1](t.md)x")).toBeNull();
    expect(idOf("[T1](t.md)")).toBe("T1");
  });
});

describe("cells of a table row, as the plan's tasks see them", () => {
  const md = [
    "| Task ID | Description | Status |",
    "|---|---|---|",
    "| T1 | Do it ||",
    "| T2 | x | Done |   ",
    "",
  ].join("\n");
  // Parsed inside each test, not once here: Stryker's per-test coverage sees only code a test itself runs, so a
  // parse at describe scope would leave every mutant it kills counted as survived.
  const tasks = () => parsePlan(md, "p.md").tasks;

  it("spaces after the row's last pipe are not part of its last cell", () => {
    const t2 = tasks()[1];
    expect(t2 && md.slice(t2.stateCell.start, t2.stateCell.end)).toBe("Done");
    expect(t2?.done).toBe(true);
  });

  it("an empty cell written without spaces is an empty range right after its pipe", () => {
    const at = md.indexOf("||") + 1;
    expect(tasks()[0]?.stateCell).toEqual({ start: at, end: at });
  });
});
