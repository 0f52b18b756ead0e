import { describe, expect, test } from "vitest";
import { decideThreeWay, isIssueDone, issueStateChangedAt, type ThreeWayInput } from "../../src/sync/three-way.js";

/**
 * The three-way decision, cell by cell, in both directions (x = the state
 * both sides last agreed on, done or not done).
 */

const T0 = Date.parse("2026-05-01T10:00:00Z");
const EARLIER = T0 - 60_000;
const LATER = T0 + 60_000;

function decide(over: Partial<ThreeWayInput> & Pick<ThreeWayInput, "planDone" | "issueDone">) {
  return decideThreeWay({
    previousPlanDone: null,
    lastSynced: null,
    issueChangedAt: null,
    planChangedAt: T0,
    ...over,
  });
}

describe.each([false, true])("three-way, last synced done=%s", (x) => {
  test("neither changed: they agree, nothing to do", () => {
    expect(decide({ lastSynced: x, previousPlanDone: x, planDone: x, issueDone: x })).toEqual({
      kind: "agree",
      done: x,
    });
  });

  test("the plan changed: the issue follows the plan", () => {
    expect(decide({ lastSynced: x, previousPlanDone: x, planDone: !x, issueDone: x })).toEqual({
      kind: "plan",
      done: !x,
      conflict: false,
    });
  });

  test("the plan changed in an earlier push that was never synced: the issue still follows it", () => {
    expect(decide({ lastSynced: x, previousPlanDone: !x, planDone: !x, issueDone: x })).toEqual({
      kind: "plan",
      done: !x,
      conflict: false,
    });
  });

  test("the issue changed (its webhook may never have come): the plan follows the issue", () => {
    expect(decide({ lastSynced: x, previousPlanDone: x, planDone: x, issueDone: !x })).toEqual({
      kind: "issue",
      done: !x,
      conflict: false,
    });
  });

  test("both changed the same way: they agree on the new state", () => {
    expect(decide({ lastSynced: x, previousPlanDone: x, planDone: !x, issueDone: !x })).toEqual({
      kind: "agree",
      done: !x,
    });
  });

  describe("both changed, apart (the plan moved away and back in this push, the issue moved once)", () => {
    const both = { lastSynced: x, previousPlanDone: !x, planDone: x, issueDone: !x } as const;

    test("the issue's change is more recent: the plan follows the issue, as a conflict", () => {
      expect(decide({ ...both, issueChangedAt: LATER })).toEqual({ kind: "issue", done: !x, conflict: true });
    });

    test("the plan's commit is more recent: the issue follows the plan, as a conflict", () => {
      expect(decide({ ...both, issueChangedAt: EARLIER })).toEqual({ kind: "plan", done: x, conflict: true });
    });

    test("at the same instant, or when a time is unknown, the plan wins", () => {
      expect(decide({ ...both, issueChangedAt: T0 })).toMatchObject({ kind: "plan", conflict: true });
      expect(decide({ ...both, issueChangedAt: null })).toMatchObject({ kind: "plan", conflict: true });
      expect(decide({ ...both, issueChangedAt: LATER, planChangedAt: null })).toMatchObject({
        kind: "plan",
        conflict: true,
      });
    });
  });

  test("the plan at `before` is unknown (it had errors) and the issue changed since the last sync: the plan follows the issue", () => {
    expect(
      decide({ lastSynced: x, previousPlanDone: null, planDone: x, issueDone: !x, issueChangedAt: LATER }),
    ).toEqual({
      kind: "issue",
      done: !x,
      conflict: false,
    });
  });

  describe("a marker written before the state was recorded: the plan at `before` is the base", () => {
    test("the plan did not change in this push, the issue differs: the plan follows the issue", () => {
      expect(decide({ previousPlanDone: x, planDone: x, issueDone: !x })).toEqual({
        kind: "issue",
        done: !x,
        conflict: false,
      });
    });

    test("the box changed in this push: the issue follows the plan", () => {
      expect(decide({ previousPlanDone: x, planDone: !x, issueDone: x })).toEqual({
        kind: "plan",
        done: !x,
        conflict: false,
      });
    });
  });
});

describe("three-way without any base (a task new to the plan, no recorded state)", () => {
  test("a ticked box counts as just ticked: the issue is closed", () => {
    expect(decide({ planDone: true, issueDone: false })).toEqual({ kind: "plan", done: true, conflict: false });
  });

  test("an unticked box says nothing against a closed issue: both are left as they are", () => {
    expect(decide({ planDone: false, issueDone: true })).toEqual({ kind: "unknown" });
  });

  test("agreeing sides agree", () => {
    expect(decide({ planDone: true, issueDone: true })).toEqual({ kind: "agree", done: true });
  });
});

describe("issueStateChangedAt", () => {
  test("a closed issue changed when it was closed, not when it was last commented on", () => {
    expect(
      issueStateChangedAt({ state: "closed", closedAt: "2026-05-01T10:00:00Z", updatedAt: "2026-05-02T10:00:00Z" }),
    ).toBe(T0);
  });

  test("an open issue: its last update is the latest its reopen can have been", () => {
    expect(issueStateChangedAt({ state: "open", closedAt: null, updatedAt: "2026-05-01T10:00:00Z" })).toBe(T0);
  });

  test("a closed issue without closed_at: its last update", () => {
    expect(issueStateChangedAt({ state: "closed", closedAt: null, updatedAt: "2026-05-01T10:00:00Z" })).toBe(T0);
  });

  test("an open issue's stale closed_at (it was reopened since) is not when it changed", () => {
    expect(
      issueStateChangedAt({ state: "open", closedAt: "2026-04-01T10:00:00Z", updatedAt: "2026-05-01T10:00:00Z" }),
    ).toBe(T0);
  });

  test("unknown or unreadable times are null", () => {
    expect(issueStateChangedAt({ state: "open" })).toBeNull();
    expect(issueStateChangedAt({ state: "closed", closedAt: "not a date" })).toBeNull();
  });
});

describe("isIssueDone", () => {
  test("only an issue closed as completed is a done task; closed as not planned or a duplicate, or open, is not", () => {
    expect(isIssueDone({ state: "closed", stateReason: "completed" })).toBe(true);
    expect(isIssueDone({ state: "closed", stateReason: "not_planned" })).toBe(false);
    expect(isIssueDone({ state: "closed", stateReason: "duplicate" })).toBe(false);
    expect(isIssueDone({ state: "open", stateReason: "reopened" })).toBe(false);
    expect(isIssueDone({ state: "open", stateReason: null })).toBe(false);
  });
});
