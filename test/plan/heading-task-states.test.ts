import { describe, expect, it } from "vitest";
import { parsePlan } from "../../src/plan/parse-plan.js";

/** Heading tasks: which end-of-heading marks are states, which words open a part of the plan, what the body gives. */
const parse = (lines: string[]) => {
  const text = lines.join("\n");
  return parsePlan(text, "docs/plan.md").tasks.map((t) => ({
    id: t.id,
    description: t.description,
    done: t.done,
    state: text.slice(t.stateCell.start, t.stateCell.end),
    stateWords: t.stateWords,
    criteria: t.acceptanceCriteria,
  }));
};

describe("the end of a heading task's title", () => {
  it("an emoji that says no status is part of the title; a check mark `✓` is done", () => {
    expect(parse(["# Plan", "", "### Task 1: Launch 🚀", "", "### Task 2: Ship ✓", ""])).toMatchObject([
      { id: "1", description: "Launch 🚀", done: false, state: "" },
      { id: "2", description: "Ship", done: true, state: " ✓" },
    ]);
  });

  it("is part of the title when the heading opens with its state", () => {
    expect(parse(["# Plan", "", "### [x] Task 3: Ship ⬜", ""])).toMatchObject([
      { id: "3", description: "Ship ⬜", done: true, state: "[x]" },
    ]);
  });
});

describe("the words that make a heading no task", () => {
  it("`step 2` later in the title leaves a letter-ID heading a task", () => {
    expect(parse(["# Plan", "", "### T-1 Retry step 2", "", "### T-2 Tidy", ""]).map((t) => t.id)).toEqual([
      "T-1",
      "T-2",
    ]);
  });

  it("`Step` with two spaces or a tab before its number is still a part of the plan, even boxed", () => {
    expect(parse(["# Plan", "", "### [ ] Step  1: Install", "", "### [x] Step\t2: Configure", ""])).toEqual([]);
  });
});

describe("a heading task's body and Status lines", () => {
  it("folds a criterion's continuation line into it, one space between", () => {
    expect(parse(["# Plan", "", "### Task 1: A", "", "- Create the", "  schema", ""])[0]?.criteria).toEqual([
      "Create the schema",
    ]);
  });

  it("a bullet holding only a no-break or ideographic space (pasted from a word processor) is no criterion", () => {
    const bullets = ["- Tables exist", "- \u00a0", "- [ ] \u3000", "- Migrations run"];
    expect(parse(["# Plan", "", "### Task 1: A", "", ...bullets, ""])[0]?.criteria).toEqual([
      "Tables exist",
      "Migrations run",
    ]);
  });

  it("a status word plan-sync does not know is never the open word write-back uses, however often it is used", () => {
    const status = (n: number, word: string) => [`### Task ${n}: T${n}`, "", `**Status:** ${word}`, ""];
    const tasks = parse(["# Plan", "", ...status(1, "Reviewing"), ...status(2, "Reviewing"), ...status(3, "Todo")]);
    expect(tasks[2]?.stateWords).toEqual({ done: "Done", open: "Todo" });
  });

  it("with emoji open words and no done word yet, ticking writes `✅ Done`", () => {
    expect(parse(["# Plan", "", "### Task 1: A", "", "**Status:** 🚧 WIP", ""])[0]?.stateWords).toEqual({
      done: "✅ Done",
      open: "🚧 WIP",
    });
  });
});

describe("no-break spaces around a heading's or a criterion's text (pasted from a word processor)", () => {
  it("are not part of a section name, a heading task's title or its criteria", () => {
    const nbsp = "\u00a0";
    const text = [
      "# Plan",
      "",
      `## ${nbsp}Backend${nbsp}`,
      "",
      "| Task ID | Description |",
      "|---|---|",
      "| DATA1 | One |",
      "",
      `## ${nbsp}Frontend${nbsp}`,
      "",
      `### Task 1: ${nbsp}Launch${nbsp}`,
      "",
      `- ${nbsp}`,
      "  Pages load",
      "",
    ].join("\n");
    expect(
      parsePlan(text, "docs/plan.md").tasks.map((t) => [t.id, t.headingPath, t.description, t.acceptanceCriteria]),
    ).toEqual([
      ["DATA1", ["Backend"], "One", []],
      ["1", ["Frontend"], "Launch", ["Pages load"]],
    ]);
  });
});
