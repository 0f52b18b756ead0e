import { describe, expect, it } from "vitest";
import { parsePlan } from "../../src/plan/parse-plan.js";

/**
 * A checklist item that is no task of its own: what the plan shows of it (its
 * text, folded to one line) and which table task it tracks (its box is ticked
 * when that task's issue closes).
 */
const TABLE = [
  "# Plan",
  "",
  "## Tasks",
  "",
  "| Task ID | Description |",
  "|---|---|",
  "| DATA1 | One |",
  "",
  "## Progress",
  "",
];
const checklists = (items: string[]) =>
  parsePlan([...TABLE, ...items, ""].join("\n"), "plan.md").checklists.map((c) => [c.text, c.tracks]);

describe("a checklist item beside a task table", () => {
  it("keeps a text that starts with `>` and folds its continuation lines, quoted or indented, into one", () => {
    expect(
      checklists([
        "- [ ] >5 users served",
        "> - [ ] Quoted first",
        ">   and second line",
        "- [x] Plain first",
        "  and second",
      ]),
    ).toEqual([
      [">5 users served", []],
      ["Quoted first and second line", []],
      ["Plain first and second", []],
    ]);
  });

  it("tracks the task it names even when a no-break space follows the ID", () => {
    expect(checklists(["- [ ] DATA1\u00a0", "- [ ] DATA1: schema"])).toEqual([
      ["DATA1", ["DATA1"]],
      ["DATA1: schema", ["DATA1"]],
    ]);
  });

  it("with its box alone on the line, reads its text and the task it tracks from the next line", () => {
    expect(checklists(["- [ ]", "  DATA1: schema reviewed", "- [x]", "  Plain text below"])).toEqual([
      ["DATA1: schema reviewed", ["DATA1"]],
      ["Plain text below", []],
    ]);
  });

  it("tracks a task whose ID is one letter", () => {
    const text = ["# Plan", "", "| Task ID | Description |", "|---|---|", "| A | One |", "", "- [ ] A: done", ""];
    expect(parsePlan(text.join("\n"), "plan.md").checklists.map((c) => [c.text, c.tracks])).toEqual([
      ["A: done", ["A"]],
    ]);
  });
});
