import { describe, expect, it } from "vitest";
import { parseIdCell, parseStateCheckbox, unwrapId } from "../../src/plan/id-cell.js";
import { trackedIds } from "../../src/plan/track-ids.js";

/**
 * The Task ID cell as people write it and as write-back writes it: spans are
 * offsets into the whole text (here a cell after a 2-character prefix), which
 * write-back splices at, so each is asserted exactly.
 */
const PREFIX = "| ";
const cell = (content: string, allowNumeric = false) =>
  parseIdCell(PREFIX + content, PREFIX.length, PREFIX.length + content.length, allowNumeric);
const URL12 = "https://github.com/acme/plans/issues/12";

describe("parseIdCell", () => {
  it("reads a bare ID: its span, no checkbox, the link going right after it", () => {
    expect(cell("DATA1")).toEqual({
      checkbox: null,
      checked: false,
      id: "DATA1",
      idSpan: { start: 2, end: 7 },
      linkAt: 7,
      issueLink: null,
    });
  });

  it("reads the checkbox before the ID, ticked by x or X, after a space or a tab", () => {
    expect(cell("[ ] DATA1")).toMatchObject({
      checkbox: { start: 2, end: 5 },
      checked: false,
      idSpan: { start: 6, end: 11 },
    });
    expect(cell("[x]  DATA1")).toMatchObject({
      checkbox: { start: 2, end: 5 },
      checked: true,
      idSpan: { start: 7, end: 12 },
    });
    expect(cell("[X]\tDATA1")).toMatchObject({ checked: true, idSpan: { start: 6, end: 11 } });
    expect(cell("[x]DATA1")).toBeNull();
    expect(cell("[-] DATA1")).toBeNull();
  });

  it("reads the link plan-sync writes after the ID, exactly as it writes it", () => {
    const content = `[x] DATA1 ([#12](${URL12}))`;
    expect(cell(content)).toEqual({
      checkbox: { start: 2, end: 5 },
      checked: true,
      id: "DATA1",
      idSpan: { start: 6, end: 11 },
      linkAt: 11,
      issueLink: { number: 12, url: URL12, span: { start: 12, end: 2 + content.length } },
    });
    expect(cell(`DATA1\t([#7](u))`)).toMatchObject({ issueLink: { number: 7, url: "u", span: { start: 8, end: 17 } } });
    // Not what write-back writes: no space, issue 0, a URL with a space, a bare [#12](url).
    expect(cell(`DATA1([#12](${URL12}))`)).toBeNull();
    expect(cell(`DATA1 ([#0](${URL12}))`)).toBeNull();
    expect(cell(`DATA1 ([#012](${URL12}))`)).toBeNull();
    expect(cell(`DATA1 [#12](${URL12})`)).toBeNull();
  });

  it("reads an ID that is bold, code, struck or a link to its file, the link going after the formatting", () => {
    expect(cell("**T-12**")).toMatchObject({ id: "T-12", idSpan: { start: 4, end: 8 }, linkAt: 10 });
    expect(cell("__T-12__")).toMatchObject({ id: "T-12", idSpan: { start: 4, end: 8 } });
    expect(cell("~~T-12~~")).toMatchObject({ id: "T-12", idSpan: { start: 4, end: 8 } });
    expect(cell("`T-12`")).toMatchObject({ id: "T-12", idSpan: { start: 3, end: 7 }, linkAt: 8 });
    expect(cell("[T-12](tasks/t-12.md)")).toMatchObject({ id: "T-12", idSpan: { start: 3, end: 7 }, linkAt: 23 });
    expect(cell("**[T-12](t.md)**")).toMatchObject({ id: "T-12", idSpan: { start: 5, end: 9 } });
    expect(cell("**`T-12`**")).toMatchObject({ id: "T-12", idSpan: { start: 5, end: 9 } });
    expect(cell(`**T-12** ([#12](${URL12}))`)).toMatchObject({ idSpan: { start: 4, end: 8 }, linkAt: 10 });
  });

  it("refuses what is not one ID: spaces, unbalanced formatting, formatting nested more than three deep, an issue link alone", () => {
    for (const content of [
      "DATA 1",
      "**DATA1",
      "**DATA1__",
      "`DA`TA`",
      "****",
      "``",
      "[#12](u)",
      "DATA1.",
      "",
      "**~~__`X`__~~**",
    ])
      expect(cell(content), content).toBeNull();
    expect(cell("**~~__X__~~**")).toMatchObject({ id: "X" });
  });

  it("reads numbers only in a column named as an ID column", () => {
    expect(cell("3")).toBeNull();
    expect(cell("3", true)).toMatchObject({ id: "3", idSpan: { start: 2, end: 3 } });
    expect(cell("[x] 2.1", true)).toMatchObject({ id: "2.1", checked: true });
  });
});

describe("unwrapId", () => {
  it("needs more than the markers themselves", () => {
    expect(unwrapId("**a**", 0, 5)).toEqual([2, 3]);
    expect(unwrapId("`a`", 0, 3)).toEqual([1, 2]);
    expect(unwrapId("a", 0, 1)).toEqual([0, 1]);
    expect(unwrapId("", 0, 0)).toBeNull();
    expect(unwrapId("a b", 0, 3)).toBeNull();
  });
});

describe("parseStateCheckbox", () => {
  it("reads a checkbox opening a Status cell, followed by a space or nothing", () => {
    const at = (s: string) => parseStateCheckbox(`${PREFIX}${s}`, 2, 2 + s.length);
    expect(at("[x]")).toEqual({ checkbox: { start: 2, end: 5 }, checked: true });
    expect(at("[X] Done")).toEqual({ checkbox: { start: 2, end: 5 }, checked: true });
    expect(at("[ ] in progress")).toEqual({ checkbox: { start: 2, end: 5 }, checked: false });
    expect(at("[x]Done")).toEqual({ checkbox: null, checked: false });
    expect(at("Done [x]")).toEqual({ checkbox: null, checked: false });
    expect(at("[-]")).toEqual({ checkbox: null, checked: false });
  });
});

describe("trackedIds", () => {
  const ids = new Set(["DATA1", "GAIN2", "EDH1"]);
  it("are the plan's IDs an item starts with, comma-separated, then a colon, a dash or the line's end", () => {
    expect(trackedIds("DATA1", ids)).toEqual(["DATA1"]);
    expect(trackedIds("  DATA1, GAIN2: schema", ids)).toEqual(["DATA1", "GAIN2"]);
    expect(trackedIds("DATA1,GAIN2 - schema", ids)).toEqual(["DATA1", "GAIN2"]);
    expect(trackedIds("EDH1 — publish", ids)).toEqual(["EDH1"]);
    expect(trackedIds("EDH1 – publish", ids)).toEqual(["EDH1"]);
    expect(trackedIds("DATA1, DATA1: twice", ids)).toEqual(["DATA1"]);
    expect(trackedIds(`DATA1 ([#12](${URL12})): done`, ids)).toEqual(["DATA1"]);
    expect(trackedIds(`DATA1([#12](${URL12})), GAIN2`, ids)).toEqual(["DATA1", "GAIN2"]);
  });

  it("are none when the item only mentions an ID, names one the plan lacks, or goes on in words", () => {
    expect(trackedIds("Review DATA1", ids)).toEqual([]);
    expect(trackedIds("DATA1 is done", ids)).toEqual([]);
    expect(trackedIds("DATA1, DATA9: both", ids)).toEqual([]);
    expect(trackedIds("DATA9", ids)).toEqual([]);
    expect(trackedIds("", ids)).toEqual([]);
    expect(trackedIds("DATA1,", ids)).toEqual([]);
    expect(trackedIds("DATA1; GAIN2", ids)).toEqual([]);
  });
});
