import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { parsePlan } from "../../src/plan/parse-plan.js";
import { validatePlan } from "../../src/plan/validate-plan.js";
import { hasErrors, type Plan } from "../../src/plan/types.js";

/**
 * Rows that look like tasks but are not read must be errors: a dropped row
 * reads as a removed task, and its issue would be closed.
 */
const HEADER = ["| Task ID | Description | Acceptance Criteria | Effort |", "|---|---|---|---|"];
const taskTable = (...rows: string[]): string[] => [...HEADER, ...rows];
const parse = (...lines: string[]): Plan => parsePlan(lines.join("\n") + "\n", "docs/plan.md");
const codes = (plan: Plan): Array<[number, string]> => plan.diagnostics.map((d) => [d.line, d.code]);

describe("rows without a leading pipe", () => {
  it("reports a task row broken off its table by a blank line", () => {
    const plan = parse(...taskTable("| DATA1 | a | b | 1h |"), "", "DATA2 | c | d | 1h");
    expect(plan.tasks.map((t) => t.id)).toEqual(["DATA1"]);
    expect(hasErrors(plan)).toBe(true);
    expect(plan.diagnostics).toEqual([
      expect.objectContaining({
        line: 5,
        column: 1,
        severity: "error",
        code: "orphan-row",
        message: expect.stringContaining("task DATA2"),
      }),
    ]);
  });

  it.each([
    ["a checkbox and an ID", "[x] DATA2 | c | d | 1h", 1],
    ["a linked ID", "DATA2 ([#4](https://github.com/o/r/issues/4)) | c | d | 1h", 1],
    ["an indented row", "   DATA2 | c | d | 1h", 4],
    ["an escaped pipe in the first cell's neighbour", "DATA2 | a \\| b | d | 1h", 1],
  ])("reports %s", (_name, line, column) => {
    const plan = parse(...taskTable("| DATA1 | a | b | 1h |"), "", "Text between.", "", line);
    expect(plan.diagnostics).toEqual([expect.objectContaining({ line: 7, column, code: "orphan-row" })]);
  });

  it.each([
    ["prose with pipes", "Pick one: pandas | polars | duckdb."],
    ["a shell pipe in code", "Run `make test | tee log` first."],
    ["numbered steps", "Step 1 | Step 2"],
    ["a list item", "- DATA2 | c | d"],
    ["an ID after an escaped pipe", "note \\| DATA2 | c"],
    ["a row in a fence", "```\nDATA2 | c | d | 1h\n```"],
    ["a row in an HTML comment", "<!--\nDATA2 | c | d | 1h\n-->"],
  ])("leaves %s alone", (_name, line) => {
    const plan = parse(...taskTable("| DATA1 | a | b | 1h |"), "", line);
    expect(plan.diagnostics).toEqual([]);
    expect(plan.tasks.map((t) => t.id)).toEqual(["DATA1"]);
  });

  it("still reads a pipeless line directly under a table as one of its rows", () => {
    const plan = parse(...taskTable("| DATA1 | a | b | 1h |"), "DATA2 | c | d | 1h");
    expect(plan.tasks.map((t) => t.id)).toEqual(["DATA1", "DATA2"]);
    expect(plan.diagnostics).toEqual([]);
  });
});

describe("IDs without a digit", () => {
  it("reports a row broken off a task table by blank lines, and the rows after it", () => {
    const plan = parse(
      ...taskTable("| DATA1 | a | b | 1h |"),
      "",
      "| SETUP | c | d | 1h |",
      "",
      "",
      "| DEPLOY | e | f | 1h |",
      "CLEANUP | g | h | 1h",
    );
    expect(codes(plan)).toEqual([
      [5, "orphan-row"],
      [8, "orphan-row"],
      [9, "orphan-row"],
    ]);
    expect(plan.diagnostics[0]?.message).toContain("task SETUP");
    expect(plan.diagnostics[0]?.message).toContain(
      "If it is not a task, put a line of text between it and the table above.",
    );
  });

  it("keeps the chain through an orphan with a digit", () => {
    const plan = parse(...taskTable("| DATA1 | a | b | 1h |"), "", "| DATA2 | c | d | 1h |", "| SETUP | e | f | 1h |");
    expect(codes(plan)).toEqual([
      [5, "orphan-row"],
      [6, "orphan-row"],
    ]);
  });

  it.each([
    ["after a paragraph", ["Components:", "", "| Component | Test Files |"]],
    ["after a paragraph line directly above", ["Components:", "| Component | Test Files |"]],
    ["after a heading", ["## Notes", "", "| Owner | Ana |"]],
    [
      "after a table without a Task ID column",
      ["| Decision | Impact |", "|---|---|", "| Cache | Faster |", "", "| Owner | Ana |"],
    ],
    ["after a code block", ["```", "x", "```", "", "| Owner | Ana |"]],
  ])("leaves a prose table %s alone", (_name, lines) => {
    const plan = parse(...taskTable("| DATA1 | a | b | 1h |"), "", ...lines);
    expect(plan.diagnostics).toEqual([]);
  });

  it("leaves a prose table alone when there is no task table above it", () => {
    expect(parse("# Plan", "", "| Component | Test Files |", "| Scorer | tests |").diagnostics).toEqual([]);
  });
});

describe("task tables whose Task ID header is misspelt", () => {
  it.each(["Task-ID", "TaskId#", "Tsk ID", "Taks ID", "Task", "Tasks"])(
    'reports a "%s" column holding task IDs, naming the header and "Task ID"',
    (header) => {
      const plan = parse(`| ${header} | Description |`, "|---|---|", "| GAIN1 | Login page |");
      expect(plan.tasks).toEqual([]);
      expect(plan.diagnostics).toEqual([
        expect.objectContaining({ line: 1, column: 3, severity: "error", code: "missing-task-id-column" }),
      ]);
      const message = plan.diagnostics[0]?.message ?? "";
      expect(message).toContain(`"${header}"`);
      expect(message).toContain('"Task ID"');
      expect(message).toContain("GAIN1");
    },
  );

  it("reports a first column of IDs under any header when the table has task columns", () => {
    const plan = parse("| Ref | Summary | Effort |", "|---|---|---|", "| OPS1 | Rotate keys | 1h |");
    expect(codes(plan)).toEqual([[1, "missing-task-id-column"]]);
  });

  it.each(["Task #", "Ticket", "Key"])('reads a "%s" column as the Task ID column of a table of work', (header) => {
    const plan = parse(`| ${header} | Summary | Effort |`, "|---|---|---|", "| OPS1 | Rotate keys | 1h |");
    expect(plan.diagnostics).toEqual([]);
    expect(plan.tasks.map((t) => [t.id, t.description, t.effort])).toEqual([["OPS1", "Rotate keys", "1h"]]);
  });

  it("reports a first column of IDs that share a prefix with the plan's tasks", () => {
    const plan = parse(
      ...taskTable("| DATA1 | a | b | 1h |"),
      "",
      "| ID | Summary |",
      "|---|---|",
      "| DATA2 | Rotate keys |",
    );
    expect(codes(plan)).toEqual([[5, "missing-task-id-column"]]);
  });

  it("reports IDs linked to their issues the way plan-sync writes them", () => {
    const plan = parse(
      "| Ref | Summary |",
      "|---|---|",
      "| OPS1 ([#3](https://github.com/o/r/issues/3)) | Rotate keys |",
    );
    expect(codes(plan)).toEqual([[1, "missing-task-id-column"]]);
  });

  it("reads a # column whose IDs link to their issues as tasks: they were synced as tasks", () => {
    const plan = parse(
      "| # | Summary |",
      "|---|---|",
      "| OPS1 ([#3](https://github.com/o/r/issues/3)) | Rotate keys |",
    );
    expect(plan.diagnostics).toEqual([]);
    expect(plan.tasks.map((t) => [t.id, t.issueLink?.number])).toEqual([["OPS1", 3]]);
  });

  it.each([
    ["a risk register", ["| ID | Risk | Mitigation |", "|---|---|---|", "| R1 | Rate limits | Cache |"]],
    ["milestones", ["| Milestone | Date |", "|---|---|", "| M1 | 2026-06-01 |"]],
    ["a Risk ID column", ["| Risk ID | Owner |", "|---|---|", "| RISK10 | Ana |"]],
    ["a Task column of sentences", ["| Task | Owner |", "|---|---|", "| Write the runbook | Ana |"]],
    [
      "a component whose name starts like an area in other case",
      ["| Component | Tests |", "|---|---|", "| Gain2Api | `tests/test_api.py` |"],
    ],
    ["IDs without a digit", ["| Task-ID | Description |", "|---|---|", "| SETUP | Install |"]],
  ])("leaves %s alone", (_name, lines) => {
    const plan = parse(...taskTable("| GAIN1 | a | b | 1h |"), "", ...lines);
    expect(plan.diagnostics).toEqual([]);
  });

  it("leaves the plan template's other tables alone", () => {
    const template = readFileSync(
      fileURLToPath(new URL("../../fixtures/plans/template/plan.md", import.meta.url)),
      "utf8",
    );
    const plan = parsePlan(template, "plan.md");
    expect(plan.diagnostics.filter((d) => d.code === "missing-task-id-column" || d.code === "orphan-row")).toEqual([]);
  });
});

describe("the product rule, over generated broken tables", () => {
  it("every row line of a task table, however it is broken up, is read as a task or reported as an error", () => {
    const row = fc.record({
      id: fc.stringMatching(/^[A-Z][A-Za-z]{0,4}[0-9]{0,2}$/),
      leadingPipe: fc.boolean(),
      blankBefore: fc.nat({ max: 2 }),
    });
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 8 }), (rows) => {
        const lines = [...HEADER];
        const rowLines: number[] = [];
        for (const r of rows) {
          for (let i = 0; i < r.blankBefore; i++) lines.push("");
          lines.push(r.leadingPipe ? `| ${r.id} | desc | crit | 1h |` : `${r.id} | desc | crit | 1h`);
          rowLines.push(lines.length);
        }
        const plan = parse(...lines);
        const read = new Set(plan.tasks.map((t) => t.line));
        const reported = new Set(plan.diagnostics.filter((d) => d.severity === "error").map((d) => d.line));
        for (const line of rowLines)
          expect(read.has(line) || reported.has(line), `line ${line} of\n${lines.join("\n")}`).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe("the parsed model is validated", () => {
  it("returns a valid plan unchanged", () => {
    const plan = parse(...taskTable("| DATA1 | a | b | 1h |"));
    expect(validatePlan(plan)).toBe(plan);
  });

  it("turns a model that breaks the schema into an error with no tasks, so nothing is synced or closed", () => {
    const good = parse(...taskTable("| DATA1 | a | b | 1h |", "| DATA2 | c | d | 1h |"), "- [ ] DATA1");
    const broken: Plan = { ...good, tasks: good.tasks.map((t, i) => (i === 1 ? { ...t, line: 0 } : t)) };
    const checked = validatePlan(broken);
    expect(checked.tasks).toEqual([]);
    expect(checked.checklists).toEqual([]);
    expect(hasErrors(checked)).toBe(true);
    expect(checked.diagnostics).toEqual([
      expect.objectContaining({
        path: "docs/plan.md",
        line: 1,
        column: 1,
        code: "invalid-plan-model",
        message: expect.stringContaining("tasks.1.line"),
      }),
    ]);
  });
});
