import { describe, expect, it } from "vitest";
import { PLAN_TEXT_LIMITS, scanPlanText } from "../../src/plan/scan-plan-text.js";
import { generatePlan } from "../support/generate-plan.js";

/**
 * The pre-scan's paragraph limit: remark resolves emphasis and link markers
 * per paragraph in time that grows with the square of their number, so a
 * paragraph with thousands of them spread over many lines (each line under
 * the per-line limit) is refused at its first marker before remark starts.
 * What remark reads piece by piece — table rows, list items, code blocks,
 * paragraphs split by blank lines — is not added up.
 */
const HEAD =
  "# Plan\n\n## Implementation Tasks\n\n| Task ID | Description | Acceptance Criteria | Effort |\n|---|---|---|---|\n| DATA1 | Honest | Works | 1d |\n\n";
const LIMIT = PLAN_TEXT_LIMITS.markersPerParagraph;
const problems = (text: string) => scanPlanText(text, "docs/plan.md").problems;

describe("markers in one paragraph, over many lines", () => {
  it("a paragraph of unclosed emphasis over thousands of lines is refused at its first marker, naming the line it passed the limit", () => {
    // 2 markers a line after the first line's 2: the limit is passed on the paragraph's line LIMIT/2 + 1.
    const lines = LIMIT / 2;
    expect(problems(`${HEAD}Intro *a_\n${"*a_\n".repeat(lines + 10)}`)).toEqual([
      {
        path: "docs/plan.md",
        line: 9,
        column: 7,
        severity: "error",
        code: "plan-too-complex",
        message: `This paragraph has more than 4,000 emphasis and link markers (\`*\`, \`_\`, \`~\`, \`[\`, \`]\`) by line ${9 + lines}; plan-sync reads up to 4,000 per paragraph, as more can take minutes to read. Split it with blank lines or put the text in a code block: nothing is synced from this plan until then.`,
      },
    ]);
  });

  it("exactly at the limit is read", () => {
    expect(problems(`${HEAD}${"[a]__\n".repeat(LIMIT / 4)}`)).toEqual([]);
    expect(problems(`${HEAD}${"[a]__\n".repeat(LIMIT / 4)}_\n`)).toHaveLength(1);
  });

  it("lazy lines continue a list item's paragraph, and a quote's lines are one paragraph", () => {
    expect(problems(`${HEAD}- Notes *a_\n${"*a_\n".repeat(LIMIT / 2)}`)).toEqual([
      expect.objectContaining({ line: 9, column: 9, code: "plan-too-complex" }),
    ]);
    expect(problems(`${HEAD}${"> [[[[\n".repeat(LIMIT / 4 + 1)}`)).toEqual([
      expect.objectContaining({ line: 9, column: 3, code: "plan-too-complex" }),
    ]);
  });

  it("blank lines, headings and rules end a paragraph", () => {
    const half = "*a_\n".repeat(LIMIT / 4 + 1);
    expect(problems(`${HEAD}${half}${half}`)).toHaveLength(1);
    expect(problems(`${HEAD}${half}\n${half}`)).toEqual([]);
    expect(problems(`${HEAD}${half}## Next\n${half}`)).toEqual([]);
    expect(problems(`${HEAD}${half}---\n${half}`)).toEqual([]);
  });

  it("honest 2,000-task plans with links and checkboxes pass: table rows and list items count one by one", () => {
    expect(problems(generatePlan(2000, { linkIssues: true, doneEvery: 2 }))).toEqual([]);
    const checklist = Array.from(
      { length: 2000 },
      (_, i) =>
        `- [ ] **T${String(i + 1).padStart(4, "0")}** [P] Build the _thing_ in \`src/x_${i}.ts\` ([#${i}](https://x/${i}))`,
    ).join("\n");
    expect(problems(`# Tasks\n\n${checklist}\n`)).toEqual([]);
    // A table without outer pipes is a table too.
    const bare = `A | B\n--- | ---\n${"x [a] *b* | [c] _d_\n".repeat(2000)}`;
    expect(problems(bare)).toEqual([]);
  });

  it("code blocks do not count, fenced with backticks or tildes", () => {
    const code = "snake_case_name = other_name[index_one][index_two]\n".repeat(1000);
    expect(problems(`${HEAD}\`\`\`python\n${code}\`\`\`\n`)).toEqual([]);
    expect(problems(`${HEAD}~~~~\n${code}\`\`\`\n${code}~~~~\n`)).toEqual([]);
    // …but what follows a closed fence does.
    expect(problems(`${HEAD}\`\`\`\ncode\n\`\`\`\n${"*a_\n".repeat(LIMIT / 2 + 1)}`)).toHaveLength(1);
  });

  it("is the only problem reported when a line alone is past the per-line limit", () => {
    const line = `${"*a_".repeat(1001)}\n`;
    expect(problems(`${HEAD}${line.repeat(3)}`)).toEqual([
      expect.objectContaining({ message: expect.stringContaining("2,002 emphasis and link markers") }),
    ]);
  });
});

const scan = (text: string) => scanPlanText(text, "docs/plan.md");
const tooComplex = (line: number, column: number, message: string) => ({
  path: "docs/plan.md",
  line,
  column,
  severity: "error",
  code: "plan-too-complex",
  message,
});

describe("bytes that are not UTF-8 text", () => {
  it("a NUL byte is refused at its line and column, and nothing else is said about the text", () => {
    expect(scan(`# Plan\n\n${"*a_".repeat(2000)}\nab\0c\n`)).toEqual({
      problems: [
        {
          path: "docs/plan.md",
          line: 4,
          column: 3,
          severity: "error",
          code: "not-text",
          message:
            "docs/plan.md is not UTF-8 text: it contains a NUL byte here. plan-sync reads plans as UTF-8 only: re-save the file as UTF-8.",
        },
      ],
      hotspot: null,
      pressure: 1,
    });
  });

  it("NULs on every other position are named as UTF-16 without a byte-order mark, little or big endian", () => {
    const guess = "(it looks like UTF-16 text saved without a byte-order mark)";
    expect(scan("P\0l\0a\0n\0").problems[0]).toMatchObject({ line: 1, column: 2, code: "not-text" });
    expect(scan("P\0l\0a\0n\0").problems[0]?.message).toContain(guess);
    expect(scan("\0P\0l\0a\0n").problems[0]?.message).toContain(guess);
    // Exactly a quarter of the sample is NULs, all on odd positions: still UTF-16.
    expect(scan("abc\0").problems[0]?.message).toContain(guess);
    // Ten on odd positions, one on an even one: one tenth is the most that may sit on the other side.
    expect(scan(`\0\0${"a\0".repeat(9)}`).problems[0]?.message).toContain(guess);
    expect(scan(`\0\0\0\0${"a\0".repeat(9)}`).problems[0]?.message).not.toContain(guess);
    // One NUL in a line of text is not UTF-16.
    expect(scan("abcd\0").problems[0]?.message).not.toContain("UTF-16");
    // Only the first 1,000 characters are sampled.
    expect(scan(`${"a\0".repeat(500)}${"b".repeat(5000)}`).problems[0]?.message).toContain(guess);
  });

  it("a byte that is not UTF-8 is named in hex at its line and column, Latin-1 guessed", () => {
    expect(scan("ok\nCaf\uDCE9 cr\uDCE8me\n")).toEqual({
      problems: [
        {
          path: "docs/plan.md",
          line: 2,
          column: 4,
          severity: "error",
          code: "not-utf8",
          message:
            "docs/plan.md is not UTF-8 text: the byte 0xE9 here is not valid UTF-8 (the file looks like Latin-1 or Windows-1252). Re-save the file as UTF-8.",
        },
      ],
      hotspot: null,
      pressure: 1,
    });
  });

  it("a UTF-16 byte-order mark at the start is named, either order, and only at the start", () => {
    const bom = "(the file starts with a UTF-16 byte-order mark)";
    expect(scan("\uDCFF\uDCFEP\0").problems[0]?.message).toContain(`the byte 0xFF here is not valid UTF-8 ${bom}`);
    expect(scan("\uDCFE\uDCFF\0P").problems[0]?.message).toContain(`the byte 0xFE here is not valid UTF-8 ${bom}`);
    expect(scan("\uDCFF\uDCFF").problems[0]?.message).toContain("Latin-1");
    expect(scan("\uDCFE\uDCFE").problems[0]?.message).toContain("Latin-1");
    expect(scan("a\uDCFF\uDCFE").problems[0]?.message).toContain("Latin-1");
    expect(scan("\uDCE9\uDCFF\uDCFE").problems[0]?.message).toContain("Latin-1");
  });

  it("a lone surrogate that stands for no byte is refused without a byte; a surrogate pair (emoji) is text", () => {
    expect(scan("x\uD800y").problems).toEqual([
      expect.objectContaining({
        line: 1,
        column: 2,
        code: "not-utf8",
        message: expect.stringContaining("the byte here is not valid UTF-8"),
      }),
    ]);
    expect(scan("x\uDC00y").problems).toEqual([expect.objectContaining({ column: 2, code: "not-utf8" })]);
    expect(scan("x\uD83D\uD83Dy").problems).toEqual([expect.objectContaining({ column: 2, code: "not-utf8" })]);
    expect(scan("x\uD83D").problems).toEqual([expect.objectContaining({ column: 2, code: "not-utf8" })]);
    expect(scan("x\uD83D\uE000").problems).toEqual([expect.objectContaining({ column: 2, code: "not-utf8" })]);
    expect(scan("x 😀 y\n\uD7FF\uE000\uFFFF\n")).toEqual({ problems: [], hotspot: null, pressure: 0 });
    // The pair is skipped as a whole: a bad byte right after it is found at its own column.
    expect(scan("😀\uDCE9").problems).toEqual([expect.objectContaining({ column: 3, code: "not-utf8" })]);
  });
});

describe("nesting", () => {
  const quotes = (n: number) => `${">".repeat(n)} x\n`;

  it("more than 100 quotes and list items inside each other are refused once, at the first line past the limit", () => {
    expect(scan(`# Plan\n\n${quotes(100)}\n${quotes(101)}${quotes(102)}`)).toEqual({
      problems: [
        tooComplex(
          5,
          1,
          "Blocks nested 101 deep here (quotes `>` and list items inside each other); plan-sync reads plans nested up to 100 levels. Flatten this part: nothing is synced from this plan until then.",
        ),
      ],
      hotspot: { line: 6, column: 1, what: "blocks nested 102 deep" },
      pressure: 1.02,
    });
    expect(scan(quotes(100))).toEqual({
      problems: [],
      hotspot: { line: 1, column: 1, what: "blocks nested 100 deep" },
      pressure: 1,
    });
  });

  it("list items indented under earlier items count as nested until a less indented line closes them", () => {
    expect(scan("- a\n  - b\n    - c\n- d\n  - e\n")).toEqual({
      problems: [],
      hotspot: { line: 3, column: 1, what: "blocks nested 3 deep" },
      pressure: 0.03,
    });
    // A tab advances to the next multiple of 4; ordered markers `1.` and `1)` open items too, as do `*` and `+`.
    expect(scan("- a\n\t- b\n\t\t- c\n").hotspot).toEqual({ line: 3, column: 1, what: "blocks nested 3 deep" });
    expect(scan("1. a\n   1) b\n      + c\n        * d\n").hotspot).toEqual({
      line: 4,
      column: 1,
      what: "blocks nested 4 deep",
    });
    expect(scan("> > - [a]\n").hotspot).toEqual({ line: 1, column: 1, what: "blocks nested 3 deep" });
    // An item's content column: a sibling at the same indent closes the one before.
    expect(scan("- a\n- b\n- c\n").hotspot).toEqual({ line: 1, column: 1, what: "blocks nested 1 deep" });
    expect(scan("  - a\n  - b\n").hotspot).toEqual({ line: 1, column: 1, what: "blocks nested 1 deep" });
    // Indented less than the item's content: a sibling, not a child.
    expect(scan("- a\n - b\n").hotspot).toEqual({ line: 1, column: 1, what: "blocks nested 1 deep" });
    // A tab after spaces advances to the next multiple of 4 (column 4), so the item's content is at 6.
    expect(scan("- a\n   \t- b\n      - c\n").hotspot).toEqual({ line: 3, column: 1, what: "blocks nested 3 deep" });
  });

  it("a marker not followed by a space, or a number of ten digits, opens no list item", () => {
    expect(scan("-x\n+z\n1.a\n1234567890. y\n2: z\n").hotspot).toBeNull();
    expect(scan("*y\n").hotspot?.what).toBe(
      "a paragraph or table with 1 emphasis and link markers (`*`, `_`, `~`, `[`, `]`)",
    );
    expect(scan("123456789. z\n").hotspot).toEqual({ line: 1, column: 1, what: "blocks nested 1 deep" });
    expect(scan("-\n").hotspot).toEqual({ line: 1, column: 1, what: "blocks nested 1 deep" });
    expect(scan("-\tx\n").hotspot).toEqual({ line: 1, column: 1, what: "blocks nested 1 deep" });
    expect(scan("7)\r\n").hotspot).toEqual({ line: 1, column: 1, what: "blocks nested 1 deep" });
  });
});

describe("markers on one line", () => {
  it("more than 1,000 on a line are refused at the first marker's column, once", () => {
    const line = `Text ${"*a".repeat(1001)}\n`;
    expect(scan(`# Plan\n\n${line}\n${line}`).problems).toEqual([
      tooComplex(
        3,
        6,
        "1,001 emphasis and link markers (`*`, `_`, `~`, `[`, `]`) on this line; plan-sync reads up to 1,000 per line, as more can take minutes to read. Shorten the line or put the text in a code span: nothing is synced from this plan until then.",
      ),
    ]);
    expect(scan(`Text ${"~[".repeat(500)}\n`).problems).toEqual([]);
  });

  it("a rule of 3,000 stars or underscores is not a marker", () => {
    expect(scan(`Intro\n\n${"*".repeat(3000)}\n\n${"_ ".repeat(3000)}\n`)).toEqual({
      problems: [],
      hotspot: null,
      pressure: 0,
    });
  });
});

describe("cells in one row", () => {
  it("a row of more than 1,000 cells is refused at the row's start, once", () => {
    const row = `| ${"x | ".repeat(1001)}\n`;
    expect(scan(`Text\n\n${row}${row}`)).toEqual({
      problems: [
        tooComplex(
          3,
          1,
          "A table row with 1,001 cells; plan-sync reads rows of up to 1,000 cells. Nothing is synced from this plan until the table is narrower.",
        ),
      ],
      hotspot: { line: 3, column: 1, what: "a table row with 1,001 cells" },
      pressure: 1.001,
    });
  });

  it("outer pipes open and close a row, an escaped pipe is text", () => {
    expect(scan(`${"x | ".repeat(999)}x\n`)).toEqual({
      problems: [],
      hotspot: { line: 1, column: 1, what: "a table row with 1,000 cells" },
      pressure: 1,
    });
    expect(scan(`|${"x |".repeat(1000)}\n`).hotspot?.what).toBe("a table row with 1,000 cells");
    expect(scan(`|${"x |".repeat(999)}x\n`).hotspot?.what).toBe("a table row with 1,000 cells");
    expect(scan(`${"x |".repeat(1000)}\n`).hotspot?.what).toBe("a table row with 1,000 cells");
    expect(scan(`a ${"\\| x ".repeat(2000)}\n`)).toEqual({ problems: [], hotspot: null, pressure: 0 });
  });
});

describe("the hotspot and the pressure", () => {
  it("plain text has neither", () => {
    expect(scan("# Plan\n\nJust words.\r\nMore words.\n")).toEqual({ problems: [], hotspot: null, pressure: 0 });
  });

  it("the busiest paragraph is named at its first marker, the pressure counting its markers against the per-line limit", () => {
    expect(scan(`Intro\n\nWords ${"*a_".repeat(400)}\n${"*a_".repeat(400)}\n\nx\n`)).toEqual({
      problems: [],
      hotspot: {
        line: 3,
        column: 7,
        what: "a paragraph or table with 1,600 emphasis and link markers (`*`, `_`, `~`, `[`, `]`)",
      },
      pressure: 1.6,
    });
  });

  it("a table's markers add up for the hotspot, while the pressure counts one row", () => {
    expect(scan("| a | *b* |\n|---|---|\n| [x] | _y_ |\n| [x] | _y_ |\n\n*z*\n")).toEqual({
      problems: [],
      hotspot: {
        line: 1,
        column: 7,
        what: "a paragraph or table with 10 emphasis and link markers (`*`, `_`, `~`, `[`, `]`)",
      },
      pressure: 0.004,
    });
  });

  it("a block with no marker on its first line is named at its line's start", () => {
    expect(scan("Words\nmore [x]\n").hotspot).toEqual({
      line: 1,
      column: 1,
      what: "a paragraph or table with 2 emphasis and link markers (`*`, `_`, `~`, `[`, `]`)",
    });
  });

  it("the construct nearest its limit wins; on a tie the nesting", () => {
    // 3 deep = 0.03 of the nesting limit; 40 markers = 0.04 of the per-line limit; 20 cells = 0.02.
    const text = `- a\n  - b\n    - c\n\n${"[x]".repeat(20)}\n\n${"| x ".repeat(20)}\n`;
    expect(scan(text)).toEqual({
      problems: [],
      hotspot: {
        line: 5,
        column: 1,
        what: "a paragraph or table with 40 emphasis and link markers (`*`, `_`, `~`, `[`, `]`)",
      },
      pressure: 0.04,
    });
    const wide = `- a\n  - b\n    - c\n\n${"| x ".repeat(50)}\n`;
    expect(scan(wide)).toEqual({
      problems: [],
      hotspot: { line: 5, column: 1, what: "a table row with 50 cells" },
      pressure: 0.05,
    });
    // 1 deep = 0.01 = 10 markers.
    expect(scan("- *a* [b] _c_ ~d~ *e*\n").hotspot?.what).toBe("blocks nested 1 deep");
  });
});

describe("where a paragraph ends for the paragraph count", () => {
  const many = (n: number) => "*a_\n".repeat(n);

  it("a fence closes only with the same character, at least as long, and nothing after it", () => {
    const inside = many(LIMIT / 2 + 1);
    expect(problems(`${HEAD}\`\`\`\`\n${inside}\`\`\`\n${inside}\`\`\`\`\n`)).toEqual([]);
    expect(problems(`${HEAD}\`\`\`\n${inside}\`\`\` x\n${inside}\`\`\`\n`)).toEqual([]);
    expect(problems(`${HEAD}~~~\n${inside}\`\`\`\n${inside}~~~~~ \n`)).toEqual([]);
    // Closed: what follows counts again.
    expect(problems(`${HEAD}~~~\ncode\n~~~~~\n${inside}`)).toHaveLength(1);
  });

  it("a list item starts a new paragraph, also inside a quote", () => {
    const half = (prefix: string) => `${prefix}*a_\n${many(LIMIT / 4)}`;
    expect(problems(`${HEAD}${half("- ")}${half("- ")}`)).toEqual([]);
    expect(problems(`${HEAD}${half("> - ")}${half("> - ")}`)).toEqual([]);
    expect(problems(`${HEAD}${half("")}${half("")}`)).toHaveLength(1);
  });

  it("a heading is a paragraph of its own: its markers do not count for the next lines", () => {
    expect(problems(`${HEAD}# ${"*a".repeat(499)}\n${many(LIMIT / 2)}`)).toEqual([]);
    expect(problems(`${HEAD}${many(LIMIT / 2)}#${"*a".repeat(499)}\n`)).toHaveLength(1);
  });

  it("a table's rows count one by one; the text after it counts again", () => {
    const rows = "| [a] | *b* |\n".repeat(LIMIT);
    expect(problems(`${HEAD}| A | B |\n|---|---|\n${rows}`)).toEqual([]);
    // A dashed line with no cells before it is a rule, not a table: the paragraph after it counts.
    expect(problems(`${HEAD}---|---\n${many(LIMIT / 2 + 1)}`)).toHaveLength(1);
  });
});
