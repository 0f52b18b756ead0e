import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { PlanParser } from "../../src/parse-worker/plan-parser.js";
import { decodePlanBytes } from "../../src/plan/decode-plan-bytes.js";
import { patchPlan, type TaskPatch } from "../../src/plan/patch-plan.js";
import { indexLines } from "../../src/plan/source-lines.js";
import { PlanSchema, hasErrors } from "../../src/plan/types.js";

/**
 * Whatever Markdown a pull request carries, the budgeted parse answers with a
 * plan or positioned diagnostics (never a rejection, a stack overflow or a
 * hang: the parser ends a worker at its budget), and any plan it returns can
 * be patched and patched back byte for byte.
 */
const parser = new PlanParser({ timeoutMs: 3000, memoryMb: 256, threads: 2 });
afterAll(() => parser.close());

const TABLE_HEAD = "| Task ID | Description | Acceptance Criteria | Effort |\n|---|---|---|---|\n";
const word = fc.stringMatching(/^[A-Za-z][A-Za-z0-9 ]{0,12}$/);

const row = fc
  .tuple(fc.integer({ min: 1, max: 40 }), fc.constantFrom("[ ] ", "[x] ", ""), word, word)
  .map(([n, box, description, criteria]) => `| ${box}DATA${n} | ${description} | ${criteria} | 1d |\n`);

/** Fragments that stress remark: each shape the issue names, at sizes around and past the pre-scan's limits. */
const fragment = fc.oneof(
  fc.array(row, { minLength: 1, maxLength: 6 }).map((rows) => `\n${TABLE_HEAD}${rows.join("")}\n`),
  fc.integer({ min: 1, max: 3000 }).map((n) => `${"> ".repeat(n)}deep\n`),
  fc.integer({ min: 1, max: 700 }).map((n) => `${"- ".repeat(n)}item\n`),
  fc
    .integer({ min: 1, max: 150 })
    .map((n) => `${Array.from({ length: n }, (_, i) => `${"  ".repeat(i)}- x`).join("\n")}\n`),
  fc
    .tuple(fc.constantFrom("*a_", "**", "_", "*_", "~~", "[", "]("), fc.integer({ min: 1, max: 3000 }))
    .map(([m, n]) => `| DATA99 | ${m.repeat(n)} | c | 1d |\n`),
  fc.integer({ min: 1, max: 40 }).map((lines) => `${"*a_".repeat(200)}\n`.repeat(lines)),
  fc
    .integer({ min: 1, max: 300 })
    .map((n) => Array.from({ length: n }, (_, i) => `[r${i}]: https://e.x/${i}`).join("\n") + "\n"),
  fc.constantFrom("<div>", "</div>", "<!-- ", " -->", "<span><b>", "<details><summary>x</summary>\n"),
  fc.integer({ min: 1, max: 3000 }).map((n) => `|${" c |".repeat(n)}\n|${"---|".repeat(n)}\n`),
  fc.integer({ min: 1, max: 20000 }).map((n) => `${"word ".repeat(n)}\n`),
  fc.string({ maxLength: 40 }),
);

/** Text as it reaches the parser: mostly UTF-8 Markdown, sometimes raw bytes decoded the way GitHub's are. */
const planText = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.array(fragment, { minLength: 1, maxLength: 5 }).map((parts) => `# Plan\n\n${parts.join("\n")}`),
  },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 400 }).map((bytes) => decodePlanBytes(bytes)) },
);

describe("budgeted parse of arbitrary Markdown", () => {
  it("returns a plan or positioned diagnostics, and patches of what it returns round-trip", async () => {
    await fc.assert(
      fc.asyncProperty(planText, async (text) => {
        const plan = await parser.parse(text, "plans/fuzz.md");
        expect(() => PlanSchema.parse(plan)).not.toThrow();
        const lines = indexLines(text).starts.length;
        for (const d of plan.diagnostics) {
          expect(d.line).toBeGreaterThanOrEqual(1);
          expect(d.line).toBeLessThanOrEqual(lines);
          expect(d.column).toBeGreaterThanOrEqual(1);
        }
        if (hasErrors(plan) || plan.tasks.length === 0) return;

        const flip = new Map<string, TaskPatch>(plan.tasks.map((t) => [t.id, { done: !t.done }]));
        const back = new Map<string, TaskPatch>(plan.tasks.map((t) => [t.id, { done: t.done }]));
        expect(patchPlan(text, "plans/fuzz.md", back, { parsed: plan })).toBe(text);
        const flipped = patchPlan(text, "plans/fuzz.md", flip, { parsed: plan });
        // A task with no checkbox gets one inserted when ticked; unticking leaves `[ ]`, so compare from there.
        const settled = patchPlan(flipped, "plans/fuzz.md", back);
        expect(patchPlan(settled, "plans/fuzz.md", flip)).toBe(flipped);
      }),
      { numRuns: 30 },
    );
  }, 600_000);
});
