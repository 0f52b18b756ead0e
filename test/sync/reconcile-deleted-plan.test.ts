import { describe, expect, test } from "vitest";
import { DEFAULT_CONFIG } from "../../src/config/config-schema.js";
import { reconcileDeletedPlan } from "../../src/sync/reconcile-deleted-plan.js";
import { makePlan } from "../support/plan-factory.js";
import { BOT, ctx, makeIssue, synced } from "./support.js";

function deleted(issues: ReturnType<typeof synced>, confirmClose = false) {
  return reconcileDeletedPlan({
    path: "docs/plan.md",
    issues,
    identity: BOT,
    config: DEFAULT_CONFIG,
    ctx,
    confirmClose,
  });
}

describe("reconcileDeletedPlan", () => {
  test("closes the plan's open issues as not planned, with a comment linking the commit", () => {
    const issues = synced(makePlan(["DATA1", "DATA2", "DATA3"]));
    issues[1] = { ...issues[1]!, state: "closed", stateReason: "completed" };
    const { actions, blocked } = deleted(issues);
    expect(blocked).toBeNull();
    expect(actions).toEqual(
      [1, 3].map((n) => ({
        type: "close-issue",
        path: "docs/plan.md",
        taskId: `DATA${n}`,
        issueNumber: n,
        reason: "not_planned",
        comment: expect.stringMatching(
          /`docs\/plan\.md` was deleted in \[c0ffee0\]\(https:\/\/github\.com\/acme\/widgets\/commit\/c0ffee0+\)/,
        ),
      })),
    );
  });

  test("leaves other plans' issues and foreign issues with copied markers alone", () => {
    const ours = synced(makePlan(["DATA1"]));
    const other = synced(makePlan(["DATA1"], { path: "docs/other.md" })).map((i) => ({ ...i, number: 2 }));
    const forged = makeIssue(3, { author: "someone", body: ours[0]!.body });
    expect(deleted([...ours, ...other, forged]).actions.map((a) => "issueNumber" in a && a.issueNumber)).toEqual([1]);
  });

  test("a big plan is not closed without confirmation", () => {
    const issues = synced(makePlan(Array.from({ length: 6 }, (_, i) => `DATA${i + 1}`)));
    const held = deleted(issues);
    expect(held.actions).toEqual([]);
    expect(held.blocked?.issueNumbers).toEqual([1, 2, 3, 4, 5, 6]);
    expect(held.blocked?.reason).toContain("plan-sync: confirm-close");
    expect(deleted(issues, true).actions).toHaveLength(6);
  });

  test("a deleted plan has no notes and nothing to write back into it", () => {
    const result = deleted(synced(makePlan(["DATA1"])));
    expect(result).toMatchObject({ blocked: null, skipped: null, notes: [], heal: [] });
    expect(result.heal).toEqual([]);
  });
});
