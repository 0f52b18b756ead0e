import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../src/config/config-schema.js";
import { parsePlan } from "../../src/plan/parse-plan.js";
import type { Plan } from "../../src/plan/types.js";
import { planMemory, unchangedOutcome } from "../../src/sync/plan-memory.js";
import type { PlanOutcome } from "../../src/sync/plan-outcome.js";
import type { PushedPlan } from "../../src/sync/pushed-plan.js";
import { ReconciledMemory } from "../../src/sync/reconciled-memory.js";
import { BOT } from "./support.js";

/**
 * The App's memory of reconciled plans: a plan reconciled cleanly is skipped by the next sync that does not touch it
 * (its issues are not even listed), as long as its tasks are what they were. Each test remembers through one sync's
 * `remember` and asks the next sync's `skipped`, as sync-plans does.
 */

const PATH = "docs/plans/search.md";
const text = (...rows: string[]) =>
  ["# Plan", "", "| Task ID | Description | Acceptance Criteria | Effort |", "|---|---|---|---|", ...rows, ""].join(
    "\n",
  );
const ROWS = ["| DATA1 | Embeddings table | Table exists | 3 |", "| DATA2 | Nightly ETL | Runs nightly | 5 |"];
const parsed = (path = PATH, rows = ROWS) => parsePlan(text(...rows), path);
/** DATA1 ticked: what a person's tick (or the App's own write-back) changes. */
const ticked = (path = PATH) => parsed(path, ["| [x] DATA1 | Embeddings table | Table exists | 3 |", ROWS[1]!]);
/** The same tasks, plus an error: a row missing its ID. */
const withError = (path = PATH): Plan => {
  const plan = parsed(path, [...ROWS, "|  | Orphan row | - | 1 |"]);
  expect(plan.diagnostics.some((d) => d.severity === "error")).toBe(true);
  // The tasks are the clean plan's: only the error tells them apart.
  expect(plan.tasks.map((t) => t.id)).toEqual(["DATA1", "DATA2"]);
  return plan;
};

const HOME = { owner: "acme", repo: "widgets" };
const deps = (repo = HOME) => ({ config: DEFAULT_CONFIG, identity: BOT, serverUrl: "https://github.com", repo });

/** A plan the push did not change (synced because the config changed, say): the only kind the memory may skip. */
const untouched = (
  plan: Plan | null,
  previousPlan: Plan | null = plan,
  more: Partial<PushedPlan> = {},
): PushedPlan => ({
  path: plan?.path ?? previousPlan?.path ?? PATH,
  change: "modified",
  previousPath: null,
  plan,
  previousPlan,
  untouched: true,
  ...more,
});
const clean = (p: PushedPlan): PlanOutcome => ({
  path: p.path,
  diagnostics: [],
  actions: [],
  blocked: null,
  notes: [],
});

/** Remembers `plans` as one sync reconciled them with `outcomes` (clean by default). */
function remembered(memory: ReconciledMemory, plans: PushedPlan[], outcomes = plans.map(clean), repo = HOME) {
  planMemory(deps(repo), memory, plans).remember(plans, outcomes);
  return memory;
}
const skipped = (memory: ReconciledMemory, plans: PushedPlan[], repo = HOME) =>
  plans.map((p) => planMemory(deps(repo), memory, [p]).skipped.has(p));

describe("planMemory: which plans the next sync skips", () => {
  it("a plan reconciled cleanly is skipped when a later push leaves it as it was; one never reconciled is not", () => {
    const memory = remembered(new ReconciledMemory(), [untouched(parsed())]);
    expect(skipped(memory, [untouched(parsed()), untouched(parsed("docs/plans/other.md"))])).toEqual([true, false]);
  });

  it("is remembered per repository and per path: the same plan in another repository, or at another path, is not skipped", () => {
    const memory = remembered(new ReconciledMemory(), [untouched(parsed())]);
    expect(skipped(memory, [untouched(parsed())], { owner: "acme", repo: "gadgets" })).toEqual([false]);
    expect(skipped(memory, [untouched(parsed("docs/plans/copy.md"))])).toEqual([false]);
  });

  it("is not skipped when its tasks differ from what was reconciled, or differ between before and after (an untick the App committed, ticked again)", () => {
    const memory = remembered(new ReconciledMemory(), [untouched(ticked())]);
    expect(skipped(memory, [untouched(parsed())])).toEqual([false]);
    // After is as remembered, but before is not: the App's own write-back unticked it in between.
    expect(skipped(memory, [untouched(ticked(), parsed())])).toEqual([false]);
    expect(skipped(memory, [untouched(ticked())])).toEqual([true]);
  });

  it("a plan the push changed, added or renamed, or one with an error on either side, is reconciled even when its tasks are as remembered", () => {
    const memory = remembered(new ReconciledMemory(), [untouched(parsed())]);
    expect(
      skipped(memory, [
        { ...untouched(parsed()), untouched: false },
        { ...untouched(parsed()), untouched: undefined },
        untouched(parsed(), parsed(), { change: "added" }),
        untouched(parsed(), parsed(), { change: "renamed", previousPath: "docs/plans/old.md" }),
        untouched(parsed(), null),
        untouched(withError(), parsed()),
        untouched(parsed(), withError()),
      ]),
    ).toEqual([false, false, false, false, false, false, false]);
  });

  it("forget drops a plan from the memory, at its path and at the path it was renamed from, and nothing else", () => {
    const memory = remembered(new ReconciledMemory(), [
      untouched(parsed()),
      untouched(parsed("docs/plans/old.md")),
      untouched(parsed("docs/plans/kept.md")),
    ]);
    const renamed = untouched(parsed(), parsed("docs/plans/old.md"), {
      change: "renamed",
      previousPath: "docs/plans/old.md",
    });
    planMemory(deps(), memory, []).forget([renamed]);
    expect(
      skipped(memory, [
        untouched(parsed()),
        untouched(parsed("docs/plans/old.md")),
        untouched(parsed("docs/plans/kept.md")),
      ]),
    ).toEqual([false, false, true]);
  });

  it("remembers only a plan whose reconciliation left nothing pending: no errors, nothing held back, no notes, an outcome", () => {
    const paths = ["docs/plans/a.md", "docs/plans/b.md", "docs/plans/c.md", "docs/plans/d.md", "docs/plans/e.md"];
    const plans = [
      untouched(parsed(paths[0])),
      untouched(parsed(paths[1])),
      untouched(parsed(paths[2])),
      untouched(parsed(paths[3])),
      untouched(withError(paths[4])),
    ];
    const outcomes: PlanOutcome[] = [
      clean(plans[0]!),
      { ...clean(plans[1]!), blocked: "Closing 6 of 8 open issues was held back" },
      { ...clean(plans[2]!), notes: ["DATA2's issue is another author's"] },
      // plans[3] has no outcome.
      undefined as unknown as PlanOutcome,
      clean(plans[4]!),
    ];
    const memory = remembered(new ReconciledMemory(), plans, outcomes);
    // e.md (with its error) as it would read clean: still not remembered.
    expect(skipped(memory, [...plans.slice(0, 4), untouched(parsed(paths[4]))])).toEqual([
      true,
      false,
      false,
      false,
      false,
    ]);
    // A deleted plan (no plan at `after`) is not remembered either, and does not stop the others.
    const deleted = untouched(null, parsed("docs/plans/gone.md"), { change: "deleted" });
    const after = remembered(new ReconciledMemory(), [deleted, untouched(parsed())]);
    expect(after.size).toBe(1);
  });
});

describe("unchangedOutcome: the outcome of a skipped plan", () => {
  it("wants nothing of the issues and carries the plan's warnings to the check run", () => {
    const plan = parsed();
    plan.diagnostics.push({
      path: PATH,
      line: 5,
      column: 3,
      severity: "warning",
      code: "some-warning",
      message: "mind this",
    });
    expect(unchangedOutcome(untouched(plan))).toEqual({
      path: PATH,
      diagnostics: [
        { path: PATH, line: 5, column: 3, severity: "warning", code: "some-warning", message: "mind this" },
      ],
      actions: [],
      blocked: null,
      notes: [],
    });
    expect(unchangedOutcome(untouched(null, parsed(), { change: "deleted" }))).toEqual({
      path: PATH,
      diagnostics: [],
      actions: [],
      blocked: null,
      notes: [],
    });
  });
});
