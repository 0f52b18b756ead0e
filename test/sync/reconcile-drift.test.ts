import { describe, expect, test } from "vitest";
import type { IssueRecord } from "../../src/github/gateway.js";
import { parseMarker, withDone } from "../../src/render/marker.js";
import { makeError, makePlan, makeTask } from "../support/plan-factory.js";
import { reconcile, synced } from "./support.js";

/**
 * reconcilePlan's three-way state: the marker records the state both sides
 * agreed on, an issue closed or reopened since asks for a write-back (heal),
 * and the state is recorded in the same request that changes it.
 */

const open = makePlan([makeTask("DATA1", { done: false })]);
const ticked = makePlan([makeTask("DATA1", { done: true })]);

const closedAsCompleted = (i: IssueRecord): IssueRecord => ({
  ...i,
  state: "closed",
  stateReason: "completed",
  closedAt: "2026-05-01T10:00:00Z",
});
const reopened = (i: IssueRecord): IssueRecord => ({
  ...i,
  state: "open",
  stateReason: "reopened",
  closedAt: null,
  updatedAt: "2026-05-01T10:00:00Z",
});

describe("reconcilePlan: an issue that changed since the last sync", () => {
  test("closed on GitHub (no webhook needed), the plan's box unchanged: the plan is to be ticked, the check run says why", () => {
    const issues = synced(open).map(closedAsCompleted);
    expect(parseMarker(issues[0]!.body)?.done).toBe(false);
    const result = reconcile(open, issues, { previousPlan: open });
    expect(result.actions).toEqual([]);
    expect(result.heal).toEqual([
      {
        taskId: "DATA1",
        issueNumber: 1,
        done: true,
        recordedBody: withDone(issues[0]!.body, true),
        conflict: false,
      },
    ]);
    expect(result.notes).toEqual([
      "#1 was closed on GitHub since the last sync, so DATA1 is ticked in `docs/plan.md` to match.",
    ]);
  });

  test("reopened on GitHub while the plan stays ticked: the plan is to be unticked", () => {
    const issues = synced(ticked).map(reopened);
    expect(parseMarker(issues[0]!.body)?.done).toBe(true);
    const result = reconcile(ticked, issues, { previousPlan: ticked });
    expect(result.actions).toEqual([]);
    expect(result.heal).toEqual([expect.objectContaining({ taskId: "DATA1", done: false, conflict: false })]);
    expect(result.notes[0]).toContain("#1 was reopened on GitHub since the last sync, so DATA1 is unticked");
  });

  test("a tick pushed earlier whose sync never ran (the recorded state is older than the plan at `before`) still closes the issue", () => {
    const result = reconcile(ticked, synced(open), { previousPlan: ticked });
    expect(result.heal).toEqual([]);
    expect(result.actions).toEqual([
      expect.objectContaining({ type: "close-issue", issueNumber: 1, body: expect.stringContaining('"done":true') }),
    ]);
  });

  test("both changed apart: the more recent change wins, and the check run says so", () => {
    // Synced done; the App's own commit unticked the plan (no sync), a person ticks it again in this push,
    // and the issue was reopened on GitHub with no webhook: both sides moved, apart.
    const issues = synced(ticked).map(reopened);
    const pushedLater = reconcile(ticked, issues, {
      previousPlan: open,
      planChangedAt: Date.parse("2026-05-01T11:00:00Z"),
    });
    expect(pushedLater.heal).toEqual([]);
    expect(pushedLater.actions).toEqual([expect.objectContaining({ type: "close-issue", issueNumber: 1 })]);
    expect(pushedLater.notes[0]).toMatch(/DATA1 changed both in `docs\/plan.md` and on issue #1 .*the plan's change/);

    const pushedEarlier = reconcile(ticked, issues, {
      previousPlan: open,
      planChangedAt: Date.parse("2026-05-01T09:00:00Z"),
    });
    expect(pushedEarlier.actions).toEqual([]);
    expect(pushedEarlier.heal).toEqual([expect.objectContaining({ taskId: "DATA1", done: false, conflict: true })]);
    expect(pushedEarlier.notes[0]).toMatch(
      /the issue's change is the more recent, so the plan follows it \(not done\)/,
    );
  });

  test("a plan that does not parse cleanly heals nothing", () => {
    const broken = makePlan([makeTask("DATA1", { done: false })], { diagnostics: [makeError("docs/plan.md", 3)] });
    const result = reconcile(broken, synced(open).map(closedAsCompleted), { previousPlan: open });
    expect(result.heal).toEqual([]);
    expect(result.actions).toEqual([]);
  });
});

describe("reconcilePlan: the recorded state", () => {
  test("sides that agree while the marker says otherwise (a write-back ticked the plan) get the marker brought up to date", () => {
    const issues = synced(open).map(closedAsCompleted);
    const result = reconcile(ticked, issues, { previousPlan: ticked });
    expect(result.heal).toEqual([]);
    expect(result.actions).toEqual([
      {
        type: "update-issue",
        path: "docs/plan.md",
        taskId: "DATA1",
        issueNumber: 1,
        body: withDone(issues[0]!.body, true),
      },
    ]);
  });

  test("a marker from before the state was recorded is not rewritten just to add it (no write per issue after an upgrade)", () => {
    const legacy = synced(open).map((i) => ({ ...i, body: i.body.replace(',"done":false', "") }));
    expect(parseMarker(legacy[0]!.body)).not.toHaveProperty("done");
    expect(reconcile(open, legacy, { previousPlan: open }).actions).toEqual([]);
  });

  test("a legacy marker: an issue closed while the plan was unchanged in this push still ticks the plan", () => {
    const legacy = synced(open).map((i) => closedAsCompleted({ ...i, body: i.body.replace(',"done":false', "") }));
    const result = reconcile(open, legacy, { previousPlan: open });
    expect(result.heal).toEqual([expect.objectContaining({ taskId: "DATA1", done: true })]);
    expect(parseMarker(result.heal[0]!.recordedBody)?.done).toBe(true);
  });

  test("an unticked box closes nothing: a reopen records the state with the reopen itself", () => {
    const issues = synced(ticked);
    const { actions } = reconcile(open, issues, { previousPlan: ticked });
    expect(actions).toEqual([
      expect.objectContaining({ type: "reopen-issue", body: withDone(issues[0]!.body, false) }),
    ]);
  });

  test("running again after the actions and heals are applied wants nothing", () => {
    const issues = synced(open).map(closedAsCompleted);
    const first = reconcile(open, issues, { previousPlan: open });
    const healed = issues.map((i) => ({ ...i, body: first.heal[0]!.recordedBody }));
    const again = reconcile(ticked, healed, { previousPlan: ticked });
    expect(again.actions).toEqual([]);
    expect(again.heal).toEqual([]);
    expect(again.notes).toEqual([]);
  });
});
