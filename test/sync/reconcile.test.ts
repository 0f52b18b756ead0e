import { describe, expect, test } from "vitest";
import { DEFAULT_CONFIG } from "../../src/config/config-schema.js";
import { parseConfig } from "../../src/config/parse-config.js";
import { renderIssue } from "../../src/render/issue-render.js";
import { parseMarker, renderMarker, withDeps, withDone } from "../../src/render/marker.js";
import { applyToIssues } from "../../src/sync/apply-to-issues.js";
import { makeError, makePlan, makeTask } from "../support/plan-factory.js";
import { BOT, byNumber, ctx, makeIssue, reconcile, synced } from "./support.js";

describe("reconcilePlan: creating", () => {
  test("a new task gets one issue with the rendered title, body and labels", () => {
    const plan = makePlan(["DATA1", "GAIN1"]);
    const { actions, skipped, blocked } = reconcile(plan, [], { previousPlan: null });
    expect(skipped).toBeNull();
    expect(blocked).toBeNull();
    const expected = renderIssue(plan.tasks[0]!, plan, ctx, DEFAULT_CONFIG);
    expect(actions).toEqual([
      {
        type: "create-issue",
        path: "docs/plan.md",
        taskId: "DATA1",
        title: expected.title,
        // The marker records the state it is created in: open.
        body: withDone(expected.body, false),
        labels: ["DATA", "plan-sync"],
      },
      expect.objectContaining({ type: "create-issue", taskId: "GAIN1", labels: ["GAIN", "plan-sync"] }),
    ]);
  });

  test("a task already ticked in the plan is created closed as completed", () => {
    const plan = makePlan([makeTask("DATA1", { done: true })]);
    const [action] = reconcile(plan, [], { previousPlan: null }).actions;
    expect(action).toMatchObject({ type: "create-issue", taskId: "DATA1", closeAsCompleted: true });
  });

  test("a plan with an error diagnostic syncs nothing and says why", () => {
    const plan = makePlan(["DATA1"], { diagnostics: [makeError("docs/plan.md", 12)] });
    const issues = synced(makePlan(["DATA2", "DATA3"]));
    const result = reconcile(plan, issues, { previousPlan: null });
    expect(result.actions).toEqual([]);
    expect(result.skipped?.reason).toContain("docs/plan.md:12");
    expect(result.skipped?.reason).toMatch(/1 error/);
  });

  test("warnings alone do not stop the sync", () => {
    const plan = makePlan(["DATA1"], { diagnostics: [{ ...makeError(), severity: "warning" }] });
    expect(reconcile(plan, [], { previousPlan: null }).actions).toHaveLength(1);
  });
});

describe("reconcilePlan: which issues count", () => {
  test("a marker copied into someone else's issue is ignored", () => {
    const plan = makePlan(["DATA1", "DATA2"]);
    const ours = synced(makePlan(["DATA1"]));
    const hijack = makeIssue(50, { author: "mallory", body: ours[0]!.body, title: "DATA2: mine now" });
    const forgedForRemoved = makeIssue(51, {
      author: "mallory",
      body: renderMarker({ path: "docs/plan.md", task: "GONE1", hash: "0123456789abcdef" }),
    });
    const { actions } = reconcile(plan, [...ours, hijack, forgedForRemoved]);
    expect(actions).toEqual([expect.objectContaining({ type: "create-issue", taskId: "DATA2" })]);
  });

  test("the app's identity is compared as GitHub compares logins, case-insensitively", () => {
    const plan = makePlan(["DATA1"]);
    const issues = synced(plan).map((i) => ({ ...i, author: "Plan-Sync[bot]" }));
    expect(reconcile(plan, issues).actions).toEqual([]);
  });

  test("issues of another plan are left alone", () => {
    const other = makePlan(["DATA1"], { path: "docs/other.md" });
    const issues = synced(other);
    const { actions } = reconcile(makePlan(["DATA2"]), issues);
    expect(actions).toEqual([expect.objectContaining({ type: "create-issue", taskId: "DATA2" })]);
  });
});

describe("reconcilePlan: updating", () => {
  test("an unchanged task costs no writes, even after people edited its issue", () => {
    const plan = makePlan(["DATA1", "DATA2"]);
    const issues = synced(plan).map((i) => ({ ...i, title: "Renamed by a person", labels: ["bug"] }));
    const laterPush = { ...ctx, sha: "beef".repeat(10) };
    const moved = makePlan([makeTask("DATA1", { line: 80 }), makeTask("DATA2", { line: 81 })]);
    expect(reconcile(moved, issues, { ctx: laterPush, previousPlan: plan }).actions).toEqual([]);
  });

  test("a changed task updates only the fields that differ, and the link points at the new commit", () => {
    const before = makePlan(["DATA1"]);
    const issues = synced(before);
    const after = makePlan([makeTask("DATA1", { acceptanceCriteria: ["DATA1 works", "and is fast"] })]);
    const laterPush = { ...ctx, sha: "beef".repeat(10) };
    const { actions } = reconcile(after, issues, { ctx: laterPush, previousPlan: before });
    expect(actions).toHaveLength(1);
    const [update] = actions;
    expect(update).toMatchObject({ type: "update-issue", issueNumber: 1, taskId: "DATA1" });
    expect(update).not.toHaveProperty("title");
    expect(update).not.toHaveProperty("labels");
    expect(update).toHaveProperty("body", expect.stringContaining("- [ ] and is fast"));
    expect(update).toHaveProperty("body", expect.stringContaining(`/blob/${laterPush.sha}/docs/plan.md#L10`));
  });

  test("a changed description updates the title too", () => {
    const before = makePlan(["DATA1"]);
    const after = makePlan([makeTask("DATA1", { description: "Something else" })]);
    const [update] = reconcile(after, synced(before), { previousPlan: before }).actions;
    expect(update).toMatchObject({ type: "update-issue", title: "DATA1: Something else" });
  });

  test("a label update keeps labels people added and drops managed labels the task no longer has", () => {
    const before = makePlan([makeTask("DATA1", { effort: "S" })]);
    const withEffort = parseConfig({ effortLabels: { S: "size: S", L: "size: L" } });
    if (!withEffort.ok) throw new Error("config");
    const issues = synced(before, withEffort.config).map((i) => ({ ...i, labels: [...i.labels, "bug"] }));
    expect(issues[0]!.labels).toEqual(["DATA", "plan-sync", "size: S", "bug"]);
    const after = makePlan([makeTask("DATA1", { effort: "L" })]);
    const [update] = reconcile(after, issues, { previousPlan: before, config: withEffort.config }).actions;
    expect(update).toMatchObject({ type: "update-issue", labels: ["DATA", "plan-sync", "bug", "size: L"] });
  });

  test("a re-render keeps the criteria people ticked on the issue", () => {
    const before = makePlan([makeTask("DATA1", { acceptanceCriteria: ["one", "two"] })]);
    const issues = synced(before).map((i) => ({ ...i, body: i.body.replace("- [ ] one", "- [x] one") }));
    const after = makePlan([makeTask("DATA1", { acceptanceCriteria: ["one", "two", "three"] })]);
    const [update] = reconcile(after, issues, { previousPlan: before }).actions;
    expect(update).toHaveProperty("body", expect.stringContaining("- [x] one\n- [ ] two\n- [ ] three"));
  });

  test("a hash mismatch whose re-render equals the issue writes nothing", () => {
    const plan = makePlan(["DATA1"]);
    const issues = synced(plan);
    const real = parseMarker(issues[0]!.body)!;
    const stale = issues.map((i) => ({ ...i, body: i.body.replace(real.hash, "ffffffffffffffff") }));
    const [update] = reconcile(plan, stale).actions;
    // Only the body (its marker) differs; title and labels are already right.
    expect(update).toEqual({
      type: "update-issue",
      path: "docs/plan.md",
      taskId: "DATA1",
      issueNumber: 1,
      body: issues[0]!.body,
    });
  });
});

describe("reconcilePlan: re-adoption", () => {
  function stripMarker(body: string): string {
    return body.replace(/<!-- plan-sync:v1 .*-->/, "");
  }

  test("an app issue whose marker was removed is taken back, not duplicated", () => {
    const plan = makePlan(["DATA1"]);
    const issues = synced(plan).map((i) => ({ ...i, body: stripMarker(i.body) }));
    const { actions, notes } = reconcile(plan, issues);
    expect(actions).toEqual([
      expect.objectContaining({ type: "update-issue", issueNumber: 1, body: synced(plan)[0]!.body }),
    ]);
    expect(notes).toEqual([]);
  });

  test("without the plan label or the `ID:` title prefix it is not taken", () => {
    const plan = makePlan(["DATA1"]);
    const [issue] = synced(plan);
    const noLabel = { ...issue!, body: stripMarker(issue!.body), labels: ["DATA"] };
    const otherTitle = { ...issue!, number: 2, body: stripMarker(issue!.body), title: "DATA10: other" };
    const { actions } = reconcile(plan, [noLabel, otherTitle]);
    expect(actions).toEqual([expect.objectContaining({ type: "create-issue", taskId: "DATA1" })]);
  });

  test("a task that has its issue leaves a markerless look-alike alone: no second issue is taken, nothing is noted", () => {
    const plan = makePlan(["DATA1"]);
    const [issue] = synced(plan);
    // A copy of the task's issue whose marker a person deleted, e.g. a duplicate made by hand.
    const lookAlike = { ...issue!, number: 2, body: stripMarker(issue!.body) };
    expect(reconcile(plan, [issue!, lookAlike])).toMatchObject({ actions: [], notes: [] });
    const another = { ...lookAlike, number: 3 };
    expect(reconcile(plan, [issue!, lookAlike, another])).toMatchObject({ actions: [], notes: [] });
  });

  test("two candidates: no guess, no create, and a note says why", () => {
    const plan = makePlan(["DATA1", "DATA2"]);
    const [one] = synced(makePlan(["DATA1"]));
    const a = { ...one!, body: stripMarker(one!.body) };
    const b = { ...a, number: 7 };
    const { actions, notes } = reconcile(plan, [a, b]);
    expect(actions).toEqual([expect.objectContaining({ type: "create-issue", taskId: "DATA2" })]);
    expect(notes).toEqual([
      "DATA1 in docs/plan.md: issues #1, #7 look like its issue but have lost their plan-sync marker; " +
        "not guessing which one, and not creating another. Close the extra ones, or restore the marker in the right one.",
    ]);
  });

  test("the same ID in another plan: no guess, no create, and a note says why", () => {
    const plan = makePlan(["DATA1"]);
    const [ours] = synced(plan);
    const [theirs] = synced(makePlan(["DATA1"], { path: "docs/other.md" }));
    const { actions, notes } = reconcile(plan, [
      { ...ours!, body: stripMarker(ours!.body) },
      { ...theirs!, number: 2 },
    ]);
    expect(actions).toEqual([]);
    expect(notes).toEqual([
      "DATA1 in docs/plan.md: issue #1 has lost its plan-sync marker and another plan also has a task DATA1; " +
        "not guessing which plan it belongs to, and not creating another. Restore the marker in the issue, or rename one of the IDs.",
    ]);
  });
});

describe("reconcilePlan: duplicates", () => {
  test("two managed issues for one task: the lowest number is kept, nothing is created, a note reports it", () => {
    const plan = makePlan(["DATA1"]);
    const [issue] = synced(plan);
    const issues = [
      { ...issue!, number: 9 },
      { ...issue!, number: 4 },
    ];
    const after = makePlan([makeTask("DATA1", { description: "changed" })]);
    const { actions, notes } = reconcile(after, issues, { previousPlan: plan });
    expect(actions).toEqual([expect.objectContaining({ type: "update-issue", issueNumber: 4 })]);
    expect(notes).toEqual([expect.stringMatching(/DATA1 .*#4, #9.*keeps #4/)]);
  });
});

describe("reconcilePlan: removing and bringing back", () => {
  test("a removed task's open issue is closed as not planned with a comment linking the commit", () => {
    const before = makePlan(["DATA1", "DATA2"]);
    const issues = synced(before);
    const { actions } = reconcile(makePlan(["DATA1"]), issues, { previousPlan: before });
    expect(actions).toEqual([
      {
        type: "close-issue",
        path: "docs/plan.md",
        taskId: "DATA2",
        issueNumber: 2,
        reason: "not_planned",
        comment: expect.stringContaining(`(https://github.com/acme/widgets/commit/${ctx.sha})`),
      },
    ]);
  });

  test("a removed task whose issue is already closed is left alone", () => {
    const before = makePlan(["DATA1", "DATA2"]);
    const issues = synced(before).map((i) =>
      i.number === 2 ? { ...i, state: "closed" as const, stateReason: "completed" as const } : i,
    );
    expect(reconcile(makePlan(["DATA1"]), issues, { previousPlan: before }).actions).toEqual([]);
  });

  test("a task that comes back while its issue is closed as not planned is reopened with a comment", () => {
    const full = makePlan(["DATA1", "DATA2"]);
    const without = makePlan(["DATA1"]);
    const closed = applyToIssues(synced(full), reconcile(without, synced(full), { previousPlan: full }).actions, BOT);
    expect(byNumber(closed, 2)).toMatchObject({ state: "closed", stateReason: "not_planned" });
    const { actions } = reconcile(full, closed, { previousPlan: without });
    expect(actions).toEqual([
      expect.objectContaining({
        type: "reopen-issue",
        issueNumber: 2,
        comment: expect.stringContaining("DATA2 is back"),
      }),
    ]);
  });

  test("an issue a person closed as not planned while the task stays in the plan is not reopened", () => {
    const plan = makePlan(["DATA1"]);
    const issues = synced(plan).map((i) => ({ ...i, state: "closed" as const, stateReason: "not_planned" as const }));
    expect(reconcile(plan, issues, { previousPlan: plan }).actions).toEqual([]);
  });
});

describe("reconcilePlan: checkboxes", () => {
  const open = makePlan([makeTask("DATA1", { done: false })]);
  const ticked = makePlan([makeTask("DATA1", { done: true })]);

  test("ticked in this push → the open issue closes as completed", () => {
    const { actions } = reconcile(ticked, synced(open), { previousPlan: open });
    expect(actions).toEqual([
      {
        type: "close-issue",
        path: "docs/plan.md",
        taskId: "DATA1",
        issueNumber: 1,
        reason: "completed",
        // The state is recorded in the marker by the close's own request.
        body: withDone(synced(open)[0]!.body, true),
      },
    ]);
  });

  test("ticked in this push while a person had closed its issue as not planned → closed again as completed", () => {
    const issues = synced(open).map((i) => ({ ...i, state: "closed" as const, stateReason: "not_planned" as const }));
    const { actions, notes } = reconcile(ticked, issues, { previousPlan: open });
    expect(actions).toEqual([
      {
        type: "close-issue",
        path: "docs/plan.md",
        taskId: "DATA1",
        issueNumber: 1,
        reason: "completed",
        body: withDone(synced(open)[0]!.body, true),
      },
    ]);
    expect(notes).toEqual([]);
    // Done on both sides now: the next push writes nothing.
    const after = applyToIssues(issues, actions, BOT);
    expect(byNumber(after, 1)).toMatchObject({ state: "closed", stateReason: "completed" });
    expect(reconcile(ticked, after, { previousPlan: ticked }).actions).toEqual([]);
  });

  test("unticked in this push → the closed issue reopens", () => {
    const issues = synced(ticked);
    expect(issues[0]!.state).toBe("closed");
    const { actions } = reconcile(open, issues, { previousPlan: ticked });
    expect(actions).toEqual([expect.objectContaining({ type: "reopen-issue", issueNumber: 1 })]);
  });

  test("without a previous plan every ticked task counts as just ticked", () => {
    const { actions } = reconcile(ticked, synced(open), { previousPlan: null });
    expect(actions).toEqual([expect.objectContaining({ type: "close-issue", reason: "completed" })]);
  });

  test("a stale plan never reverts a newer issue state: closed on GitHub, still unticked, unchanged → no reopen", () => {
    const issues = synced(open).map((i) => ({ ...i, state: "closed" as const, stateReason: "completed" as const }));
    expect(reconcile(open, issues, { previousPlan: open }).actions).toEqual([]);
  });

  test("reopened on GitHub while the plan stays ticked → no close", () => {
    const issues = synced(ticked).map((i) => ({ ...i, state: "open" as const, stateReason: "reopened" as const }));
    expect(reconcile(ticked, issues, { previousPlan: ticked }).actions).toEqual([]);
  });
});

describe("reconcilePlan: rename", () => {
  test("issues marked with the old path are re-pointed by rewriting only their marker", () => {
    const old = makePlan(["DATA1", "DATA2"], { path: "docs/old.md" });
    const issues = synced(old).map((i) => (i.number === 1 ? { ...i, body: `A person's note.\n\n${i.body}` } : i));
    const renamed = { ...old, path: "plans/new.md" };
    const { actions } = reconcile(renamed, issues, { previousPlan: old, renamedFrom: "docs/old.md" });
    expect(actions.map((a) => a.type)).toEqual(["update-issue", "update-issue"]);
    const first = actions[0] as { body: string; title?: string };
    expect(first.title).toBeUndefined();
    expect(first.body.startsWith("A person's note.\n\n")).toBe(true);
    expect(parseMarker(first.body)).toEqual({ ...parseMarker(issues[0]!.body)!, path: "plans/new.md" });
    // Still the old link: a hash-neutral change is not a re-render.
    expect(first.body).toContain("docs/old.md#L10");
  });

  test("a renamed plan's re-pointed marker keeps the dependencies it recorded and names the plan's repository for a routed issue", () => {
    const old = makePlan(["DATA1"], { path: "docs/old.md" });
    // The issue lives in another repository (its area is routed there) and has one dependency linked.
    const routed = { ...ctx, markerRepo: "acme/plans" };
    const [issue] = synced(old).map((i) => ({ ...i, body: withDeps(i.body, ["DATA0"]) }));
    const renamed = { ...old, path: "plans/new.md" };
    const { actions } = reconcile(renamed, [issue!], { previousPlan: old, renamedFrom: "docs/old.md", ctx: routed });
    expect(actions).toHaveLength(1);
    expect(parseMarker((actions[0] as { body: string }).body)).toEqual({
      ...parseMarker(issue!.body)!,
      path: "plans/new.md",
      repo: "acme/plans",
      deps: ["DATA0"],
    });
  });

  test("without renamedFrom the old plan's issues are not touched", () => {
    const old = makePlan(["DATA1"], { path: "docs/old.md" });
    const { actions } = reconcile({ ...old, path: "plans/new.md" }, synced(old), { previousPlan: null });
    expect(actions).toEqual([expect.objectContaining({ type: "create-issue" })]);
  });
});

describe("reconcilePlan: mass-close guard", () => {
  const ids = Array.from({ length: 10 }, (_, i) => `DATA${i + 1}`);
  const full = makePlan(ids);

  test("removing most tasks at once closes nothing, explains, and still creates", () => {
    const after = makePlan(["DATA1", "DATA2", "DATA3", "GAIN1"]);
    const result = reconcile(after, synced(full), { previousPlan: full });
    expect(result.actions).toEqual([expect.objectContaining({ type: "create-issue", taskId: "GAIN1" })]);
    expect(result.blocked?.issueNumbers).toEqual([4, 5, 6, 7, 8, 9, 10]);
    expect(result.blocked?.reason).toContain("7 of 10");
    expect(result.blocked?.reason).toContain("plan-sync: confirm-close");
    expect(result.blocked?.reason).toContain("massClose.maxFraction");
  });

  test("confirmClose lets the same closes through", () => {
    const after = makePlan(["DATA1", "DATA2", "DATA3"]);
    const result = reconcile(after, synced(full), { previousPlan: full, confirmClose: true });
    expect(result.blocked).toBeNull();
    expect(result.actions.filter((a) => a.type === "close-issue")).toHaveLength(7);
  });

  test("a few closes, or at most minCount, pass without confirmation", () => {
    const five = reconcile(makePlan(["DATA1", "DATA2", "DATA3", "DATA4", "DATA5"]), synced(full), {
      previousPlan: full,
    });
    expect(five.blocked).toBeNull();
    expect(five.actions).toHaveLength(5);
    const small = makePlan(["DATA1", "DATA2"]);
    expect(reconcile(makePlan([]), synced(small), { previousPlan: small }).blocked).toBeNull();
  });

  // The guard blocks only when BOTH thresholds are exceeded; each boundary gets a plan where the other is clearly passed.
  test("exactly minCount closes pass, even when they are most of the open issues (5 of 6)", () => {
    const six = makePlan(ids.slice(0, 6));
    const result = reconcile(makePlan(["DATA1"]), synced(six), { previousPlan: six });
    expect(result.blocked).toBeNull();
    expect(result.actions.filter((a) => a.type === "close-issue").map((a) => a.issueNumber)).toEqual([2, 3, 4, 5, 6]);
  });

  test("exactly maxFraction of the open issues passes, even above minCount (6 of 12)", () => {
    const twelve = makePlan(Array.from({ length: 12 }, (_, i) => `DATA${i + 1}`));
    const result = reconcile(makePlan(ids.slice(0, 6)), synced(twelve), { previousPlan: twelve });
    expect(result.blocked).toBeNull();
    expect(result.actions.filter((a) => a.type === "close-issue")).toHaveLength(6);
  });

  test("one close past both thresholds is held back (6 of 6, 7 of 12)", () => {
    const six = makePlan(ids.slice(0, 6));
    expect(reconcile(makePlan([]), synced(six), { previousPlan: six }).blocked?.issueNumbers).toHaveLength(6);
    const twelve = makePlan(Array.from({ length: 12 }, (_, i) => `DATA${i + 1}`));
    const result = reconcile(makePlan(ids.slice(0, 5)), synced(twelve), { previousPlan: twelve });
    expect(result.blocked?.reason).toContain("7 of 12");
  });

  test("a higher limit in the config lets them through", () => {
    const lenient = parseConfig({ massClose: { maxFraction: 0.8 } });
    if (!lenient.ok) throw new Error("config");
    const after = makePlan(["DATA1", "DATA2", "DATA3"]);
    const result = reconcile(after, synced(full), { previousPlan: full, config: lenient.config });
    expect(result.blocked).toBeNull();
  });
});

describe("reconcilePlan: labels and order", () => {
  test("missing labels are created first, once each; existing ones compare case-insensitively", () => {
    const plan = makePlan(["DATA1", "DATA2", "OPS1"]);
    const { actions } = reconcile(plan, [], {
      previousPlan: null,
      existingLabels: [{ name: "data", color: "000000" }],
    });
    expect(
      actions.map((a) =>
        a.type === "create-label" ? `label ${a.name}` : `${a.type} ${"taskId" in a ? a.taskId : ""}`,
      ),
    ).toEqual(["label plan-sync", "label OPS", "create-issue DATA1", "create-issue DATA2", "create-issue OPS1"]);
  });

  test("actions follow the plan's task order and removed-task closes come last", () => {
    const before = makePlan(["DATA1", "DATA2", "DATA3"]);
    const after = makePlan([
      makeTask("DATA3", { done: true }),
      makeTask("GAIN1"),
      makeTask("DATA1", { description: "x" }),
    ]);
    const { actions } = reconcile(after, synced(before), { previousPlan: before });
    expect(actions.map((a) => `${a.type} ${"taskId" in a ? a.taskId : ""}`)).toEqual([
      "close-issue DATA3",
      "create-issue GAIN1",
      "update-issue DATA1",
      "close-issue DATA2",
    ]);
  });
});
