import { describe, expect, test } from "vitest";
import { makePlan, makeTask } from "../support/plan-factory.js";
import { DEFAULT_CONFIG } from "../../src/config/config-schema.js";
import { reconcileDeletedPlan } from "../../src/sync/reconcile-deleted-plan.js";
import { conflictNote } from "../../src/sync/sync-comments.js";
import { BOT, ctx, reconcile, synced } from "./support.js";

// The comments plan-sync leaves on an issue when it closes or reopens it: what the issue's watchers read.
const commit = `[c0ffee0](https://github.com/acme/widgets/commit/${ctx.sha})`;

describe("comments on issues plan-sync closes or reopens", () => {
  test("a task removed from the plan", () => {
    const before = makePlan(["DATA1", "DATA2"]);
    const [close] = reconcile(makePlan(["DATA1"]), synced(before), { previousPlan: before }).actions;
    expect(close).toMatchObject({
      type: "close-issue",
      comment:
        `DATA2 was removed from \`docs/plan.md\` in ${commit}, so plan-sync closes this issue as not planned. ` +
        "Put the task back in the plan to reopen it.",
    });
  });

  test("a task back in the plan", () => {
    const plan = makePlan(["DATA1"]);
    const issues = synced(plan).map((i) => ({ ...i, state: "closed" as const, stateReason: "not_planned" as const }));
    const [reopen] = reconcile(plan, issues, { previousPlan: makePlan([]) }).actions;
    expect(reopen).toMatchObject({
      type: "reopen-issue",
      comment: `DATA1 is back in \`docs/plan.md\` (${commit}), so plan-sync reopens this issue.`,
    });
  });

  test("a task unticked in the plan", () => {
    const ticked = makePlan([makeTask("DATA1", { done: true })]);
    const [reopen] = reconcile(makePlan(["DATA1"]), synced(ticked), { previousPlan: ticked }).actions;
    expect(reopen).toMatchObject({
      type: "reopen-issue",
      comment: `DATA1 was unticked in \`docs/plan.md\` (${commit}), so plan-sync reopens this issue.`,
    });
  });

  test("a deleted plan", () => {
    const { actions } = reconcileDeletedPlan({
      path: "docs/plan.md",
      issues: synced(makePlan(["DATA1"])),
      identity: BOT,
      config: DEFAULT_CONFIG,
      ctx,
      confirmClose: false,
    });
    expect(actions).toEqual([
      expect.objectContaining({
        comment: `The plan \`docs/plan.md\` was deleted in ${commit}, so plan-sync closes this issue as not planned.`,
      }),
    ]);
  });
});

describe("the check run's note when plan and issue both changed", () => {
  test("says which side won and the state both now have", () => {
    expect(conflictNote("DATA1", 7, "plan", true, "docs/plan.md")).toBe(
      "DATA1 changed both in `docs/plan.md` and on issue #7 since the last sync; the plan's change is the more recent, so the issue follows it (done).",
    );
    expect(conflictNote("DATA1", 7, "issue", false, "docs/plan.md")).toBe(
      "DATA1 changed both in `docs/plan.md` and on issue #7 since the last sync; the issue's change is the more recent, so the plan follows it (not done).",
    );
  });
});
