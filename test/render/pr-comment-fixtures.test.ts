import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fixtureCases } from "../support/fixture-cases.js";
import { parsePrComment, renderPrComment, type PrCommentInput } from "../../src/render/pr-comment.js";

const root = join(import.meta.dirname, "../../fixtures/render");
const cases = fixtureCases(root, { prefix: "pr-comment-", required: ["input.json"] }).map((c) => c.name);

// Each case: fixtures/render/<case>/input.json → expected.md, the exact comment a reader sees.
describe.each(cases)("PR status comment: %s", (name) => {
  const input = (JSON.parse(readFileSync(join(root, name, "input.json"), "utf8")) as { input: PrCommentInput }).input;

  it("renders the expected Markdown", async () => {
    await expect(renderPrComment(input)).toMatchFileSnapshot(join(root, name, "expected.md"));
  });

  it("renders the same string every time, whatever the order of plans", () => {
    const reversed = { ...input, plans: [...input.plans].reverse() };
    expect(renderPrComment(reversed)).toBe(renderPrComment(input));
  });

  it("reads its own summary back", () => {
    const data = parsePrComment(renderPrComment(input));
    expect(data?.plans.map((p) => p.path).sort()).toEqual(input.plans.map((p) => p.path).sort());
  });
});

describe("fixture coverage", () => {
  it("has PR comment cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(4);
  });
});
