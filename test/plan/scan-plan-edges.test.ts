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

  it("writes a count of millions with commas too: a plan over the size cap is scanned before the cap is checked", () => {
    const [problem] = scan(`# Plan\n\n${"[".repeat(1_234_567)}\n`).problems;
    expect(problem?.message).toMatch(/^1,234,567 emphasis and link markers .* up to 1,000 per line/);
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

/**
 * Where the paragraph refusal points: at the paragraph's first marker, wherever the paragraph starts — at the top of
 * the file, after a code block, a rule or a heading with no blank line between — and on a last line with no line ending.
 */
describe("the paragraph refusal names the paragraph's first marker", () => {
  const LIMIT = PLAN_TEXT_LIMITS.markersPerParagraph;
  const many = (n: number) => "*a_\n".repeat(n);
  const at = (text: string) => scan(text).problems.map((p) => [p.line, p.column, p.code]);

  it("in a paragraph that opens the file, with no heading or blank line before it", () => {
    expect(at(`Intro *a_\n${many(LIMIT / 2)}`)).toEqual([[1, 7, "plan-too-complex"]]);
    expect(at(many(LIMIT / 2 + 1))).toEqual([[1, 1, "plan-too-complex"]]);
    // The paragraph's first line has no marker: the refusal points at the first one, on the next line.
    expect(at(`Intro words\nmore *a_\n${many(LIMIT / 2)}`)).toEqual([[2, 6, "plan-too-complex"]]);
  });

  it("in a paragraph right after a code block, a rule or a heading", () => {
    expect(at(`# Plan\n\n\`\`\`\ncode\n\`\`\`\nIntro *a_\n${many(LIMIT / 2)}`)).toEqual([[6, 7, "plan-too-complex"]]);
    expect(at(`# Plan\n\n---\nIntro *a_\n${many(LIMIT / 2)}`)).toEqual([[4, 7, "plan-too-complex"]]);
    expect(at(`# Plan\n\n## Notes\nIntro *a_\n${many(LIMIT / 2)}`)).toEqual([[4, 7, "plan-too-complex"]]);
  });

  it("on a last line with no line ending", () => {
    expect(at(`# Plan\n\nText ${"*a".repeat(1001)}`)).toEqual([[3, 6, "plan-too-complex"]]);
  });
});

describe("what opens and closes a code block for the paragraph count", () => {
  const LIMIT = PLAN_TEXT_LIMITS.markersPerParagraph;
  const inside = "*a_\n".repeat(LIMIT / 2 + 1);
  const refused = (body: string) => scan(`# Plan\n\n${body}`).problems.map((p) => p.code);

  it("backticks inside a line open no code block: the paragraph goes on", () => {
    expect(refused(`Run \`\`\`make\`\`\` first *a_\n${inside}`)).toEqual(["plan-too-complex"]);
  });

  it("a fence followed by more than spaces does not close the block (`~~~ x ~~~`, `~~~js`)", () => {
    expect(refused(`~~~\n${inside}~~~ x ~~~\n${inside}~~~\n`)).toEqual([]);
    expect(refused(`~~~\n${inside}~~~js\n${inside}~~~\n`)).toEqual([]);
  });
});

describe("the hotspot's list items and ties", () => {
  it("a list item opened inside a quote stays open only on the quote's lines", () => {
    expect(scan("> - a\n    - b\n      - c\n").hotspot).toEqual({ line: 1, column: 1, what: "blocks nested 2 deep" });
  });

  it("of two list markers opening one line, the first sets where the item's content starts", () => {
    expect(scan("- - x\n  - y\n    - z\n").hotspot).toEqual({ line: 3, column: 1, what: "blocks nested 3 deep" });
  });

  it("a list marker on a last line with no line ending opens an item", () => {
    expect(scan("- a\n  -").hotspot).toEqual({ line: 2, column: 1, what: "blocks nested 2 deep" });
    expect(scan("- a\n  1.").hotspot).toEqual({ line: 2, column: 1, what: "blocks nested 2 deep" });
  });

  it("of two equally busy paragraphs, the first is named", () => {
    const what = "a paragraph or table with 2 emphasis and link markers (`*`, `_`, `~`, `[`, `]`)";
    expect(scan("Intro\n\nSee [x]\n\nAnd [y]\n").hotspot).toEqual({ line: 3, column: 5, what });
  });
});
