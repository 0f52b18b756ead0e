import { describe, expect, it } from "vitest";
import { parsePlan } from "../../src/plan/parse-plan.js";
import type { Task } from "../../src/plan/types.js";

/**
 * A checklist item that opens with an ID is a task (`- [ ] T001 Create…`,
 * `- [ ] 1.1 Set up…`, `- [ ] **INIT-001**: …`). What the author sees of it:
 * which items became tasks, under which ID, with which description, details,
 * issue link and positions. Items without an ID stay checklist items as long
 * as one item of the file has one (`**T9** Real` below), so an item that is
 * not read as a task shows as "not a task" rather than as a task made from its words.
 */
const text = (items: string[]) => ["# Tasks", "", "## Phase 1", "", ...items, ""].join("\n");
const read = (items: string[]) => parsePlan(text(items), "tasks.md");
const tasks = (items: string[]) => read(items).tasks.map((t) => [t.id, t.description]);
const only = (items: string[], id: string): Task => {
  const found = read(items).tasks.filter((t) => t.id === id);
  expect(found).toHaveLength(1);
  return found[0] as Task;
};
const REAL = "- [ ] **T9** Real";

describe("the ID a checklist item opens with", () => {
  it("is set apart from the description by spaces, a tab, a colon or a dash with a space after it", () => {
    expect(
      tasks([
        "- [ ] T1 - Dash",
        "- [ ] T2 — Em dash",
        "- [ ] T3 – En dash",
        "- [ ] T4- Tight dash",
        "- [ ] T5 -Glued",
        "- [ ] T6\tTab",
        "- [ ]\tT7 Tab before the ID",
        "- [ ] T8: Colon",
        "- [ ] T9 A one-letter word",
      ]),
    ).toEqual([
      ["T1", "Dash"],
      ["T2", "Em dash"],
      ["T3", "En dash"],
      ["T4", "Tight dash"],
      ["T5", "-Glued"],
      ["T6", "Tab"],
      ["T7", "Tab before the ID"],
      ["T8", "Colon"],
      ["T9", "A one-letter word"],
    ]);
  });

  it("is no ID when other text is glued to it: `A1/B2 split`, `A3, the other` stay checklist items", () => {
    const plan = read([REAL, "- [ ] A1/B2 split", "- [ ] A3, the other"]);
    expect(plan.tasks.map((t) => t.id)).toEqual(["T9"]);
    expect(plan.checklists.map((c) => c.text)).toEqual(["A1/B2 split", "A3, the other"]);
  });

  it("may stand alone on its line: a task with no description", () => {
    expect(tasks(["- [ ] T1", "- [ ] T2 Two"])).toEqual([
      ["T1", ""],
      ["T2", "Two"],
    ]);
  });

  it("is a number only with a dot or bracket after it or inside it: `2 weeks of testing` is prose", () => {
    expect(tasks([REAL, "- [ ] 2 weeks of testing", "- [ ] 3 more"])).toEqual([["T9", "Real"]]);
    expect(
      tasks(["- [ ] 1) Set up", "- [ ] 2) Build", "- [ ] 12. Ship", "- [ ] 1.12 Docs", "- [ ] 1.13 Tests"]),
    ).toEqual([
      ["1", "Set up"],
      ["2", "Build"],
      ["12", "Ship"],
      ["1.12", "Docs"],
      ["1.13", "Tests"],
    ]);
  });

  it("in bold or code is still no ID unless it is one: `**1-2**`, `**1a**`, `` `3-4` `` stay checklist items", () => {
    const plan = read([REAL, "- [ ] **1-2** Draft", "- [ ] **1a** Review", "- [ ] `3-4` Other"]);
    expect(plan.tasks.map((t) => t.id)).toEqual(["T9"]);
    // Each stays a checklist item of its own (lines 6 to 8).
    expect(plan.checklists.map((c) => c.line)).toEqual([6, 7, 8]);
  });

  it("is a task on its own when bold or said with a word (`Step 1.2`); a plain one needs another of its shape", () => {
    expect(tasks(["- [ ] **INIT-001** Create schema", "- [ ] Water the plants"])).toEqual([
      ["INIT-001", "Create schema"],
    ]);
    expect(tasks(["- [ ] Step 1.2 Set up the DB", "- [ ] Water the plants"])).toEqual([["1.2", "Set up the DB"]]);
    // T9 and T10 share the shape T#, however many digits.
    expect(tasks(["- [ ] T9 Nine", "- [ ] T10 Ten"])).toEqual([
      ["T9", "Nine"],
      ["T10", "Ten"],
    ]);
    // A1B and AB1 do not: letters and digits in another order are another shape.
    expect(tasks([REAL, "- [ ] A1B Do", "- [ ] AB1 Do"])).toEqual([["T9", "Real"]]);
  });

  it("keeps spec-kit's markers after a colon out of the description: [P] is parallel, each [USn] a story", () => {
    const plan = read(["- [ ] T1: [P] [US1] [US2] Do", "- [ ] T2:\t[P] Two"]);
    expect(plan.tasks.map((t) => [t.id, t.description, t.extra])).toEqual([
      ["T1", "Do", { Parallel: "yes", Story: "US1, US2" }],
      ["T2", "Two", { Parallel: "yes" }],
    ]);
  });

  it("may be followed by its issue link, which is read with its number, address and position", () => {
    const items = ["- [ ] T1 ([#12](https://github.com/o/r/issues/12)) Do", "- [x] T2 Two"];
    const t = only(items, "T1");
    expect(t.description).toBe("Do");
    expect(t.issueLink).toMatchObject({ number: 12, url: "https://github.com/o/r/issues/12" });
    const span = t.issueLink?.span ?? { start: 0, end: 0 };
    expect(text(items).slice(span.start, span.end)).toBe("([#12](https://github.com/o/r/issues/12))");
  });
});

describe("a checklist task's positions and state", () => {
  it("spans its row from the list marker to the end of the first line", () => {
    const items = ["- [ ] T1 Do it", "  - [ ] T2 Nested"];
    for (const [id, row] of [
      ["T1", "- [ ] T1 Do it"],
      ["T2", "- [ ] T2 Nested"],
    ] as const) {
      const t = only(items, id);
      expect(text(items).slice(t.row.start, t.row.end)).toBe(row);
    }
  });

  it("has a link position of its own only when the link goes after a formatted or dotted ID's closing marks", () => {
    const items = ["- [ ] **T1** Bold", "- [ ] T2 Plain", "- [ ] 3. Dotted", "- [ ] 4. Dotted"];
    const at = (id: string) => only(items, id).linkAt;
    expect(at("T2")).toBeUndefined();
    expect(text(items).slice(0, at("T1"))).toMatch(/- \[ \] \*\*T1\*\*$/);
    expect(text(items).slice(0, at("3"))).toMatch(/- \[ \] 3\.$/);
  });

  it("in an in-progress box `[-]` is written back as `[x]` when done and `[ ]` when reopened", () => {
    const t = only(["- [-] T1 Doing", "- [ ] T2 Two"], "T1");
    expect([t.done, t.checkbox, t.stateWords]).toEqual([false, null, { done: "[x]", open: "[ ]" }]);
  });
});

describe("a checklist task's description and details", () => {
  it("keeps a description that starts with `>` and folds continuation lines into one", () => {
    expect(tasks(["- [ ] T1 >100 users served", "- [ ] T2 Do this", "  and that"])).toEqual([
      ["T1", ">100 users served"],
      ["T2", "Do this and that"],
    ]);
  });

  it("drops a no-break space at the end of the description; a paragraph or item of only a no-break space is no criterion", () => {
    // Markdown keeps U+00A0 inside a paragraph (only spaces and tabs are trimmed); JS trim() drops it.
    const items = [
      "- [ ] T1 Do it\u00a0",
      "",
      "  \u00a0",
      "",
      "  - \u00a0",
      "  - Real criterion\u00a0",
      "- [ ] T2 Two",
    ];
    const t = only(items, "T1");
    expect([t.description, t.acceptanceCriteria]).toEqual(["Do it", ["Real criterion"]]);
  });

  it("reads each further paragraph as a criterion, without a leading box", () => {
    const items = ["- [ ] T1 Do", "", "  More detail", "", "  [x]  Verified", "", "  see [ ] here", "- [ ] T2 Two"];
    expect(only(items, "T1").acceptanceCriteria).toEqual(["More detail", "Verified", "see [ ] here"]);
  });

  it("reads a nested item's further paragraphs as criteria and a `Requirements:` line as a field, trimmed", () => {
    const items = [
      "- [ ] T1 Do",
      "  - Criterion one",
      "",
      "    more on it",
      "  - _Requirements: 1.1 _",
      "- [ ] T2 Two",
    ];
    const t = only(items, "T1");
    expect([t.acceptanceCriteria, t.extra]).toEqual([["Criterion one", "more on it"], { Requirements: "1.1" }]);
  });

  it("reads nested items as criteria without their in-progress box; an item opening with code or empty adds none", () => {
    const items = [
      "- [ ] T1 Do",
      "  - ```js",
      "    x",
      "    ```",
      "  -",
      "  - [~] Partly",
      "  - [-]  Spaced",
      "  - see [-] here",
      "- [ ] T2 Two",
    ];
    expect(only(items, "T1").acceptanceCriteria).toEqual(["Partly", "Spaced", "see [-] here"]);
  });
});
