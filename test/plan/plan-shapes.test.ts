import { describe, expect, it } from "vitest";
import { parsePlan } from "../../src/plan/parse-plan.js";

/**
 * How the kinds of task in one file meet: tables, headings and checklists.
 * Which one a task comes from, which item only tracks a task of another kind,
 * and what a plan's name and sections are read from.
 */
const read = (lines: string[], path = "plan.md") => parsePlan(lines.join("\n") + "\n", path);
const tasks = (lines: string[], path?: string) =>
  read(lines, path).tasks.map((t) => [t.id, t.description, t.source, t.line]);

describe("a plan's name and sections", () => {
  it("is named after its first title when it has several", () => {
    expect(read(["# First", "", "Intro.", "", "# Second", "", "More."]).featureName).toBe("First");
  });

  it("takes no Feature Name from a code block, before or after its first paragraph", () => {
    const plan = read([
      "```md",
      "**Feature Name:** Not this",
      "```",
      "",
      "# Title",
      "",
      "Intro.",
      "",
      "```md",
      "**Feature Name:** Nor this",
      "```",
    ]);
    expect(plan.featureName).toBe("Title");
  });

  it("keeps a task under an empty heading in a section with an empty name", () => {
    const plan = read(["# Plan", "", "##", "", "| Task ID | Description |", "|---|---|", "| DATA1 | One |"]);
    expect(plan.tasks.map((t) => [t.id, t.headingPath])).toEqual([["DATA1", [""]]]);
  });
  it("with several titles, each is a section: numbered heading tasks restart under each", () => {
    const plan = read(["# A", "", "### Task 1: Foo", "", "# B", "", "### Task 1: Bar"]);
    expect(plan.tasks.map((t) => [t.id, t.description, t.headingPath])).toEqual([
      ["a/1", "Foo", ["A"]],
      ["b/1", "Bar", ["B"]],
    ]);
    expect(plan.diagnostics).toEqual([]);
  });
});

describe("checklists beside tables and headings", () => {
  it("a checklist without IDs is read as tasks in a file whose only table is no task table", () => {
    const lines = [
      "# TODO",
      "",
      "| Option | Meaning |",
      "|---|---|",
      "| a | b |",
      "",
      "- [ ] Water the plants",
      "- [x] Feed the cat",
    ];
    expect(tasks(lines, "TODO.md")).toEqual([
      ["water-the-plants", "Water the plants", "checklist", 7],
      ["feed-the-cat", "Feed the cat", "checklist", 8],
    ]);
  });

  it("a heading repeating a table task's ID in its section is that task's details, not another task", () => {
    const lines = [
      "# Plan",
      "",
      "## Tasks",
      "",
      "| Task ID | Description |",
      "|---|---|",
      "| T-1 | One |",
      "",
      "### T-1 — Details of one",
      "**Status:** Done",
      "",
      "### T-2 — Two",
      "**Status:** Pending",
    ];
    const plan = read(lines);
    expect(plan.tasks.map((t) => [t.id, t.description, t.source, t.line])).toEqual([
      ["T-1", "One", "table", 7],
      ["T-2", "Two", "heading", 12],
    ]);
    expect(plan.diagnostics).toEqual([]);
  });

  it("an item naming a table task in another section tracks it and is no task of its own", () => {
    const lines = [
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
      "- [ ] DATA1: schema",
      "- [ ] **T5** Other",
    ];
    const plan = read(lines);
    expect(plan.tasks.map((t) => [t.id, t.source])).toEqual([
      ["DATA1", "table"],
      ["T5", "checklist"],
    ]);
    expect(plan.checklists.map((c) => [c.text, c.tracks])).toEqual([["DATA1: schema", ["DATA1"]]]);
  });

  it("a numbered item under a numbered table in its section is no task of its own", () => {
    const lines = [
      "# Plan",
      "",
      "## Phase 1",
      "",
      "| # | Task |",
      "|---|---|",
      "| 1 | One |",
      "| 2 | Two |",
      "",
      "- [x] 1. One done",
      "- [ ] 2. Two",
    ];
    const plan = read(lines);
    expect(plan.tasks.map((t) => [t.id, t.source])).toEqual([
      ["1", "table"],
      ["2", "table"],
    ]);
    expect(plan.checklists.map((c) => c.text)).toEqual(["1. One done", "2. Two"]);
  });

  it("an item naming a heading task tracks it and is no task of its own", () => {
    const lines = [
      "# Plan",
      "",
      "## Tasks",
      "",
      "### T-3 — Cache the lookups",
      "**Status:** Pending",
      "",
      "- [ ] T-3: cache warmed",
      "- [ ] **T-4** Other",
      "",
      "### T-5 — Five",
      "**Status:** Done",
    ];
    const plan = read(lines);
    expect(plan.tasks.map((t) => [t.id, t.description, t.source])).toEqual([
      ["T-3", "Cache the lookups", "heading"],
      ["T-4", "Other", "checklist"],
      ["T-5", "Five", "heading"],
    ]);
    expect(plan.checklists.map((c) => [c.text, c.tracks])).toEqual([["T-3: cache warmed", ["T-3"]]]);
  });

  it("a checklist ID repeated in its section is the first item's task; the repeat stays a checklist item", () => {
    const plan = read(["# Plan", "", "## Tasks", "", "- [ ] T1 First", "- [ ] T1 Again", "- [ ] T2 Two"]);
    expect(plan.tasks.map((t) => [t.id, t.description, t.line])).toEqual([
      ["T1", "First", 5],
      ["T2", "Two", 7],
    ]);
    expect(plan.checklists.map((c) => c.text)).toEqual(["T1 Again"]);
  });
});
