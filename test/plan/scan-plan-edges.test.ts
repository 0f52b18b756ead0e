import { describe, expect, it } from "vitest";
import { PLAN_TEXT_LIMITS, scanPlanText } from "../../src/plan/scan-plan-text.js";

/** What the pre-scan tells an author at the edges: the last code points that are text, and large counts as written. */
const scan = (text: string) => scanPlanText(text, "docs/plan.md");

describe("the pre-scan of a plan's text", () => {
  it("reads surrogate pairs at both ends of their ranges as text, and refuses a lone last low surrogate", () => {
    expect(scan("x\uD800\uDC00y \uDBFF\uDFFFz\n").problems).toEqual([]);
    expect(scan("x\uDFFFy").problems).toEqual([expect.objectContaining({ line: 1, column: 2, code: "not-utf8" })]);
  });

  it("writes a count of thousands with a comma between each group of three digits", () => {
    const line = `${"*a".repeat(12_000)}\n`;
    const messages = scan(`# Plan\n\n${line}`).problems.map((p) => p.message);
    expect(messages.join("\n")).toContain("12,000 emphasis and link markers");
  });
});

/**
 * The paragraph limit (4,000 emphasis and link markers in one paragraph) is counted
 * as remark reads paragraphs: these lines end a paragraph or do not, and these
 * characters count or do not.
 */
describe("the paragraph count of emphasis and link markers", () => {
  const LIMIT = PLAN_TEXT_LIMITS.markersPerParagraph;
  const HEAD = "# Plan\n\n";
  const many = (n: number) => "*a_\n".repeat(n);
  const refused = (body: string) => scan(HEAD + body).problems.map((p) => p.code);

  it("goes on past a `#` inside a line, and past a line ending in a dash", () => {
    expect(refused(`${many(LIMIT / 4)}see issue # 5 *a_\n${many(LIMIT / 4 + 1)}`)).toEqual(["plan-too-complex"]);
    expect(refused(`${many(LIMIT / 4)}*a_ and so on -\n${many(LIMIT / 4 + 1)}`)).toEqual(["plan-too-complex"]);
    expect(refused(`${many(LIMIT / 4)}-> *a_\n${many(LIMIT / 4 + 1)}`)).toEqual(["plan-too-complex"]);
  });

  it("starts again at a numbered item with a zero in its number (`10.`), not at `1a.` or a bare `.` opening a line", () => {
    expect(refused(`${many(LIMIT / 4 + 1)}10. *a_\n${many(LIMIT / 4)}`)).toEqual([]);
    expect(refused(`${many(LIMIT / 4)}1a. *a_\n${many(LIMIT / 4 + 1)}`)).toEqual(["plan-too-complex"]);
    expect(refused(`${many(LIMIT / 4)}. *a_\n${many(LIMIT / 4 + 1)}`)).toEqual(["plan-too-complex"]);
  });

  it("starts again after an empty heading `#`", () => {
    expect(refused(`${many(LIMIT / 4 + 1)}#\n${many(LIMIT / 4 + 1)}`)).toEqual([]);
  });

  it("counts `~` and the stars of a line that only ends or starts like a rule", () => {
    expect(refused("~~a~~\n".repeat(LIMIT / 4 + 1))).toEqual(["plan-too-complex"]);
    expect(refused("a ***\n".repeat(LIMIT / 3 + 1))).toEqual(["plan-too-complex"]);
    expect(refused("***a\n".repeat(LIMIT / 3 + 1))).toEqual(["plan-too-complex"]);
  });

  it("counts the lines after a row and a dashed line without pipes (a heading underline, not a table)", () => {
    expect(refused(`x | y\n---\n${many(LIMIT / 2 + 1)}`)).toEqual(["plan-too-complex"]);
  });

  it("reads a table with aligned columns (`|:--|--:|`) row by row", () => {
    const rows = "| [a] | *b* |\n".repeat(LIMIT);
    expect(refused(`| A | B |\n|:--|--:|\n${rows}`)).toEqual([]);
  });
});
