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
