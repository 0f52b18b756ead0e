import { describe, expect, it } from "vitest";
import { scanPlanText } from "../../src/plan/scan-plan-text.js";

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
