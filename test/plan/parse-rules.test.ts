import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { parsePlan } from "../../src/plan/parse-plan.js";
import { MAX_PLAN_BYTES } from "../../src/plan/max-plan-size.js";
import { looksLikePlan } from "../../src/plan/is-plan.js";
import { PlanSchema, hasErrors } from "../../src/plan/types.js";
import { generatePlan } from "../support/generate-plan.js";

const table = (...rows: string[]): string =>
  ["| Task ID | Description | Acceptance Criteria | Effort |", "|---|---|---|---|", ...rows, ""].join("\n");

describe("size cap", () => {
  it("refuses a plan over the cap with one error at 1:1 naming size and cap, and no tasks", () => {
    const big = generatePlan(8000);
    expect(Buffer.byteLength(big, "utf8")).toBeGreaterThan(MAX_PLAN_BYTES);
    const plan = parsePlan(big, "docs/big.md");
    expect(plan.tasks).toEqual([]);
    expect(plan.checklists).toEqual([]);
    expect(plan.diagnostics).toHaveLength(1);
    const [d] = plan.diagnostics;
    expect(d).toMatchObject({ path: "docs/big.md", line: 1, column: 1, severity: "error", code: "plan-too-large" });
    expect(d?.message).toContain(String(Buffer.byteLength(big, "utf8")));
    expect(d?.message).toContain(String(MAX_PLAN_BYTES));
  });

  it("counts UTF-8 bytes, not characters", () => {
    // 400k three-byte characters: 1.2 MB on disk though only 400k UTF-16 units.
    const text = table("| DATA1 | x | y | 1h |") + "中".repeat(400_000);
    expect(parsePlan(text, "p.md").diagnostics.map((d) => d.code)).toEqual(["plan-too-large"]);
  });

  it("reads a plan just under the cap", () => {
    const text = generatePlan(3);
    const padded = text + "x".repeat(MAX_PLAN_BYTES - Buffer.byteLength(text, "utf8"));
    expect(Buffer.byteLength(padded, "utf8")).toBe(MAX_PLAN_BYTES);
    expect(parsePlan(padded, "p.md").tasks.map((t) => t.id)).toEqual(["DATA1", "GAIN1", "EDH1"]);
  });
});

describe("looksLikePlan", () => {
  it.each([
    ["the template's header", "| Task ID | Description | Acceptance Criteria | Effort |\n|---|---|---|---|\n"],
    ["lower case", "| task id | description |\n|---|---|\n"],
    ["no space", "|TaskID|Description|\n"],
    ["doubled space and bold", "| **Task  ID** | Description |\n"],
    ["column not first", "| Effort | Task ID |\n"],
    ["without leading pipe", "Task ID | Description\n"],
    ["CRLF", "# Plan\r\n\r\n| Task ID | Description |\r\n|---|---|\r\n"],
    [
      "header without its delimiter row (broken table: still parsed, to show the error)",
      "| Task ID | Description |\n| DATA1 | x |\n",
    ],
  ])("true for %s", (_name, text) => {
    expect(looksLikePlan(text, "docs/plan.md")).toBe(true);
  });

  it.each([
    ["a README", "# Project\n\nSee the task ID in the issue title.\n"],
    ["a table without an ID column", "| Risk | Description |\n|---|---|\n| DATA1 | x |\n"],
    ["a column merely containing the words", "| Task ID owner | Description |\n|---|---|\n"],
    ["the words outside a table", "Task ID: DATA1\n"],
    ["empty text", ""],
  ])("false for %s", (_name, text) => {
    expect(looksLikePlan(text, "docs/plan.md")).toBe(false);
  });

  it("agrees with the parser: a plan the parser finds tasks in always looks like a plan", () => {
    expect(looksLikePlan(generatePlan(5), "docs/plan.md")).toBe(true);
  });
});

describe("checklist tracking", () => {
  const plan = (items: string[]) =>
    parsePlan(
      table("| DATA1 | a | b | 1h |", "| GAIN2 | c | d | 1h |", "| EDH1 | e | f | 1h |") +
        "\n" +
        items.join("\n") +
        "\n",
      "p.md",
    );

  it.each([
    ["- [ ] DATA1", ["DATA1"]],
    ["- [x] DATA1, GAIN2: schema", ["DATA1", "GAIN2"]],
    ["- [ ] EDH1 — publish", ["EDH1"]],
    ["- [ ] EDH1 – publish", ["EDH1"]],
    ["- [ ] EDH1 - publish", ["EDH1"]],
    ["- [ ] DATA1 ([#12](https://github.com/o/r/issues/12))", ["DATA1"]],
    ["- [ ] DATA1 ([#12](https://github.com/o/r/issues/12)), GAIN2: both", ["DATA1", "GAIN2"]],
    ["* [ ] GAIN2:", ["GAIN2"]],
    ["1. [ ] GAIN2: numbered list", ["GAIN2"]],
    ["- [ ] DATA1 backfill signed off by Finance", []],
    ["- [ ] Ship DATA1", []],
    ["- [ ] DATA1, DATA9: one unknown ID spoils the list", []],
    ["- [ ] Note: not an ID of this plan", []],
  ])("%s tracks %j", (item, tracks) => {
    const p = plan([item]);
    expect(p.checklists).toHaveLength(1);
    expect(p.checklists[0]?.tracks).toEqual(tracks);
  });

  it.each([
    ["- [ ] DATA1-extra: an ID the plan does not have", "DATA1-extra"],
    ["- [x] data1: IDs compare case-sensitively", "data1"],
  ])("%s is a task of its own, not a tracking item", (item, id) => {
    const p = plan([item]);
    expect(p.checklists).toEqual([]);
    expect(p.tasks.map((t) => t.id)).toEqual(["DATA1", "GAIN2", "EDH1", id]);
    expect(p.tasks.at(-1)?.done).toBe(item.startsWith("- [x]"));
  });

  it("reads checked state from [x] and [X], and ignores plain list items", () => {
    const p = plan(["- [x] DATA1", "- [X] GAIN2", "- [ ] EDH1", "- EDH1 plain item"]);
    expect(p.checklists.map((c) => [c.text, c.checked])).toEqual([
      ["DATA1", true],
      ["GAIN2", true],
      ["EDH1", false],
    ]);
  });

  it("finds checklist items nested in lists and quotes", () => {
    const p = plan(["- Phase 1", "  - [ ] DATA1: nested", "> - [x] GAIN2: quoted"]);
    expect(p.checklists.map((c) => [c.tracks, c.checked, c.line])).toEqual([
      [["DATA1"], false, 8],
      [["GAIN2"], true, 9],
    ]);
  });
});

describe("plan metadata", () => {
  it("takes the feature name from the title when Document Control has none", () => {
    expect(parsePlan("# Supplier Risk - Implementation Plan\n", "p.md").featureName).toBe("Supplier Risk");
    expect(parsePlan("# Supplier Risk\n", "p.md").featureName).toBe("Supplier Risk");
    expect(parsePlan("# [Feature] - Implementation Plan\n", "p.md").featureName).toBeNull();
    expect(parsePlan("No heading at all\n", "p.md").featureName).toBeNull();
  });

  it("prefers **Feature Name:** over the title and reads **Date:**", () => {
    const p = parsePlan(
      "# Title - Implementation Plan\n\n**Feature Name:** Real Name  \n**Date:** 2026-05-01\n",
      "p.md",
    );
    expect([p.featureName, p.date]).toEqual(["Real Name", "2026-05-01"]);
  });

  it("keeps every heading when a plan has several H1 sections", () => {
    const p = parsePlan(
      "# Data\n\n" + table("| DATA1 | a | b | 1h |") + "\n# Gain\n\n## Tasks\n\n" + table("| GAIN1 | a | b | 1h |"),
      "p.md",
    );
    expect(p.tasks.map((t) => t.headingPath)).toEqual([["Data"], ["Gain", "Tasks"]]);
  });

  it("reads setext headings into the heading path", () => {
    const p = parsePlan("Plan\n====\n\nData work\n---------\n\n" + table("| DATA1 | a | b | 1h |"), "p.md");
    expect(p.tasks[0]?.headingPath).toEqual(["Data work"]);
  });
});

describe("options.areas", () => {
  it("renames an area by its ID prefix and leaves others as the prefix", () => {
    const p = parsePlan(table("| DATA1 | a | b | 1h |", "| GAIN1 | a | b | 1h |"), "p.md", {
      areas: { DATA: "Data Platform" },
    });
    expect(p.tasks.map((t) => t.area)).toEqual(["Data Platform", "GAIN"]);
  });
});

describe("robustness", () => {
  it("never throws and always returns a valid Plan, whatever the input", () => {
    const pieces = fc.constantFrom(
      "| Task ID | Description | Acceptance Criteria | Effort | Status |",
      "|---|---|---|---|---|",
      "| DATA1 | a \\| b | <br>- x | 1h | [x] |",
      "| [x] GAIN1 ([#3](u)) | `c|d` |",
      "| | | | | | | |",
      "- [ ] DATA1: x",
      "```",
      "# H",
      "\uFEFF",
      "\r",
      "\t| EDH1 |",
      "<!--",
      "> ",
      "|",
      "",
    );
    fc.assert(
      fc.property(
        fc.array(fc.oneof(pieces, fc.string()), { maxLength: 30 }),
        fc.constantFrom("\n", "\r\n"),
        (lines, eol) => {
          const text = lines.join(eol);
          const plan = parsePlan(text, "p.md");
          expect(() => PlanSchema.parse(plan)).not.toThrow();
          for (const t of plan.tasks) expect(text.slice(t.idSpan.start, t.idSpan.end)).toBe(t.id);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("a clean generated plan has no errors and tracks its checklist", () => {
    const p = parsePlan(generatePlan(9, { doneEvery: 3 }), "p.md");
    expect(hasErrors(p)).toBe(false);
    expect(p.tasks.filter((t) => t.done).map((t) => t.id)).toEqual(["EDH1", "EDH2", "EDH3"]);
    // Three "Components Affected" items, then the timeline: only its first item names tasks before a colon.
    expect(p.checklists.map((c) => c.tracks)).toEqual([[], [], [], ["DATA1", "GAIN1", "EDH1"], [], []]);
  });
});

describe("template text in a row that was already synced", () => {
  it("blocks the sync instead of skipping the row, which would close its issue as removed", () => {
    const plan = parsePlan(
      table("| DATA1 ([#12](https://github.com/o/r/issues/12)) | [TBD] | a | 1 |", "| DATA2 | Real task | b | 2 |"),
      "docs/plan.md",
    );
    expect(plan.tasks.map((t) => t.id)).toEqual(["DATA2"]);
    expect(hasErrors(plan)).toBe(true);
    expect(plan.diagnostics).toEqual([
      expect.objectContaining({
        line: 3,
        severity: "error",
        code: "placeholder-row",
        message: expect.stringContaining("linked to issue #12"),
      }),
    ]);
  });

  it("still only warns for a template row that never had an issue", () => {
    const plan = parsePlan(table("| DATA1 | [Task description] | [Criteria list] | [Hours/Points] |"), "docs/plan.md");
    expect(hasErrors(plan)).toBe(false);
    expect(plan.diagnostics).toEqual([expect.objectContaining({ severity: "warning", code: "placeholder-row" })]);
  });
});
