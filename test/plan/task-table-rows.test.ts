import { describe, expect, it } from "vitest";
import { parsePlan } from "../../src/plan/parse-plan.js";

const doc = (...lines: string[]): string => [...lines, ""].join("\n");
const where = (md: string): string[] =>
  parsePlan(md, "p.md").diagnostics.map((d) => `${d.line}:${d.column} ${d.severity} ${d.code}`);
const messages = (md: string): string[] => parsePlan(md, "p.md").diagnostics.map((d) => d.message);

describe("a row with more cells than its header (a bare | in a cell)", () => {
  const table = (row: string): string => doc("| Task ID | Description | Status | Effort |", "|---|---|---|---|", row);

  it("rejoins the Description when only that reading keeps a status in Status and an effort in Effort", () => {
    const md = table("| T1 | a | Done | Done | 2h |");
    expect(where(md)).toEqual(["3:1 warning unescaped-pipe"]);
    expect(parsePlan(md, "p.md").tasks[0]).toMatchObject({ description: "a | Done", done: true, effort: "2h" });
  });

  it("a Status cell that only holds a checkbox further on is not a status", () => {
    const md = doc("| Task ID | Description | Status |", "|---|---|---|", "| T1 | a | b [x] | Done |");
    expect(where(md)).toEqual(["3:1 warning unescaped-pipe"]);
    expect(parsePlan(md, "p.md").tasks[0]).toMatchObject({ description: "a | b [x]", done: true });
  });

  it("a numeric ID still fits the Task ID column", () => {
    expect(where(table("| 3 | a | b | Done | 2h |"))).toEqual(["3:1 warning unescaped-pipe"]);
  });

  it("no reading fits when the ID cell holds no ID: the row is an error, not read", () => {
    const md = table("| not an id | a | b | Done | 2h |");
    expect(where(md)).toEqual(["3:1 error unescaped-pipe"]);
    expect(parsePlan(md, "p.md").tasks).toEqual([]);
  });

  it("stray cells after the last column are ignored with a warning when an empty Effort fits", () => {
    const md = table("| T1 | a | Done |  | x |");
    expect(where(md)).toEqual(["3:1 warning cell-count"]);
    expect(messages(md)[0]).toContain("the extra cells are ignored");
  });

  it("stray cells are noticed even when the first of them is empty", () => {
    expect(where(table("| T1 | a | Done | 2h |  | x |"))).toEqual(["3:1 warning cell-count"]);
    expect(where(table("| T1 | a | Done | 2h |  |"))).toEqual([]);
  });
});

describe("messages for a row that cannot be read", () => {
  const table = (row: string): string =>
    doc("| Task ID | Description | Acceptance Criteria | Effort |", "|---|---|---|---|", row);

  it("a short row names every missing column, in order", () => {
    expect(messages(table("| T1 | a |"))).toEqual([
      "Row has 2 cells but the table header has 4, so its Acceptance Criteria and Effort cells are missing. The row is not read; add the missing cells (an empty cell is `|  |`).",
    ]);
  });

  it("text after the ID (a bracket or parenthesis after spaces) is named as such", () => {
    const afterId = (raw: string, id: string): string =>
      `Task ID cell "${raw}" has text after the ID ${id}: only the link to its issue, written "([#12](url))", may follow the ID. Move other text to the Description.`;
    expect(messages(table("| DATA1 [x]x | a | b | 1h |"))).toEqual([afterId("DATA1 [x]x", "DATA1")]);
    expect(messages(table("| [x]DATA1 (x) | a | b | 1h |"))).toEqual([afterId("[x]DATA1 (x)", "DATA1")]);
    expect(messages(table("| DATA1  (y) | a | b | 1h |"))).toEqual([afterId("DATA1  (y)", "DATA1")]);
  });

  it("words after the ID are a malformed ID, not text after it", () => {
    expect(messages(table("| DATA1 bar (y) | a | b | 1h |"))[0]).toMatch(/^"DATA1 bar \(y\)" is not a valid task ID/);
  });
});

describe("a table without an ID column: the issue link at the end of the name", () => {
  it("is read with its number, URL and exact position, after any run of spaces", () => {
    const md = doc("| Task | Status |", "|---|---|", "| Set up CI  ([#12](https://x/12)) | Done |");
    const [task] = parsePlan(md, "p.md").tasks;
    const start = md.indexOf("([#12]");
    expect(task).toMatchObject({ id: "set-up-ci", description: "Set up CI" });
    expect(task?.issueLink).toEqual({
      number: 12,
      url: "https://x/12",
      span: { start, end: start + "([#12](https://x/12))".length },
    });
  });

  it("a row with an empty name is not a task; a name that is template text is skipped with a warning", () => {
    const md = doc("| Task | Status |", "|---|---|", "| Set up CI | Done |", "|  | Done |", "| [Task name] | Todo |");
    expect(parsePlan(md, "p.md").tasks.map((t) => t.id)).toEqual(["set-up-ci"]);
    expect(where(md)).toEqual(["5:3 warning placeholder-row"]);
  });
});

describe("cells of a task table with an ID column", () => {
  it("a Description ending in an issue link keeps it: only the ID cell carries plan-sync's link", () => {
    const md = doc("| Task ID | Description |", "|---|---|", "| T1 | Do X ([#3](https://x/3)) |");
    expect(parsePlan(md, "p.md").tasks[0]?.description).toBe("Do X ([#3](https://x/3))");
  });

  it("the first of two name columns names the task; the second is an extra field", () => {
    const md = doc("| Task ID | Name | Title |", "|---|---|---|", "| T1 | first | second |");
    expect(parsePlan(md, "p.md").tasks[0]).toMatchObject({ description: "first", extra: { Title: "second" } });
  });

  it("a linked numeric task whose Description is template text blocks the sync", () => {
    const md = doc("| Task ID | Description |", "|---|---|", "| 3 ([#12](https://x/12)) | [Task description] |");
    expect(where(md)).toEqual(["3:29 error placeholder-row"]);
    expect(messages(md)[0]).toContain("Task 3 is linked to issue #12");
  });

  it("write-back's link goes after the ID's formatting: a bold ID has its own link position, a plain one none", () => {
    const md = doc("| Task ID | Description |", "|---|---|", "| T1 | a |", "| **T2** | b |");
    const [plain, bold] = parsePlan(md, "p.md").tasks;
    expect(plain && "linkAt" in plain).toBe(false);
    expect(bold?.linkAt).toBe(md.indexOf("**T2**") + "**T2**".length);
  });

  it("a Depends on cell names each task once, and an unknown one is reported where it is written, after a link", () => {
    const md = doc(
      "| Task ID | Description | Depends on |",
      "|---|---|---|",
      "| T1 | a |  |",
      "| T2 | b | T1, T1 |",
      "| T3 | c | [T1](#t1) X9 |",
    );
    const plan = parsePlan(md, "p.md");
    expect(plan.tasks.map((t) => t.dependsOn)).toEqual([[], ["T1"], ["T1", "X9"]]);
    const line5 = md.split("\n")[4] ?? "";
    expect(plan.diagnostics.map((d) => `${d.line}:${d.column}`)).toEqual([`5:${line5.indexOf("X9") + 1}`]);
  });
});

describe("struck-through tasks read as done when nothing else gives their state", () => {
  it("a struck ID, after a checkbox and any spaces, or alone; a ~~ further on is not a strike", () => {
    const md = doc(
      "| Task ID | Description | Status |",
      "|---|---|---|",
      "| [ ] ~~T1~~ | a |  |",
      "| [ ]  ~~T2~~ | b |  |",
      "| ~~T3~~ | c |  |",
      "| T4 ([#4](https://x/~~)) | d |  |",
    );
    expect(parsePlan(md, "p.md").tasks.map((t) => [t.id, t.done])).toEqual([
      ["T1", true],
      ["T2", true],
      ["T3", true],
      ["T4", false],
    ]);
  });

  it("a struck Description is the whole cell struck, its text trimmed; part of a cell struck is just text", () => {
    const md = doc(
      "| Task ID | Description |",
      "|---|---|",
      "| T5 | keep ~~old~~ |",
      "| T6 | ~~old~~ new |",
      "| T7 | ~~ old ~~ |",
    );
    expect(parsePlan(md, "p.md").tasks.map((t) => [t.description, t.done])).toEqual([
      ["keep ~~old~~", false],
      ["~~old~~ new", false],
      ["old", true],
    ]);
  });
});

describe("the status words a table speaks, for write-back", () => {
  const words = (...statuses: string[]): unknown[] =>
    parsePlan(
      doc("| Task ID | Description | Status |", "|---|---|---|", ...statuses.map((s, i) => `| T${i + 1} | a | ${s} |`)),
      "p.md",
    ).tasks.map((t) => t.stateWords);

  it("an empty Status cell says nothing: the open word is the default", () => {
    expect(words("Done", "")).toEqual([
      { done: "Done", open: "Todo" },
      { done: "Done", open: "Todo" },
    ]);
  });

  it("a table of open words only gets the default done word", () => {
    expect(words("Todo")).toEqual([{ done: "Done", open: "Todo" }]);
  });

  it("a table that writes any emoji gets emoji defaults", () => {
    expect(words("✅", "Done").map((w) => (w as { open: string }).open)).toEqual(["⬜ Todo", "⬜ Todo"]);
  });
});
