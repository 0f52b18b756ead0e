import { describe, expect, test } from "vitest";
import { DEFAULT_CONFIG } from "../../src/config/config-schema.js";
import { parseConfig } from "../../src/config/parse-config.js";
import { issueChanges, mergeLabels } from "../../src/sync/issue-diff.js";
import { reconcileDeletedPlan } from "../../src/sync/reconcile-deleted-plan.js";
import { isSameLogin } from "../../src/sync/managed-issues.js";
import { makeError, makePlan, makeTask } from "../support/plan-factory.js";
import { BOT, ctx, reconcile, synced } from "./support.js";

// What people read: the check run shows these reasons and notes word for word.
describe("why a sync did less than the plan asks", () => {
  test("one error in the plan: nothing synced, the error quoted with its position", () => {
    const plan = makePlan(["DATA1"], { diagnostics: [makeError("docs/plan.md", 12)] });
    expect(reconcile(plan, [], { previousPlan: null })).toMatchObject({
      actions: [],
      blocked: null,
      skipped: {
        reason:
          "docs/plan.md has 1 error, so nothing was synced until it is fixed " +
          "(first: docs/plan.md:12: DATA1 is used twice).",
      },
      notes: [],
      // Nor does it tick or untick anything to follow an issue.
      heal: [],
    });
  });

  test("several errors: counted, the first one quoted, warnings not counted", () => {
    const warning = { ...makeError("docs/plan.md", 3), severity: "warning" as const, message: "just a warning" };
    const plan = makePlan(["DATA1"], {
      diagnostics: [warning, makeError("docs/plan.md", 12), makeError("docs/plan.md", 20)],
    });
    expect(reconcile(plan, [], { previousPlan: null }).skipped?.reason).toBe(
      "docs/plan.md has 2 errors, so nothing was synced until they are fixed " +
        "(first: docs/plan.md:12: DATA1 is used twice).",
    );
  });

  test("two issues for one task: the first is kept, the note names both", () => {
    const plan = makePlan(["DATA1", "DATA2"]);
    const issues = synced(plan);
    const copy = { ...issues[0]!, number: 7 };
    const { actions, notes } = reconcile(plan, [...issues, copy], { previousPlan: plan });
    expect(actions).toEqual([]);
    expect(notes).toEqual([
      "DATA1 in docs/plan.md has more than one issue (#1, #7); plan-sync keeps #1 and leaves the others alone.",
    ]);
  });

  test("three issues for one task: every other one is named", () => {
    const plan = makePlan(["DATA1"]);
    const issues = synced(plan);
    const copies = [7, 9].map((number) => ({ ...issues[0]!, number }));
    expect(reconcile(plan, [...issues, ...copies], { previousPlan: plan }).notes).toEqual([
      "DATA1 in docs/plan.md has more than one issue (#1, #7, #9); plan-sync keeps #1 and leaves the others alone.",
    ]);
  });

  test("a task back in the plan, already ticked, gets its not-planned issue closed as completed, not reopened", () => {
    const plan = makePlan(["DATA1"]);
    const issues = synced(plan).map((i) => ({ ...i, state: "closed" as const, stateReason: "not_planned" as const }));
    const ticked = makePlan([makeTask("DATA1", { done: true })]);
    const { actions } = reconcile(ticked, issues, { previousPlan: makePlan([]) });
    expect(actions.filter((a) => a.type !== "update-issue")).toEqual([
      expect.objectContaining({ type: "close-issue", taskId: "DATA1", issueNumber: 1, reason: "completed" }),
    ]);
    expect(actions.find((a) => a.type === "close-issue")).not.toHaveProperty("comment");
  });

  test("a task that stayed in the plan keeps an issue someone closed as not planned closed", () => {
    const plan = makePlan(["DATA1"]);
    const issues = synced(plan).map((i) => ({ ...i, state: "closed" as const, stateReason: "not_planned" as const }));
    const { actions } = reconcile(plan, issues, { previousPlan: plan });
    expect(actions.filter((a) => a.type === "reopen-issue" || a.type === "close-issue")).toEqual([]);
  });

  test("a held-back mass close says which limits it passed", () => {
    const full = makePlan(["DATA1", "DATA2", "DATA3", "DATA4", "DATA5", "DATA6", "DATA7"]);
    const reason = reconcile(makePlan([]), synced(full), { previousPlan: full }).blocked?.reason;
    expect(reason).toContain("Not closing 7 of 7 open issues (tasks removed from docs/plan.md): ");
    expect(reason).toContain("more than 50% and more than 5 at once looks like a mistake.");
    const deleted = reconcileDeletedPlan({
      path: "docs/plan.md",
      issues: synced(full),
      identity: BOT,
      config: DEFAULT_CONFIG,
      ctx,
      confirmClose: false,
    });
    expect(deleted).toMatchObject({ actions: [], skipped: null, notes: [] });
    expect(deleted.blocked?.reason).toContain("Not closing 7 of 7 open issues (the plan docs/plan.md was deleted): ");
  });

  test("a task ticked in the plan alone closes its issue with no note: nothing changed on both sides", () => {
    const open = makePlan([makeTask("DATA1", { done: false })]);
    const ticked = makePlan([makeTask("DATA1", { done: true })]);
    const { actions, notes } = reconcile(ticked, synced(open), { previousPlan: open });
    expect(actions).toEqual([expect.objectContaining({ type: "close-issue", reason: "completed" })]);
    expect(notes).toEqual([]);
  });
});

describe("labels plan-sync manages on an issue", () => {
  const parsed = parseConfig({ effortLabels: { S: "size: S" } });
  if (!parsed.ok) throw new Error("config");
  const config = parsed.config;

  test("managed labels the task no longer wants go, case-insensitively; people's labels stay", () => {
    expect(mergeLabels(["Plan-Sync", "DATA", "bug", "size: S"], ["GAIN"], config)).toEqual(["bug", "GAIN"]);
    expect(mergeLabels(["data", "needs review"], ["DATA"], config)).toBeNull();
    // Only a removal: the list shrinks, every remaining label was there before.
    expect(mergeLabels(["DATA", "bug", "size: S"], ["DATA"], config)).toEqual(["DATA", "bug"]);
  });

  test("an issue whose labels are already right is not updated", () => {
    const wanted = { title: "DATA1: Load data", body: "body", labels: ["DATA", "plan-sync"] };
    expect(issueChanges({ ...wanted, labels: ["plan-sync", "data", "bug"] }, wanted, DEFAULT_CONFIG)).toEqual({});
    expect(issueChanges({ ...wanted, body: "old" }, wanted, DEFAULT_CONFIG)).toEqual({ body: "body" });
  });
});

describe("labels a sync creates in the repository", () => {
  const existing = [
    { name: "DATA", color: "1d76db" },
    { name: "plan-sync", color: "ededed" },
  ];

  test("an issue whose text changes but whose labels do not asks for no label", () => {
    const plan = makePlan(["DATA1"]);
    const edited = makePlan([makeTask("DATA1", { description: "Load the data, faster" })]);
    const { actions } = reconcile(edited, synced(plan), { previousPlan: plan, existingLabels: [] });
    expect(actions.map((a) => a.type)).toEqual(["update-issue"]);
  });

  test("an issue that needs a label the repository lacks gets it created first", () => {
    const parsed = parseConfig({ areas: { DATA: { label: "data-team" } } });
    if (!parsed.ok) throw new Error(parsed.errors.join());
    const plan = makePlan(["DATA1"]);
    const { actions } = reconcile(plan, synced(plan), {
      previousPlan: plan,
      config: parsed.config,
      existingLabels: existing,
    });
    expect(actions.map((a) => (a.type === "create-label" ? `create-label ${a.name}` : a.type))).toEqual([
      "create-label data-team",
      "update-issue",
    ]);
  });
});

test("a missing login is nobody, not a crash", () => {
  expect(isSameLogin(null, BOT)).toBe(false);
  expect(isSameLogin(undefined, BOT)).toBe(false);
  expect(isSameLogin("Plan-Sync[bot]", BOT)).toBe(true);
});
