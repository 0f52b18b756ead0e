import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../src/config/config-schema.js";
import type { IssueRecord } from "../../src/github/gateway.js";
import type { Diagnostic, Plan } from "../../src/plan/types.js";
import { needsPreviousPlan, newWarnings, planPush, worthReporting } from "../../src/sync/plan-push.js";
import { parseMarker, replaceMarker } from "../../src/render/marker.js";
import { makePlan, makeTask } from "../support/plan-factory.js";
import { BOT, ctx, synced } from "./support.js";
import type { PushedPlan } from "../../src/sync/pushed-plan.js";
import type { PlanOutcome } from "../../src/sync/plan-outcome.js";

const PATH = "docs/plans/search.md";
const warning = (line: number, message: string, code = "placeholder-row"): Diagnostic => ({
  path: PATH,
  line,
  column: 1,
  severity: "warning",
  code,
  message,
});
const outcome = (diagnostics: Diagnostic[]): PlanOutcome => ({
  path: PATH,
  diagnostics,
  actions: [],
  blocked: null,
  notes: [],
});
const pushed = (before: Diagnostic[] | null): PushedPlan => ({
  path: PATH,
  change: before ? "modified" : "added",
  previousPath: null,
  plan: null,
  previousPlan: before
    ? { path: PATH, featureName: null, date: null, tasks: [], checklists: [], diagnostics: before }
    : null,
});

describe("newWarnings", () => {
  it("a warning that only moved to another line is not new; a second one with the same text is", () => {
    const before = [warning(12, 'Row GAIN3 is still template text ("[Task description]")')];
    expect(newWarnings([warning(15, 'Row GAIN3 is still template text ("[Task description]")')], before)).toEqual([]);
    const twice = [
      warning(15, 'Row GAIN3 is still template text ("[Task description]")'),
      warning(16, 'Row GAIN3 is still template text ("[Task description]")'),
    ];
    expect(newWarnings(twice, before)).toEqual([twice[1]]);
  });

  it("compares by code and message; line numbers inside the message do not count", () => {
    const before = [warning(3, "first at line 10", "x")];
    expect(newWarnings([warning(4, "first at line 11", "x")], before)).toEqual([]);
    expect(newWarnings([warning(4, "first at line 11", "y")], before)).toHaveLength(1);
  });
});

describe("worthReporting", () => {
  const old = warning(12, "Row GAIN3 is still template text");
  it("old warnings alone are not worth a check run; new ones and errors are", () => {
    expect(worthReporting([outcome([old])], [pushed([old])])).toBe(false);
    expect(worthReporting([outcome([old])], [pushed(null)])).toBe(true);
    expect(worthReporting([outcome([old, warning(13, "Row GAIN4 is still template text")])], [pushed([old])])).toBe(
      true,
    );
    expect(worthReporting([outcome([{ ...old, severity: "error" }])], [pushed([{ ...old, severity: "error" }])])).toBe(
      true,
    );
  });
});

describe("needsPreviousPlan", () => {
  type IssueState = "open" | "completed" | "not_planned";
  const withState = (issue: IssueRecord, state: IssueState, recorded: boolean | undefined): IssueRecord => {
    const { done: _done, ...marker } = parseMarker(issue.body)!;
    return {
      ...issue,
      body: replaceMarker(issue.body, recorded === undefined ? marker : { ...marker, done: recorded }),
      state: state === "open" ? "open" : "closed",
      stateReason: state === "open" ? null : state,
      closedAt: state === "open" ? null : "2026-05-01T10:00:00Z",
      updatedAt: "2026-05-01T10:00:00Z",
    };
  };
  const outcomeOf = (plan: Plan, previousPlan: Plan | null, issues: IssueRecord[]) =>
    planPush({
      plans: [{ path: plan.path, change: "modified", previousPath: null, plan, previousPlan }],
      issues,
      identity: BOT,
      config: DEFAULT_CONFIG,
      ctx,
      confirmClose: false,
      committedAt: Date.parse("2026-05-01T09:00:00Z"),
    })[0]!;

  it("wherever it says the plan at `before` is not needed, reconciling with it changes nothing (every box × earlier box × issue × recorded state of a task)", () => {
    let spared = 0;
    let needed = 0;
    for (const done of [false, true])
      for (const before of ["absent", "unticked", "ticked", "no plan"] as const)
        for (const state of ["open", "completed", "not_planned"] as const)
          for (const recorded of [undefined, false, true]) {
            const plan = makePlan([makeTask("DATA1", { done }), "DATA2"]);
            const previousPlan =
              before === "no plan"
                ? null
                : makePlan(
                    before === "absent" ? ["DATA2"] : [makeTask("DATA1", { done: before === "ticked" }), "DATA2"],
                  );
            const [data1, data2] = synced(makePlan(["DATA1", "DATA2"]));
            const issues = [withState(data1!, state, recorded), data2!];
            const unread = {
              path: plan.path,
              change: "modified" as const,
              previousPath: null,
              plan,
              previousPlan: null,
            };
            const withoutIt = outcomeOf(plan, null, issues);
            if (needsPreviousPlan({ ...unread, previousRef: "b" }, withoutIt, issues, BOT)) {
              needed++;
              continue;
            }
            spared++;
            const label = JSON.stringify({ done, before, state, recorded });
            expect(outcomeOf(plan, previousPlan, issues), label).toEqual(withoutIt);
          }
    // Both sides of the rule are exercised: the tasks agreeing with their issues spare the read.
    expect(spared).toBeGreaterThan(0);
    expect(needed).toBeGreaterThan(0);
  });

  it("a plan with a warning needs it (an old warning is not reported again), and so does a plan with something to do", () => {
    const plan = makePlan(["DATA1"], { diagnostics: [warning(3, "Row DATA9 is still template text")] });
    const unread: PushedPlan = { path: plan.path, change: "modified", previousPath: null, plan, previousPlan: null };
    const issues = synced(makePlan(["DATA1"]));
    expect(needsPreviousPlan(unread, outcomeOf(plan, null, issues), issues, BOT)).toBe(true);
    const quiet = makePlan(["DATA1"]);
    expect(needsPreviousPlan({ ...unread, plan: quiet }, outcomeOf(quiet, null, issues), issues, BOT)).toBe(false);
    const more = makePlan(["DATA1", "DATA2"]);
    expect(needsPreviousPlan({ ...unread, plan: more }, outcomeOf(more, null, issues), issues, BOT)).toBe(true);
  });
});
