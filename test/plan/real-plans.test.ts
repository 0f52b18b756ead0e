import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { looksLikePlan } from "../../src/plan/is-plan.js";
import { parsePlan } from "../../src/plan/parse-plan.js";
import { patchPlan } from "../../src/plan/patch-plan.js";
import { fixtureCases } from "../support/fixture-cases.js";

/**
 * Plans copied byte for byte from public repositories (`fixtures/plans/real-*`,
 * each with a README naming its source, commit and licence), read as a user's
 * repository would hold them: each is a plan, parses without errors into the
 * tasks a person counts (`truth.json`), and every task's tick or untick
 * changes only its own state cell and round-trips to the original bytes; a
 * link is only an insertion.
 */
const ROOT = fileURLToPath(new URL("../../fixtures/plans/", import.meta.url));
const URL7 = "https://github.com/acme/app/issues/7";

interface Truth {
  path: string;
  tasks: Array<{ line: number; done: boolean }>;
}

const cases = fixtureCases(ROOT, { prefix: "real-", required: ["plan.md", "truth.json", "README.md"] }).map((c) => ({
  ...c,
  text: readFileSync(join(c.dir, "plan.md"), "utf8"),
  truth: JSON.parse(readFileSync(join(c.dir, "truth.json"), "utf8")) as Truth,
}));

describe("real public plans", () => {
  it("covers the spec-kit and Kiro shapes", () => {
    expect(cases.map((c) => c.name)).toEqual(
      expect.arrayContaining(["real-kiro-player-trail", "real-spec-kit-tasks-template"]),
    );
  });

  for (const c of cases) {
    describe(c.name, () => {
      const plan = parsePlan(c.text, c.truth.path);

      it("is a plan, parses without errors, into the tasks a person counts", () => {
        expect(looksLikePlan(c.text, c.truth.path)).toBe(true);
        expect(plan.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
        expect(plan.tasks.map((t) => ({ line: t.line, done: t.done }))).toEqual(c.truth.tasks);
        expect(new Set(plan.tasks.map((t) => t.id)).size).toBe(plan.tasks.length);
      });

      it("ticks or unticks every task in its own state cell only, and back to the original bytes", () => {
        // All at once: one patch flips every task (each task's byte is checked on its own below).
        const flip = new Map(plan.tasks.map((t) => [t.id, { done: !t.done }]));
        const flipped = patchPlan(c.text, c.truth.path, flip, { parsed: plan });
        expect(flipped.length).toBe(c.text.length);
        const changed: number[] = [];
        for (let i = 0; i < c.text.length; i++) if (c.text[i] !== flipped[i]) changed.push(i);
        // One character per task, inside that task's own state cell (its checkbox).
        expect(changed.length).toBe(plan.tasks.length);
        for (const [n, task] of plan.tasks.entries()) {
          const at = changed[n]!;
          expect(at >= task.stateCell.start && at < task.stateCell.end, `${task.id}: change in its state cell`).toBe(
            true,
          );
        }
        const back = patchPlan(flipped, c.truth.path, new Map(plan.tasks.map((t) => [t.id, { done: t.done }])));
        expect(back === c.text, "round trip to the original bytes").toBe(true);
      });

      it("links every task by inserting the link after its ID and nothing else", () => {
        const link = ` ([#7](${URL7}))`;
        const linked = patchPlan(
          c.text,
          c.truth.path,
          new Map(plan.tasks.map((t) => [t.id, { issue: { number: 7, url: URL7 } }])),
          { parsed: plan },
        );
        expect(linked.split(link).length - 1).toBe(plan.tasks.length);
        expect(linked.replaceAll(link, "") === c.text, "only the links were inserted").toBe(true);
        const reread = parsePlan(linked, c.truth.path);
        expect(reread.tasks.map((t) => [t.id, t.issueLink?.number])).toEqual(plan.tasks.map((t) => [t.id, 7]));
      });
    });
  }
});
