import { describe, expect, it } from "vitest";
import { parsePlan } from "../../src/plan/parse-plan.js";

// Tasks written as headings (`### Task 1: Set up the database ✅`): what a user sees of them in the parsed plan.
const parse = (lines: string[]) => {
  const text = lines.join("\n");
  const plan = parsePlan(text, "docs/plan.md");
  const tasks = plan.tasks.map((t) => ({
    id: t.id,
    description: t.description,
    done: t.done,
    state: text.slice(t.stateCell.start, t.stateCell.end),
    stateWords: t.stateWords,
    criteria: t.acceptanceCriteria,
  }));
  const diagnostics = plan.diagnostics.map(
    (d) => `${d.path}:${d.line}:${d.column} ${d.severity} ${d.code}: ${d.message}`,
  );
  return { text, plan, tasks, diagnostics };
};

describe("a status emoji at the end of the heading", () => {
  it("is the task's state, written back in place with the space before it", () => {
    const { tasks } = parse([
      "# Plan",
      "",
      "### Task 1: Set up the database ✅",
      "",
      "### Task 2: Cache the lookups ⬜",
      "",
    ]);
    expect(tasks).toEqual([
      {
        id: "1",
        description: "Set up the database",
        done: true,
        state: " ✅",
        stateWords: { done: " ✅", open: "" },
        criteria: [],
      },
      {
        id: "2",
        description: "Cache the lookups",
        done: false,
        state: " ⬜",
        stateWords: { done: " ✅", open: " ⬜" },
        criteria: [],
      },
    ]);
  });

  it("takes every space before it into the state, so untick removes them all", () => {
    const { tasks } = parse(["# Plan", "", "### Task 6: Tidy up  ✅", ""]);
    expect(tasks[0]).toMatchObject({ description: "Tidy up", done: true, state: "  ✅" });
  });

  it("is not a state in the middle of the title", () => {
    const { tasks } = parse(["# Plan", "", "### Task 5: Ship ✅ badge support", ""]);
    expect(tasks[0]).toMatchObject({ description: "Ship ✅ badge support", done: false, state: "" });
  });

  it("is not a state when glued to the last word", () => {
    const { tasks } = parse(["# Plan", "", "### Task 5: Ship it✅", ""]);
    expect(tasks[0]).toMatchObject({ description: "Ship it✅", done: false, state: "" });
  });

  it("reads a check mark with the emoji variation selector", () => {
    const { tasks } = parse(["# Plan", "", "### Task 1: Ship ✔\uFE0F", "", "### Task 2: Test ✔", ""]);
    expect(tasks.map((t) => [t.description, t.done, t.state])).toEqual([
      ["Ship", true, " ✔\uFE0F"],
      ["Test", true, " ✔"],
    ]);
  });
});

describe("a status emoji before the ID", () => {
  it("is the task's state with the space after it; reopening writes ⬜, ticking ✅", () => {
    const { tasks } = parse(["# Plan", "", "### ✅ Task 3: Write the docs", "", "### ⬜ Task 4: Add metrics", ""]);
    expect(tasks).toEqual([
      {
        id: "3",
        description: "Write the docs",
        done: true,
        state: "✅ ",
        stateWords: { done: "✅ ", open: "" },
        criteria: [],
      },
      {
        id: "4",
        description: "Add metrics",
        done: false,
        state: "⬜ ",
        stateWords: { done: "✅ ", open: "⬜ " },
        criteria: [],
      },
    ]);
  });

  it("keeps the emoji variation selector with the emoji", () => {
    const { tasks } = parse(["# Plan", "", "### ✅\uFE0F Task 7: Emoji with variation selector", ""]);
    expect(tasks[0]).toMatchObject({
      id: "7",
      description: "Emoji with variation selector",
      done: true,
      state: "✅\uFE0F ",
    });
  });
});

describe("which headings are tasks", () => {
  it("a lone letter ID is a task when the heading has a checkbox", () => {
    const { plan, tasks } = parse(["# Plan", "", "### [x] T-31 Lone boxed letter ID", ""]);
    expect(tasks.map((t) => [t.id, t.done, t.state])).toEqual([["T-31", true, "[x]"]]);
    expect(plan.tasks[0]?.linkAt).toBeUndefined();
  });

  it("a bold ID gets its issue link after the stars", () => {
    const { plan, tasks, text } = parse(["# Plan", "", "### [ ] **T-32**: Bold", ""]);
    expect(tasks.map((t) => [t.id, t.done, t.state])).toEqual([["T-32", false, "[ ]"]]);
    expect(text.slice(0, plan.tasks[0]?.linkAt)).toBe("# Plan\n\n### [ ] **T-32**");
  });

  it("a lone unmarked letter ID is not a task; two of the same shape at one depth are", () => {
    expect(parse(["# Plan", "", "### T-99 Lone unmarked", ""]).tasks).toEqual([]);
    const two = parse(["# Plan", "", "### T-1 First", "", "### T-2 Second", ""]).tasks;
    expect(two.map((t) => t.id)).toEqual(["T-1", "T-2"]);
  });

  it("a boxed heading that names a part of the plan (`Phase-1`) or has no title is not a task", () => {
    expect(parse(["# Plan", "", "### [ ] Phase-1 Setup", "", "### [x] T-33", ""]).tasks).toEqual([]);
  });

  it("`Step 1` is a part of the plan, not a task", () => {
    expect(parse(["# Plan", "", "### [ ] Step 1: Install", "", "### ✅ Step 2: Configure", ""]).tasks).toEqual([]);
  });

  it("a checkbox inside the title is not the heading's state", () => {
    const { tasks } = parse(["# Plan", "", "### Task 9: Fix [x] in the parser", ""]);
    expect(tasks[0]).toMatchObject({ description: "Fix [x] in the parser", done: false, state: "" });
  });

  it("a number heading is a task when its Status line reads as a status, a chapter with `Status: Draft`-like words is not", () => {
    const { tasks } = parse(["# Plan", "", "### 1.2 Numbered", "", "**Owner:** Ana\\", "**Status:** Done", ""]);
    expect(tasks).toMatchObject([{ id: "1.2", description: "Numbered", done: true, state: "Done" }]);
    expect(parse(["# Plan", "", "## 2. Introduction", "", "**Status:** Reviewing", ""]).tasks).toEqual([]);
  });

  it("an H1 is never a heading task", () => {
    expect(parse(["# Task 1: Alpha ✅", "", "# Task 2: Beta ✅", ""]).tasks).toEqual([]);
  });
});

describe("a heading task's body", () => {
  it("gives its criteria (not sub-tasks, not under a sub-heading) and its state from its own checkboxes (all ticked: done)", () => {
    const { tasks } = parse([
      "# Plan",
      "",
      "### Task 10: Criteria and boxes",
      "",
      "- [x] one",
      "- plain note",
      "-",
      "- [ ] T001 Sub-task of its own",
      "- [ ] T002 Another",
      "",
      "#### Notes",
      "",
      "- [ ] not a criterion",
      "",
      "### Task 11: All ticked",
      "",
      "- [x] a",
      "- [x] b",
      "",
      "### Task 12: No boxes",
      "",
      "- a note",
      "",
    ]);
    expect(tasks.filter((t) => !t.id.startsWith("T0"))).toEqual([
      {
        id: "10",
        description: "Criteria and boxes",
        done: true,
        state: "",
        stateWords: { done: "✅ ", open: "⬜ " },
        criteria: ["one", "plain note"],
      },
      {
        id: "11",
        description: "All ticked",
        done: true,
        state: "",
        stateWords: { done: "✅ ", open: "⬜ " },
        criteria: ["a", "b"],
      },
      {
        id: "12",
        description: "No boxes",
        done: false,
        state: "",
        stateWords: { done: "✅ ", open: "" },
        criteria: ["a note"],
      },
    ]);
  });

  it("ends at the next heading of its level or above: a later section's checkboxes are not its own", () => {
    const same = parse(["# Plan", "", "### Task 1: A", "", "### Other", "", "- [x] elsewhere", ""]);
    expect(same.tasks).toMatchObject([{ id: "1", done: false, criteria: [] }]);
    const above = parse(["# Plan", "", "## Tasks", "", "### Task 1: A", "", "## Other", "", "- [x] elsewhere", ""]);
    expect(above.tasks).toMatchObject([{ id: "1", done: false, criteria: [] }]);
  });

  it("reads the Status line on any line of its paragraph, not one in a code block or under a sub-heading", () => {
    const { tasks } = parse([
      "# Plan",
      "",
      "### Task 1: A",
      "",
      "**Owner:** Ana\\",
      "**Status:** Done  ",
      "",
      "### Task 2: B",
      "",
      "```",
      "Status: Done",
      "```",
      "",
      "### Task 3: C",
      "",
      "#### Details",
      "",
      "**Status:** Done",
      "",
    ]);
    expect(tasks.map((t) => [t.id, t.done, t.state])).toEqual([
      ["1", true, "Done"],
      ["2", false, ""],
      ["3", false, ""],
    ]);
  });

  it("reads a Status line ending in CRLF inside a paragraph", () => {
    const { tasks } = parse(["# Plan", "", "### Task 1: A", "", "**Status:** Done\r", "**Owner:** Ana", ""]);
    expect(tasks).toMatchObject([{ id: "1", done: true, state: "Done" }]);
  });
});

describe("the words write-back uses for Status lines", () => {
  it("the plan's own most common done and open words", () => {
    const { tasks } = parse([
      "# Plan",
      "",
      "### Task 1: A",
      "",
      "**Status:** Complete",
      "",
      "### Task 2: B",
      "",
      "**Status:** In progress",
      "",
    ]);
    expect(tasks[0]?.stateWords).toEqual({ done: "Complete", open: "In progress" });
  });

  it("plain `Done`/`Todo` for the missing side, or `✅ Done`/`⬜ Todo` when the plan's words carry an emoji", () => {
    expect(parse(["# Plan", "", "### Task 1: A", "", "**Status:** Done", ""]).tasks[0]?.stateWords).toEqual({
      done: "Done",
      open: "Todo",
    });
    expect(parse(["# Plan", "", "### Task 1: A", "", "**Status:** Todo", ""]).tasks[0]?.stateWords).toEqual({
      done: "Done",
      open: "Todo",
    });
    const emoji = parse([
      "# Plan",
      "",
      "### Task 1: A",
      "",
      "**Status:** Done",
      "",
      "### Task 2: B",
      "",
      "**Status:** ✅ Done",
      "",
      "### Task 3: C",
      "",
      "**Status:** Done",
      "",
    ]);
    expect(emoji.tasks[0]?.stateWords).toEqual({ done: "Done", open: "⬜ Todo" });
  });

  it("not an emoji marker's word, nor an unknown status", () => {
    const { tasks } = parse([
      "# Plan",
      "",
      "### ✅ Task 1: A",
      "",
      "### Task 2: B",
      "",
      "**Status:** Todo",
      "",
      "### Task 3: C",
      "",
      "**Status:** Reviewing",
      "",
    ]);
    expect(tasks[1]?.stateWords).toEqual({ done: "Done", open: "Todo" });
  });
});

describe("Status lines plan-sync does not know", () => {
  const heading = (n: number, status: string): string[] => [`### Task ${n}: T${n}`, "", `**Status:** ${status}`, ""];

  it("one word on one heading: one warning at the value, the task open", () => {
    const { tasks, diagnostics } = parse(["# Plan", "", ...heading(1, "Reviewing")]);
    expect(tasks).toMatchObject([{ id: "1", done: false, state: "Reviewing" }]);
    expect(diagnostics).toEqual([
      'docs/plan.md:5:13 warning unknown-status: Status "Reviewing" is not a word plan-sync knows (1 heading task), so that task counts as open. Done reads as ✅, Done, Complete, Closed, Merged or Shipped; open as ⬜, Todo, Pending, In progress, WIP or Blocked.',
    ]);
  });

  it("one word on two headings: one warning for both", () => {
    const { diagnostics } = parse(["# Plan", "", ...heading(1, "Reviewing"), ...heading(2, "Reviewing")]);
    expect(diagnostics).toEqual([
      'docs/plan.md:5:13 warning unknown-status: Status "Reviewing" is not a word plan-sync knows (2 heading tasks), so those tasks count as open. Done reads as ✅, Done, Complete, Closed, Merged or Shipped; open as ⬜, Todo, Pending, In progress, WIP or Blocked.',
    ]);
  });

  it("five words listed in full, six shortened after the fifth", () => {
    const words = ["Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot"];
    const five = parse(["# Plan", "", ...words.slice(0, 5).flatMap((w, i) => heading(i + 1, w))]).diagnostics;
    expect(five[0]).toContain(
      'Status "Alpha", "Bravo", "Charlie", "Delta", "Echo" are not words plan-sync knows (5 heading tasks)',
    );
    const six = parse(["# Plan", "", ...words.flatMap((w, i) => heading(i + 1, w))]).diagnostics;
    expect(six[0]).toContain(
      'Status "Alpha", "Bravo", "Charlie", "Delta", "Echo", … are not words plan-sync knows (6 heading tasks), so those tasks count as open.',
    );
  });
});
