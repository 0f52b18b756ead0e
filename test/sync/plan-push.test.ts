import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../src/config/config-schema.js";
import type { IssueRecord } from "../../src/github/gateway.js";
import type { Diagnostic, Plan } from "../../src/plan/types.js";
import {
  labelsToCreate,
  needsPreviousPlan,
  newWarnings,
  planPush,
  wantedLabels,
  worthReporting,
} from "../../src/sync/plan-push.js";
import { parseMarker, replaceMarker } from "../../src/render/marker.js";
import { makeError, makePlan, makeTask } from "../support/plan-factory.js";
import { BOT, ctx, synced } from "./support.js";
import type { PushedPlan } from "../../src/sync/pushed-plan.js";
import type { PlanOutcome } from "../../src/sync/plan-outcome.js";
import type { SyncAction } from "../../src/sync/types.js";

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

describe("newWarnings: only warnings count, and a line reference is replaced, not dropped", () => {
  it("an error at `before` does not make the same text as a warning old; an error at `after` is never a new warning", () => {
    const error: Diagnostic = { ...warning(3, "Row DATA9 is still template text"), severity: "error" };
    const now = warning(3, "Row DATA9 is still template text");
    expect(newWarnings([now], [error])).toEqual([now]);
    expect(newWarnings([error], [])).toEqual([]);
    expect(newWarnings([error, now], [])).toEqual([now]);
  });

  it("`see line 12` and `see ` are different warnings", () => {
    expect(newWarnings([warning(4, "see line 12", "x")], [warning(3, "see ", "x")])).toHaveLength(1);
  });
});

describe("worthReporting: what makes a push worth a check run", () => {
  const quiet = outcome([]);
  const action: SyncAction = { type: "close-issue", path: PATH, taskId: "A1", issueNumber: 1, reason: "completed" };
  it("an action, a held-back close or a note each is worth it; a quiet plan is not", () => {
    expect(worthReporting([quiet], [pushed([])])).toBe(false);
    expect(worthReporting([{ ...quiet, actions: [action] }], [pushed([])])).toBe(true);
    expect(worthReporting([{ ...quiet, blocked: "8 of 10 open issues would close" }], [pushed([])])).toBe(true);
    expect(worthReporting([{ ...quiet, notes: ["#3 is a duplicate"] }], [pushed([])])).toBe(true);
  });

  it("one plan with something to say is enough, whatever the others", () => {
    const other = { ...quiet, path: "docs/other.md" };
    expect(worthReporting([other, { ...quiet, notes: ["#3 is a duplicate"] }], [pushed([])])).toBe(true);
    expect(worthReporting([{ ...quiet, actions: [action] }, other], [pushed([])])).toBe(true);
  });

  it("without the pushed plans every warning is new", () => {
    expect(worthReporting([outcome([warning(12, "Row GAIN3 is still template text")])])).toBe(true);
    expect(worthReporting([quiet])).toBe(false);
  });
});

describe("planPush: the plan at `before` and the commit time decide between a box and its issue", () => {
  // DATA1 was unticked at the last sync; the push ticks it; its issue, closed then, was reopened at 10:00.
  const scenario = (previous: "good" | "with errors" | "none", committedAt?: number) => {
    const plan = makePlan([makeTask("DATA1", { done: true }), "DATA2"]);
    const previousPlan =
      previous === "none"
        ? null
        : makePlan(["DATA1", "DATA2"], { diagnostics: previous === "good" ? [] : [makeError()] });
    const [data1, data2] = synced(makePlan(["DATA1", "DATA2"]));
    const { done: _done, ...marker } = parseMarker(data1!.body)!;
    const reopened: IssueRecord = {
      ...data1!,
      body: replaceMarker(data1!.body, { ...marker, done: true }),
      updatedAt: "2026-05-01T10:00:00Z",
    };
    return planPush({
      plans: [{ path: plan.path, change: "modified", previousPath: null, plan, previousPlan }],
      issues: [reopened, data2!],
      identity: BOT,
      config: DEFAULT_CONFIG,
      ctx,
      confirmClose: false,
      ...(committedAt === undefined ? {} : { committedAt }),
    })[0]!;
  };
  const bothChanged = (winner: string) =>
    expect.stringContaining(
      `DATA1 changed both in \`docs/plan.md\` and on issue #1 since the last sync; the ${winner}`,
    );

  it("both changed: the more recent change wins — the issue's when the commit is older, the plan's when it is newer", () => {
    const older = scenario("good", Date.parse("2026-05-01T09:00:00Z"));
    expect(older.notes).toEqual([bothChanged("issue's change is the more recent, so the plan follows it (not done)")]);
    expect(older.actions).toEqual([]);
    const newer = scenario("good", Date.parse("2026-05-01T11:00:00Z"));
    expect(newer.actions).toMatchObject([{ type: "close-issue", issueNumber: 1, reason: "completed" }]);
  });

  it("a plan at `before` with errors says nothing about what changed: the push reconciles as without it", () => {
    const at = Date.parse("2026-05-01T09:00:00Z");
    const withErrors = scenario("with errors", at);
    expect(withErrors).toEqual(scenario("none", at));
    expect(withErrors).not.toEqual(scenario("good", at));
  });

  it("a plan with errors is skipped without a note: its annotated errors say why", () => {
    const plan = makePlan(["DATA1"], { diagnostics: [makeError()] });
    const [result] = planPush({
      plans: [{ path: plan.path, change: "modified", previousPath: null, plan, previousPlan: null }],
      issues: [],
      identity: BOT,
      config: DEFAULT_CONFIG,
      ctx,
      confirmClose: false,
    });
    expect(result).toMatchObject({ actions: [], notes: [], blocked: null, diagnostics: plan.diagnostics });
  });
});

describe("needsPreviousPlan: each thing a sync does or says asks for the plan at `before`", () => {
  const plan = makePlan(["DATA1", "DATA2"]);
  const unread: PushedPlan = { path: plan.path, change: "modified", previousPath: null, plan, previousPlan: null };
  // DATA2 has no issue yet: a task without an issue agrees with nothing and asks for nothing.
  const issues = synced(makePlan(["DATA1"]));
  const quiet: PlanOutcome = { path: plan.path, diagnostics: [], actions: [], blocked: null, notes: [] };

  it("a quiet plan whose tasks agree with their issues (or have none yet) does not", () => {
    expect(needsPreviousPlan(unread, quiet, issues, BOT)).toBe(false);
  });

  it("a deleted plan, ticks to heal, a note or a held-back close each does", () => {
    expect(needsPreviousPlan({ ...unread, plan: null }, quiet, issues, BOT)).toBe(true);
    const heal = [{ taskId: "DATA1", issueNumber: 1, done: true, recordedBody: "", conflict: false }];
    expect(needsPreviousPlan(unread, { ...quiet, heal }, issues, BOT)).toBe(true);
    expect(needsPreviousPlan(unread, { ...quiet, notes: ["#3 is a duplicate"] }, issues, BOT)).toBe(true);
    expect(needsPreviousPlan(unread, { ...quiet, blocked: "8 of 10 open issues would close" }, issues, BOT)).toBe(true);
  });

  it("an error alone does not (only a warning may be old or new)", () => {
    const withError = { ...plan, diagnostics: [makeError()] };
    expect(needsPreviousPlan({ ...unread, plan: withError }, quiet, issues, BOT)).toBe(false);
  });
});

describe("labels a push needs", () => {
  const create = (labels: string[]): SyncAction => ({
    type: "create-issue",
    path: PATH,
    taskId: "A1",
    title: "A1",
    body: "",
    labels,
  });
  const update = (labels?: string[]): SyncAction => ({
    type: "update-issue",
    path: PATH,
    taskId: "A1",
    issueNumber: 1,
    ...(labels ? { labels } : {}),
  });
  const of = (...actions: SyncAction[]): PlanOutcome[] => [{ ...outcome([]), actions }];

  it("are the labels of new issues and of issues whose labels change, nothing else", () => {
    expect(wantedLabels(of(create(["plan-sync", "area:A"]), update(["effort:2h"]), update()))).toEqual([
      "plan-sync",
      "area:A",
      "effort:2h",
    ]);
    expect(wantedLabels(of(create([])))).toEqual([]);
  });

  it("those the repository lacks are created, once", () => {
    const actions = labelsToCreate(
      of(create(["plan-sync", "area:A"]), update(["area:a"])),
      [{ name: "Plan-Sync", color: "ededed" }],
      DEFAULT_CONFIG,
    );
    expect(actions.map((a) => a.type === "create-label" && a.name)).toEqual(["area:A"]);
  });
});
