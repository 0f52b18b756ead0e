import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { DEFAULT_CONFIG } from "../../src/config/config-schema.js";
import type { IssueRecord } from "../../src/github/gateway.js";
import type { Plan } from "../../src/plan/types.js";
import { parseMarker } from "../../src/render/marker.js";
import { applyToIssues } from "../../src/sync/apply-to-issues.js";
import { makePlan, makeTask } from "../support/plan-factory.js";
import { BOT, ctx, reconcile } from "./support.js";

const IDS = ["DATA1", "DATA2", "DATA3", "GAIN1", "GAIN2", "EDH1", "OPS1"];

const taskArb = (id: string) =>
  fc
    .record({
      description: fc.constantFrom("Build it", "Build **it**", "Ship `x` fast", ""),
      acceptanceCriteria: fc.subarray(["works", "tested", "documented"]),
      effort: fc.constantFrom("", "2h", "M"),
      done: fc.boolean(),
    })
    .map((fields) => makeTask(id, fields));

const planArb: fc.Arbitrary<Plan> = fc
  .shuffledSubarray(IDS)
  .chain((ids) => fc.tuple(...ids.map(taskArb)))
  .map((tasks) => makePlan(tasks.map((t, i) => ({ ...t, line: 10 + i }))));

/** What people do to issues between pushes. */
const editArb = fc.record({
  number: fc.integer({ min: 1, max: 8 }),
  kind: fc.constantFrom(
    "close",
    "close-not-planned",
    "reopen",
    "drop-marker",
    "retitle",
    "add-label",
    "tick-criterion",
  ),
});

function applyEdit(issues: IssueRecord[], edit: { number: number; kind: string }): IssueRecord[] {
  return issues.map((i) => {
    if (i.number !== edit.number) return i;
    switch (edit.kind) {
      case "close":
        return { ...i, state: "closed", stateReason: "completed" };
      case "close-not-planned":
        return { ...i, state: "closed", stateReason: "not_planned" };
      case "reopen":
        return { ...i, state: "open", stateReason: "reopened" };
      case "drop-marker":
        return { ...i, body: i.body.replace(/<!-- plan-sync:v1 .*-->/, "") };
      case "retitle":
        return { ...i, title: `${i.title} (edited)` };
      case "add-label":
        return { ...i, labels: [...i.labels, "bug"] };
      default:
        return { ...i, body: i.body.replace("- [ ]", "- [x]") };
    }
  });
}

function managedCount(issues: IssueRecord[], taskId: string): number {
  return issues.filter((i) => i.author === BOT && parseMarker(i.body)?.task === taskId).length;
}

describe("reconcilePlan properties", () => {
  test("applying the actions and reconciling the same push again yields no actions (redelivery is harmless)", () => {
    fc.assert(
      fc.property(
        planArb,
        planArb,
        fc.array(editArb, { maxLength: 6 }),
        fc.boolean(),
        (first, second, edits, confirmClose) => {
          let issues = applyToIssues([], reconcile(first, [], { previousPlan: null }).actions, BOT);
          for (const edit of edits) issues = applyEdit(issues, edit);
          const input = { previousPlan: first, confirmClose };
          const once = reconcile(second, issues, input);
          const after = applyToIssues(issues, once.actions, BOT);
          const again = reconcile(second, after, input);
          expect(again.actions).toEqual([]);
          // Nothing is ever duplicated: at most one issue per task, and one for every task unless a note says why not.
          for (const task of second.tasks) {
            const count = managedCount(after, task.id);
            expect(count).toBeLessThanOrEqual(1);
            if (count === 0) expect(once.notes.join("\n")).toContain(task.id);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  test("a push that changes no task costs zero writes, whatever the commit and line numbers", () => {
    fc.assert(
      fc.property(planArb, fc.integer({ min: 1, max: 500 }), (plan, shift) => {
        const issues = applyToIssues([], reconcile(plan, [], { previousPlan: null }).actions, BOT);
        const moved = { ...plan, tasks: plan.tasks.map((t) => ({ ...t, line: t.line + shift })) };
        const later = { ...ctx, sha: "f".repeat(40) };
        expect(reconcile(moved, issues, { previousPlan: plan, ctx: later, config: DEFAULT_CONFIG }).actions).toEqual(
          [],
        );
      }),
      { numRuns: 100 },
    );
  });
});
