import { describe, expect, it } from "vitest";
import { parsePlan } from "../../src/plan/parse-plan.js";
import { patchPlan } from "../../src/plan/patch-plan.js";
import { scanPlanText } from "../../src/plan/scan-plan-text.js";

/**
 * Plans saved with Windows (`\r\n`) or old Mac (`\r`) line endings, or without a line ending at the end: the same
 * tasks as with `\n`, and every diagnostic at the line and column an editor shows.
 */
const parse = (text: string) => {
  const plan = parsePlan(text, "docs/plan.md");
  return {
    tasks: plan.tasks.map((t) => [t.id, t.description]),
    diagnostics: plan.diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`),
  };
};

describe("line endings", () => {
  it("`\\r` alone ends a line: a diagnostic is at its own line and column", () => {
    const text = [
      "# Plan",
      "",
      "| Task ID | Description |",
      "|---|---|",
      "| DATA1 | One |",
      "",
      "  | DATA2 | Two |",
      "",
    ];
    expect(parse(text.join("\r"))).toEqual({
      tasks: [["DATA1", "One"]],
      diagnostics: ["7:3 orphan-row"],
    });
    expect(scanPlanText("# Plan\r\rab\0c\r", "docs/plan.md").problems).toEqual([
      expect.objectContaining({ line: 3, column: 3, code: "not-text" }),
    ]);
  });

  it.each([
    ["\\n", "\n"],
    ["\\r\\n", "\r\n"],
    ["\\r", "\r"],
  ])("a heading task's Status line is a line of its paragraph with %s: write-back changes its word only", (_, eol) => {
    const plan = (one: string, two: string) =>
      ["# Plan", "", "### Task 1: Set up", "", `**Status:** ${one}`, "Owner: Ann", "", "### Task 2: Ship", ""]
        .concat(["Shipped by the release train.", `**Status:** ${two}`, ""])
        .join(eol);
    const text = plan("Done", "Todo");
    expect(
      parsePlan(text, "docs/plan.md").tasks.map((t) => [t.id, t.done, text.slice(t.stateCell.start, t.stateCell.end)]),
    ).toEqual([
      ["1", true, "Done"],
      ["2", false, "Todo"],
    ]);
    const patches = new Map([
      ["1", { done: false }],
      ["2", { done: true }],
    ]);
    expect(patchPlan(text, "docs/plan.md", patches)).toBe(plan("Todo", "Done"));
  });

  it("a checklist task that is only its ID is a task with `\\r\\n` line endings and on a last line with no line ending", () => {
    const items = ["# Plan", "", "- [ ] T1", "- [ ] T2 Two", "- [ ] T3"];
    const want = {
      tasks: [
        ["T1", ""],
        ["T2", "Two"],
        ["T3", ""],
      ],
      diagnostics: [],
    };
    expect(parse(`${items.join("\r\n")}\r\n`)).toEqual(want);
    expect(parse(items.join("\n"))).toEqual(want);
  });
});
