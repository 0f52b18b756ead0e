import { describe, expect, it } from "vitest";
import { splitCriteria } from "../../src/plan/split-criteria.js";
import { areaOf, idPrefix, isTaskId } from "../../src/plan/task-id.js";
import { DerivedIds, plainWords, slugId } from "../../src/plan/derived-id.js";

/**
 * The pieces of a task row that reach GitHub: its criteria become the issue's
 * checklist, its ID's prefix the area label, and a task without an ID gets one
 * made from its words, which is then its issue's identity.
 */
describe("splitCriteria", () => {
  const cases: Array<[string, string[]]> = [
    ["", []],
    ["   ", []],
    ["Works", ["Works"]],
    ["  Works  ", ["Works"]],
    ["a \\| b", ["a | b"]],
    ["One<br>Two<br/>Three<BR />Four< br>", ["One", "Two", "Three", "Four< br>"]],
    ["a<br><br>  <br>b", ["a", "b"]],
    ["- a - b -  c", ["a", "b", "c"]],
    ["-a - b", ["-a - b"]],
    ["* a * b", ["a", "b"]],
    ["• a • b•c", ["a", "b", "c"]],
    ["•a•b", ["a", "b"]],
    ["Works - mostly", ["Works - mostly"]],
    ["Works • mostly", ["Works", "mostly"]],
    ["- a<br>- b - c", ["a", "b", "c"]],
    ["1. a 2. b 3) c", ["a", "b", "c"]],
    ["1) a 2) b", ["a", "b"]],
    ["3. a 4. b", ["a", "b"]],
    // Only the next number in sequence starts an item.
    ["1. p95 under 3. 5 s", ["p95 under 3. 5 s"]],
    ["1. a 3. b 2. c", ["a 3. b", "c"]],
    ["1.a 2. b", ["1.a 2. b"]],
    ["2.5 h", ["2.5 h"]],
    ["1000. a 1001. b", ["1000. a 1001. b"]],
    // Inline code is literal: no split inside it.
    ["`a<br>b` and c<br>d", ["`a<br>b` and c", "d"]],
    ["- `x - y` - z", ["`x - y`", "z"]],
    ["1. `run 2. again` 2. done", ["`run 2. again`", "done"]],
    ["``a`b<br>c``<br>d", ["``a`b<br>c``", "d"]],
    ["`a<br>b", ["`a", "b"]],
    ["`x` `y<br>z` w<br>v", ["`x` `y<br>z` w", "v"]],
    ["**Given** a user<br>**Then** it works", ["**Given** a user", "**Then** it works"]],
  ];
  for (const [cell, expected] of cases)
    it(`${JSON.stringify(cell)} → ${JSON.stringify(expected)}`, () => expect(splitCriteria(cell)).toEqual(expected));
});

describe("task IDs", () => {
  it("are one token: a letter, then letters, digits, dots and dashes, not ending in punctuation", () => {
    for (const id of ["DATA1", "T1.1", "P0-1.1", "TASK-JCA-01", "A", "ab"]) expect(isTaskId(id), id).toBe(true);
    for (const id of ["DATA1.", "DATA-", "1DATA", "DA TA", "", "3", "2.1", "-A", "A_1"])
      expect(isTaskId(id), id).toBe(false);
  });

  it("are numbers only where the table or checklist says so: up to six digits, up to five parts", () => {
    for (const id of ["3", "2.1", "2-1", "1.2.3.4.5", "123456"]) expect(isTaskId(id, true), id).toBe(true);
    for (const id of ["1.2.3.4.5.6", "1234567", "1.", "1..2", "DATA1."]) expect(isTaskId(id, true), id).toBe(false);
  });

  it("have a prefix: their leading letters as written", () => {
    expect(idPrefix("DATA1")).toBe("DATA");
    expect(idPrefix("Gain2Api")).toBe("Gain");
    expect(idPrefix("3.1")).toBe("");
  });

  it("name their area by the prefix upper-cased, unless one letter, generic or configured otherwise", () => {
    expect(areaOf("DATA1")).toBe("DATA");
    expect(areaOf("gain2")).toBe("GAIN");
    expect(areaOf("ab1")).toBe("AB");
    expect(areaOf("T001")).toBe("");
    expect(areaOf("P0-T1")).toBe("");
    expect(areaOf("TASK-12")).toBe("");
    expect(areaOf("Todo-3")).toBe("");
    expect(areaOf("US-4")).toBe("");
    expect(areaOf("3")).toBe("");
    expect(areaOf("DATA1", { DATA: "Data team" })).toBe("Data team");
    expect(areaOf("data1", { DATA: "Data team" })).toBe("Data team");
    expect(areaOf("T1", { T: "Tooling" })).toBe("Tooling");
    expect(areaOf("TASK-1", { TASK: "" })).toBe("");
    expect(areaOf("GAIN1", { DATA: "Data team" })).toBe("GAIN");
  });
});

describe("IDs made from a task's words", () => {
  it("are a slug of its first six words, notes in parentheses left out", () => {
    expect(slugId("Set up the database")).toBe("set-up-the-database");
    expect(slugId("**Set up** the `db`")).toBe("set-up-the-db");
    expect(slugId("[Docs](https://x/y) page")).toBe("docs-page");
    expect(slugId("Render page (files: src/render.ts) now")).toBe("render-page-now");
    expect(slugId("(only a note)")).toBe("only-a-note");
    expect(slugId("one two three four five six seven")).toBe("one-two-three-four-five-six");
    expect(slugId("Café crème, 2 cups!")).toBe("café-crème-2-cups");
    expect(slugId("!!!")).toBe("task");
    expect(slugId("")).toBe("task");
  });

  it("leave out a note glued to a word (`parse(text)`) but keep the word, and the words on both sides of it apart", () => {
    expect(slugId("Call parse(text) twice")).toBe("call-parse-twice");
    expect(slugId("Load users(CSV)and orders")).toBe("load-users-and-orders");
  });

  it("are at most 48 characters, cut at a word unless the first word alone is longer", () => {
    expect(slugId(`${"a".repeat(37)} ${"b".repeat(10)}`)).toBe(`${"a".repeat(37)}-${"b".repeat(10)}`);
    expect(slugId(`${"a".repeat(38)} ${"b".repeat(10)} c`)).toBe("a".repeat(38));
    expect(slugId(`${"a".repeat(60)} b`)).toBe("a".repeat(48));
  });

  it("read the plain words of inline Markdown", () => {
    expect(plainWords(" ![logo](x.png) **bold** ~~gone~~ `code` [link](u) ")).toBe("logo bold gone code link");
  });

  it("are unique in a plan: a repeat gets -2, -3 in order, past the IDs already taken", () => {
    const ids = new DerivedIds(["deploy"]);
    expect(["Write tests", "Write tests", "Write tests", "Deploy", "Write tests 2"].map((d) => ids.next(d))).toEqual([
      "write-tests",
      "write-tests-2",
      "write-tests-3",
      "deploy-2",
      "write-tests-2-2",
    ]);
    expect(new DerivedIds().next("Deploy")).toBe("deploy");
  });
});
