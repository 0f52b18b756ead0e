import { describe, expect, it } from "vitest";
import { parsePlan } from "../../src/plan/parse-plan.js";
import { patchPlan } from "../../src/plan/patch-plan.js";

/**
 * The section a heading task belongs to (its issue shows it as `Build › Task 2: Compile`), and the spaces after a
 * state that opens the heading: what a user sees of a heading task beyond its ID and title.
 */
const parse = (lines: string[]) => {
  const text = lines.join("\n");
  const plan = parsePlan(text, "docs/plan.md");
  return {
    plan,
    tasks: plan.tasks.map((t) => ({
      id: t.id,
      description: t.description,
      section: t.headingPath,
      state: text.slice(t.stateCell.start, t.stateCell.end),
    })),
  };
};

describe("a heading task's section", () => {
  it("is the headings above it; the lone H1 title is none of them, and does not close a section opened before it", () => {
    const { tasks } = parse([
      "## Overview",
      "",
      "# Plan",
      "",
      "### Task 1: Set up",
      "",
      "## Build",
      "",
      "### Task 2: Compile",
      "",
      "#### Task 3: Link",
      "",
    ]);
    expect(tasks.map((t) => [t.id, t.section])).toEqual([
      ["1", ["Overview"]],
      ["2", ["Build"]],
      ["3", ["Build", "Task 2: Compile"]],
    ]);
  });

  it("under an empty heading is named by an empty heading, and an empty heading is no task", () => {
    const { tasks, plan } = parse([
      "# Plan",
      "",
      "## Phase 1",
      "",
      "### Task 1: Set up",
      "",
      "##",
      "",
      "### Task 2: Deploy",
      "",
      "###",
      "",
      "#### Task 3: Verify",
      "",
    ]);
    expect(tasks.map((t) => [t.id, t.description, t.section])).toEqual([
      ["1", "Set up", ["Phase 1"]],
      ["2", "Deploy", [""]],
      ["3", "Verify", ["", ""]],
    ]);
    expect(plan.diagnostics).toEqual([]);
  });
});

describe("a state that opens a heading, followed by two spaces", () => {
  it("takes both spaces into the state", () => {
    const { tasks } = parse(["# Plan", "", "### ✅  Task 3: Write the docs", ""]);
    expect(tasks).toEqual([{ id: "3", description: "Write the docs", section: [], state: "✅  " }]);
  });

  it("still leaves `Step 1` a part of the plan, not a task", () => {
    expect(parse(["# Plan", "", "### [ ]  Step 1: Install", "", "### ✅  Step 2: Configure", ""]).tasks).toEqual([]);
  });
});

describe("an emoji that says no status, opening a heading", () => {
  it("is decoration: the heading reads as it would without it", () => {
    const { tasks } = parse([
      "# Plan",
      "",
      "### 🚀 Task 1: Launch the beta",
      "",
      "### ✅ 📦 Task 2: Package it",
      "",
      "### 🔧 Task 3: Tune it ✅",
      "",
      "## 🎯 Goals",
      "",
      "### 📅 Phase 2",
      "",
    ]);
    expect(tasks).toEqual([
      { id: "1", description: "Launch the beta", section: [], state: "" },
      { id: "2", description: "Package it", section: [], state: "✅ " },
      { id: "3", description: "Tune it", section: [], state: " ✅" },
    ]);
  });

  it("stays where it is when the task is ticked and reopened: the ✅ goes after it", () => {
    const text = "# Plan\n\n### 🚀 Task 1: Launch the beta\n";
    const ticked = patchPlan(text, "docs/plan.md", new Map([["1", { done: true }]]));
    expect(ticked).toBe("# Plan\n\n### 🚀 ✅ Task 1: Launch the beta\n");
    expect(parsePlan(ticked, "docs/plan.md").tasks.map((t) => [t.id, t.done])).toEqual([["1", true]]);
    expect(patchPlan(ticked, "docs/plan.md", new Map([["1", { done: false }]]))).toBe(text);
  });
});
