import { describe, expect, it } from "vitest";
import { defaultStatusText, mostCommon, readStatusWord, startsWithEmoji } from "../../src/plan/status-word.js";

/**
 * A Status cell in words or emoji (`✅ Done (PR #127)`, `**Complete**`, `🚧 WIP`):
 * only its start counts, and `length` is the status as written (emoji, word and
 * emphasis) — what write-back replaces and reuses as the table's own wording.
 */
describe("readStatusWord", () => {
  const cases: Array<[string, { done: boolean; length: number } | null]> = [
    ["", { done: false, length: 0 }],
    ["Done", { done: true, length: 4 }],
    ["DONE.", { done: true, length: 4 }],
    ["done (PR #127)", { done: true, length: 4 }],
    ["Doneness", null],
    ["Done2", null],
    ["**Complete**", { done: true, length: 12 }],
    ["~~Done~~ later", { done: true, length: 8 }],
    ["`WIP`", { done: false, length: 5 }],
    ["_Pending_", { done: false, length: 9 }],
    ["✅ Done (PR #127)", { done: true, length: 6 }],
    ["✅\uFE0F Done", { done: true, length: 7 }],
    ["✅ **Done**", { done: true, length: 10 }],
    ["**✅ Done**", { done: true, length: 10 }],
    ["⬜ Pending", { done: false, length: 9 }],
    ["🚧 In progress", { done: false, length: 14 }],
    // An emoji saying done and a word saying open: open, the whole status read.
    ["✅ Not started", { done: false, length: 13 }],
    // An emoji saying open and a word saying done disagree: the emoji decides, alone.
    ["⬜ Done", { done: false, length: 1 }],
    ["✅ awaiting sign-off", { done: true, length: 1 }],
    ["🚧", { done: false, length: 2 }],
    ["✔ merged", { done: true, length: 8 }],
    ["Done ✅", { done: true, length: 4 }],
    // The longest word wins: "not started" over "no", "partially done" over "partial".
    ["Not started", { done: false, length: 11 }],
    ["Partially done", { done: false, length: 14 }],
    ["Partial", { done: false, length: 7 }],
    ["not done yet", { done: false, length: 8 }],
    ["To do", { done: false, length: 5 }],
    ["no", { done: false, length: 2 }],
    ["n", { done: false, length: 1 }],
    ["x", { done: true, length: 1 }],
    ["Y", { done: true, length: 1 }],
    ["-", { done: false, length: 1 }],
    ["xyz", null],
    ["Someday", null],
    ["Waiting on legal", { done: false, length: 7 }],
  ];
  for (const [cell, expected] of cases)
    it(`${JSON.stringify(cell)} reads as ${expected === null ? "no status" : expected.done ? "done" : "open"}`, () => {
      expect(readStatusWord(cell)).toEqual(expected);
    });
});

describe("the wording write-back falls back to", () => {
  it("is Done/Todo, with ✅/⬜ in a table that speaks emoji", () => {
    expect(defaultStatusText(true, false)).toBe("Done");
    expect(defaultStatusText(false, false)).toBe("Todo");
    expect(defaultStatusText(true, true)).toBe("✅ Done");
    expect(defaultStatusText(false, true)).toBe("⬜ Todo");
  });

  it("a status starts with an emoji after any emphasis, pictographic or a check/ballot mark", () => {
    for (const t of ["✅ Done", "**✅**", "`🚧` WIP", "☐ todo", "☑", "✓ ok", "✔ merged", "~_🎉"])
      expect(startsWithEmoji(t), t).toBe(true);
    for (const t of ["Done", "x ✅", "- ✅", "", "**Done** ✅", "Done ✔", "x ☐"])
      expect(startsWithEmoji(t), t).toBe(false);
  });

  it("the table's most used wording, the first to reach the top count on a tie", () => {
    expect(mostCommon([])).toBeUndefined();
    expect(mostCommon(["Done"])).toBe("Done");
    expect(mostCommon(["Done", "✅", "✅"])).toBe("✅");
    expect(mostCommon(["Done", "✅"])).toBe("Done");
    expect(mostCommon(["✅", "Done", "Done", "✅"])).toBe("Done");
    expect(mostCommon(["a", "b", "b", "a", "a"])).toBe("a");
  });
});
