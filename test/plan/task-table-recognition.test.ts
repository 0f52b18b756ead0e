import { describe, expect, it } from "vitest";
import { parsePlan } from "../../src/plan/parse-plan.js";

/** The IDs of the tasks a plan yields: which tables were read as task tables. */
const ids = (md: string): string[] => parsePlan(md, "p.md").tasks.map((t) => t.id);
const doc = (...lines: string[]): string => [...lines, ""].join("\n");

describe("a table with a bare ID column is a task table only with a name column and a sign of work", () => {
  it("a Status, an Effort or an Acceptance Criteria column each makes it a task table", () => {
    expect(ids(doc("| ID | Name | Status |", "|---|---|---|", "| T1 | Do it | Todo |"))).toEqual(["T1"]);
    expect(ids(doc("| ID | Name | Effort |", "|---|---|---|", "| T1 | Do it | 2h |"))).toEqual(["T1"]);
    expect(ids(doc("| ID | Name | Acceptance Criteria |", "|---|---|---|", "| T1 | Do it | works |"))).toEqual(["T1"]);
  });

  it("a column named Task (or Objective) makes it a task table; a Name column, or one that only starts with Task, does not", () => {
    expect(ids(doc("| ID | Task | Owner |", "|---|---|---|", "| T1 | Do it | Ann |"))).toEqual(["T1"]);
    expect(ids(doc("| ID | Objective | Owner |", "|---|---|---|", "| T1 | Do it | Ann |"))).toEqual(["T1"]);
    expect(ids(doc("| ID | Name | Owner |", "|---|---|---|", "| T1 | Do it | Ann |"))).toEqual([]);
    expect(ids(doc("| ID | Name | Task owner |", "|---|---|---|", "| T1 | Do it | Ann |"))).toEqual([]);
  });

  it("a heading saying tasks makes it a task table, at any level above the table", () => {
    expect(ids(doc("## Tasks", "", "### Week one", "", "| ID | Name |", "|---|---|", "| T1 | Do it |"))).toEqual([
      "T1",
    ]);
  });

  it("a column of risks, requirements or decisions makes it another kind of table, even with a Status column", () => {
    expect(ids(doc("| ID | Name | Risk | Status |", "|---|---|---|---|", "| R1 | Outage | High | Open |"))).toEqual([]);
  });

  it("a known column whose name merely contains such a word (Definition of Done) still counts as work", () => {
    expect(ids(doc("| ID | Name | Definition of Done |", "|---|---|---|", "| T1 | Do it | tests pass |"))).toEqual([
      "T1",
    ]);
  });

  it("the nearest heading naming something else (Risks) wins over a Status column, unless it also names work", () => {
    expect(ids(doc("## Risks", "", "| ID | Name | Status |", "|---|---|---|", "| R1 | Outage | Open |"))).toEqual([]);
    expect(
      ids(doc("## Risk tracking", "", "| ID | Name | Status |", "|---|---|---|", "| R1 | Outage | Open |")),
    ).toEqual(["R1"]);
  });

  it("without a name column a bare ID table is not a task table, even under a Tasks heading", () => {
    expect(ids(doc("## Tasks", "", "| ID | Status |", "|---|---|", "| T1 | Done |"))).toEqual([]);
  });

  it("a row plan-sync already linked to its issue makes it a task table, a numeric ID too, whatever the other rows hold", () => {
    expect(
      ids(
        doc(
          "| ID | Name | Owner |",
          "|---|---|---|",
          "| see below | Notes | Ann |",
          "| 3 ([#12](https://github.com/o/r/issues/12)) | Do it | Ann |",
        ),
      ),
    ).toEqual(["3"]);
  });
});

describe("a Task ID header makes a task table unless the table is a log", () => {
  it("a Task ID column without a name column is read (and reported) when its IDs are distinct", () => {
    const plan = parsePlan(doc("| Task ID | Owner |", "|---|---|", "| T1 | Ann |", "| T2 | Bob |"), "p.md");
    expect(plan.tasks.map((t) => t.id)).toEqual(["T1", "T2"]);
    expect(plan.diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`)).toContain("1:1 missing-description-column");
  });

  it("a Task ID column without a name column whose IDs repeat is a list about tasks, not tasks (short rows and empty IDs aside)", () => {
    expect(ids(doc("| Owner | Task ID |", "|---|---|", "| Ann |", "| Bob | T1 |", "| Cy | T1 |"))).toEqual([]);
  });

  it("empty ID cells are not a repeated ID", () => {
    const plan = parsePlan(doc("| Owner | Task ID |", "|---|---|", "| Ann |  |", "| Bob |  |"), "p.md");
    expect(plan.diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`)).toEqual([
      "1:1 missing-description-column",
      "3:9 malformed-id",
      "4:9 malformed-id",
    ]);
  });

  it("a dated log naming tasks (Date | Task ID | Description, an ID on several rows) is not a task table", () => {
    expect(
      ids(
        doc("| Date | Task ID | Description |", "|---|---|---|", "| 1 May | T1 | began |", "| 2 May | T1 | finished |"),
      ),
    ).toEqual([]);
  });

  it("a dated table with a name column and distinct IDs is a task table", () => {
    expect(
      ids(
        doc("| Date | Task ID | Description |", "|---|---|---|", "| 1 May | T1 | Begin |", "| 2 May | T2 | Finish |"),
      ),
    ).toEqual(["T1", "T2"]);
  });

  it("a dated task table whose header is repeated further down is still a task table, the repeated header reported", () => {
    const md = doc(
      "| Date | Task ID | Description |",
      "|---|---|---|",
      "| 1 May | T1 | Begin |",
      "| Date | Task ID | Description |",
      "| 2 May | T2 | Finish |",
    );
    expect(ids(md)).toEqual(["T1", "T2"]);
    expect(parsePlan(md, "p.md").diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`)).toEqual([
      "4:10 malformed-id",
    ]);
  });

  it("a dated table whose name column is a Title, with distinct IDs, is a task table", () => {
    expect(
      ids(doc("| Date | Task ID | Name |", "|---|---|---|", "| 1 May | T1 | Begin |", "| 2 May | T2 | Finish |")),
    ).toEqual(["T1", "T2"]);
  });

  it("a dated log keyed by a Key column (no word 'id' in it) is a log too, even under a Tasks heading", () => {
    expect(
      ids(
        doc(
          "## Tasks",
          "",
          "| Date | Key | Description |",
          "|---|---|---|",
          "| 1 May | T1 | began |",
          "| 2 May | T1 | finished |",
        ),
      ),
    ).toEqual([]);
  });
});

describe("a table without an ID column is a task table with a name, a Status and a sign of work", () => {
  const taskStatus = (...above: string[]): string =>
    doc(...above, "| Task | Status |", "|---|---|", "| Set up CI | Done |");
  const nameStatus = (...above: string[]): string =>
    doc(...above, "| Name | Status |", "|---|---|", "| Set up CI | Done |");

  it("a name column called Task is enough", () => {
    expect(ids(taskStatus())).toEqual(["set-up-ci"]);
    expect(ids(taskStatus("## Overview", ""))).toEqual(["set-up-ci"]);
  });

  it("a Name column needs a heading saying tasks somewhere above it", () => {
    expect(ids(nameStatus())).toEqual([]);
    expect(ids(nameStatus("## Tasks", "", "### Overview", ""))).toEqual(["set-up-ci"]);
    expect(ids(doc("## Tasks", "", "| Description | Status |", "|---|---|", "| Set up CI | Done |"))).toEqual([
      "set-up-ci",
    ]);
  });

  it("a column that only starts with Task is not the name column", () => {
    expect(ids(doc("| Name | Status | Task owner |", "|---|---|---|", "| Set up CI | Done | Ann |"))).toEqual([]);
  });

  it("a Risk column or a Risks heading says it lists something else; a Definition of Done column does not", () => {
    expect(ids(doc("| Task | Status | Risk |", "|---|---|---|", "| Set up CI | Done | low |"))).toEqual([]);
    expect(ids(taskStatus("## Risks", ""))).toEqual([]);
    expect(ids(taskStatus("## Risk tracking", ""))).toEqual(["set-up-ci"]);
    expect(ids(doc("| Task | Status | Definition of Done |", "|---|---|---|", "| Set up CI | Done | green |"))).toEqual(
      ["set-up-ci"],
    );
  });
});
