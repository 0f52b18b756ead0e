import { describe, expect, it } from "vitest";
import { parsePlan } from "../../src/plan/parse-plan.js";

const doc = (...lines: string[]): string => [...lines, ""].join("\n");
const TASKS = ["| Task ID | Description |", "|---|---|", "| DATA1 | a |"];
const orphans = (md: string): string[] =>
  parsePlan(md, "p.md")
    .diagnostics.filter((d) => d.code === "orphan-row")
    .map((d) => `${d.line}:${d.column}`);

describe("lines that look like task rows outside any table are reported at the row", () => {
  it("names the task and says how to join it to its table", () => {
    const plan = parsePlan(doc(...TASKS, "", "| DATA2 | b |"), "docs/plan.md");
    expect(plan.diagnostics).toEqual([
      {
        path: "docs/plan.md",
        line: 5,
        column: 1,
        severity: "error",
        code: "orphan-row",
        message:
          'This line looks like the row of task DATA2 but is not part of a task table, so the task would not be read (and would count as removed). Join it to its table: remove the blank line or text above it, or add the header row "| Task ID | Description | Acceptance Criteria | Effort |" and "|---|---|---|---|".',
      },
    ]);
  });

  it("points past indentation of spaces or a tab, at the leading pipe", () => {
    expect(orphans(doc(...TASKS, "", "Some text", "  | DATA2  | b |", "\t| DATA3 | c |"))).toEqual(["6:3", "7:2"]);
  });

  it("a line that opens with a pipe and has no other is a row; a lone ID in prose is not", () => {
    expect(orphans(doc(...TASKS, "", "| DATA2", "", "DATA3", ""))).toEqual(["5:1"]);
  });

  it("an escaped pipe inside the first cell does not end it", () => {
    expect(orphans(doc(...TASKS, "", "[DATA2](a\\|b) | x"))).toEqual(["5:1"]);
  });

  it("a number alone is not a task ID outside an ID column", () => {
    expect(orphans(doc(...TASKS, "", "| 3 | x |"))).toEqual([]);
  });
});

describe("a bare word row is reported only where a task table was broken off", () => {
  it("right after a task table and a blank line (even one of spaces), it is a lost task", () => {
    expect(orphans(doc(...TASKS, "", "| Component | Files |"))).toEqual(["5:1"]);
    expect(orphans(doc(...TASKS, "   ", "| Component | Files |"))).toEqual(["5:1"]);
  });

  it("prose with a pipe in between, or the top of the file, makes it prose", () => {
    expect(orphans(doc(...TASKS, "", "Some notes | here", "| Component | Files |"))).toEqual([]);
    expect(orphans(doc("| Component | Files |", "", ...TASKS))).toEqual([]);
  });
});

describe("a table of task IDs under a header that is not Task ID is reported", () => {
  const missing = (md: string): string[] =>
    parsePlan(md, "p.md")
      .diagnostics.filter((d) => d.code === "missing-task-id-column")
      .map((d) => `${d.line}:${d.column} ${d.message}`);
  const message = (name: string, listed: string): string =>
    `This table's column "${name}" holds task IDs (${listed}) but its header is not "Task ID", so the table is not read as a task table and its tasks would count as removed. Rename the header cell "${name}" to "Task ID".`;

  it("an Acceptance Criteria column is evidence; the message lists three IDs", () => {
    const md = doc(
      "| Ref | Name | Acceptance Criteria |",
      "|---|---|---|",
      "| X1 | a | b |",
      "| X2 |",
      "| X3 | c | d |",
    );
    expect(missing(md)).toEqual([`1:3 ${message("Ref", "X1, X2, X3")}`]);
  });

  it("more than three IDs are listed as the first three and an ellipsis", () => {
    const md = doc(
      "| Ref | Name | Effort |",
      "|---|---|---|",
      ...["X1", "X2", "X3", "X4"].map((id) => `| ${id} | a | 1h |`),
    );
    expect(missing(md)).toEqual([`1:3 ${message("Ref", "X1, X2, X3, …")}`]);
  });

  it("a near miss of Task ID names the column of IDs wherever it is, short rows aside", () => {
    const md = doc("| Name | Tsk ID |", "|---|---|", "| a |", "| b | X1 |");
    expect(missing(md)).toEqual([`1:10 ${message("Tsk ID", "X1")}`]);
  });

  it("a dated log of work on tasks is not reported, however its ID column is spelled", () => {
    expect(missing(doc("| Date | Task-ID | Action |", "|---|---|---|", "| 1 May | X1 | began |"))).toEqual([]);
  });

  it("a date column alone does not make a table of IDs a log", () => {
    const md = doc("| Ref | Date | Effort |", "|---|---|---|", "| X1 | 1 May | 1h |");
    expect(missing(md)).toEqual([`1:3 ${message("Ref", "X1")}`]);
  });

  it("one ID sharing its prefix with the plan's tasks is evidence enough", () => {
    const md = doc(...TASKS, "", "| Ref | Name |", "|---|---|", "| X1 | a |", "| DATA5 | b |");
    expect(missing(md)).toEqual([`5:3 ${message("Ref", "X1, DATA5")}`]);
  });

  it("an ID made from a task's words that starts with digits (`2fa-login`) shares no prefix with a table's IDs", () => {
    const tasks = ["## Tasks", "", "| Task | Status |", "|---|---|", "| 2FA login | Todo |"];
    const components = ["| Name | Owner |", "|---|---|", "| fa1 | Bob |", "| fa2 | Ann |"];
    const plan = parsePlan(doc("# Plan", "", ...tasks, "", "## Components", "", ...components), "p.md");
    expect(plan.tasks.map((t) => t.id)).toEqual(["2fa-login"]);
    expect(plan.diagnostics).toEqual([]);
  });
});
