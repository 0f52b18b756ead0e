import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/parse-config.js";
import type { ApplyResult } from "../../src/sync/apply-actions.js";
import type { IssueRecord } from "../../src/sync/gateway.js";
import { homeRouting } from "../../src/sync/routing.js";
import {
  applyTracking,
  isTrackingIssue,
  pendingTracking,
  trackingEnabled,
  trackingNeeds,
  SUB_ISSUE_LIMIT,
  type TrackedPlan,
  type TrackingNeed,
} from "../../src/sync/tracking-issues.js";
import type { Task } from "../../src/plan/types.js";
import { renderMarker } from "../../src/render/marker.js";
import { renderTrackingMarker } from "../../src/render/tracking-issue.js";
import { createMemoryGateway, type MemoryGateway } from "../github/memory-gateway.js";
import { makeError, makePlan, makeTask } from "../support/plan-factory.js";
import { BOT, makeIssue } from "./support.js";

/** A plan's tracking issue: created, kept as rendered, closed with its last task, its task issues as sub-issues. */

const PATH = "docs/plan.md";
const parsed = parseConfig({});
if (!parsed.ok) throw new Error("default config");
const config = parsed.config;

const taskIssue = (number: number, task: string, overrides: Partial<IssueRecord> = {}) =>
  makeIssue(number, { id: 1000 + number, body: renderMarker({ path: PATH, task, hash: "0123abcd" }), ...overrides });

function gatewayWithSubIssues(refuseAfter = Infinity) {
  const gateway = createMemoryGateway(BOT);
  let linked = 0;
  gateway.addSubIssue = async (parent, child) => {
    if (linked >= refuseAfter) throw Object.assign(new Error("Validation Failed"), { status: 422 });
    linked += 1;
    gateway.writes.push(`sub-issue #${parent} ${child}`);
  };
  return gateway;
}

const needsFor = (tasks: Array<string | Task>, homeIssues: IssueRecord[]) =>
  trackingNeeds({
    plans: [{ path: PATH, previousPath: null, plan: makePlan(tasks, { path: PATH }) }],
    homeIssues,
    identity: BOT,
    config,
    planRepo: "acme/app",
    serverUrl: "https://github.com",
    branch: "main",
  });

const created = (ids: number[]): ApplyResult => ({
  done: ids.length,
  total: ids.length,
  counts: { "create-label": 0, "create-issue": ids.length, "update-issue": 0, "close-issue": 0, "reopen-issue": 0 },
  issues: ids.map((id, i) => ({
    type: "create-issue",
    path: PATH,
    taskId: `DATA${i + 1}`,
    number: id - 1000,
    url: "",
    id,
  })),
  labelsAlreadyPresent: [],
});

describe("tracking issues", () => {
  it("on unless the config turns them off", () => {
    expect(trackingEnabled(config)).toBe(true);
    expect(trackingEnabled({ tracking: false })).toBe(false);
  });

  it("a new tracking issue takes at most GitHub's 100 sub-issues, and says how many are left out", async () => {
    const tasks = Array.from({ length: SUB_ISSUE_LIMIT + 2 }, (_, i) => `DATA${i + 1}`);
    const issues = tasks.map((t, i) => taskIssue(i + 1, t));
    const gateway = gatewayWithSubIssues();
    const notes = await applyTracking({
      gateway,
      needs: needsFor(tasks, issues),
      routing: homeRouting({ owner: "acme", repo: "app" }),
      homeIssues: issues,
      applied: null,
      identity: BOT,
    });
    expect(gateway.writes.filter((w) => w.startsWith("sub-issue"))).toHaveLength(SUB_ISSUE_LIMIT);
    expect(notes).toEqual([
      `${PATH}: 2 task issues are not sub-issues of tracking issue #1: GitHub allows 100 sub-issues per issue, and one parent per issue.`,
    ]);
  });

  it("an existing tracking issue GitHub refuses more sub-issues for (422) gets a note; the sync goes on", async () => {
    const tracking = makeIssue(50, { id: 1050, title: "Feature (plan)", body: renderTrackingMarker(PATH) });
    const gateway = gatewayWithSubIssues(1);
    gateway.issues.set(50, tracking);
    const issues = [tracking];
    const notes = await applyTracking({
      gateway,
      needs: needsFor(["DATA1", "DATA2"], issues),
      routing: homeRouting({ owner: "acme", repo: "app" }),
      homeIssues: issues,
      applied: created([1001, 1002]),
      identity: BOT,
    });
    expect(gateway.writes.filter((w) => w.startsWith("sub-issue"))).toEqual(["sub-issue #50 1001"]);
    expect(notes).toEqual([
      `${PATH}: 1 task issue is not sub-issues of tracking issue #50: GitHub allows 100 sub-issues per issue, and one parent per issue.`,
    ]);
  });

  it("any other refusal of a sub-issue stops the sync", async () => {
    const gateway = createMemoryGateway(BOT);
    gateway.addSubIssue = async () => {
      throw Object.assign(new Error("Server Error"), { status: 500 });
    };
    const issues = [taskIssue(1, "DATA1")];
    await expect(
      applyTracking({
        gateway,
        needs: needsFor(["DATA1"], issues),
        routing: homeRouting({ owner: "acme", repo: "app" }),
        homeIssues: issues,
        applied: null,
        identity: BOT,
      }),
    ).rejects.toThrow("Server Error");
  });
});

describe("which issue is a plan's tracking issue", () => {
  it("the app's issue with a tracking marker, not a person's copy of it nor a task issue", () => {
    expect(isTrackingIssue({ author: BOT, body: renderTrackingMarker(PATH) }, BOT)).toBe(true);
    expect(isTrackingIssue({ author: "octocat", body: renderTrackingMarker(PATH) }, BOT)).toBe(false);
    expect(isTrackingIssue({ author: BOT, body: taskIssue(1, "DATA1").body }, BOT)).toBe(false);
  });

  it("the lowest-numbered of the app's tracking issues naming the plan (or, for a moved plan, its old path)", () => {
    const tracking = (number: number, path: string, author = BOT) =>
      makeIssue(number, { title: "Feature (plan)", body: renderTrackingMarker(path), author });
    const homeIssues = [
      tracking(7, "docs/old.md"),
      tracking(3, "docs/old.md"),
      tracking(5, "docs/old.md"),
      tracking(1, "docs/old.md", "octocat"),
      tracking(2, "docs/other.md"),
    ];
    const needs = trackingNeeds({
      plans: [{ path: PATH, previousPath: "docs/old.md", plan: makePlan(["DATA1"], { path: PATH }) }],
      homeIssues,
      identity: BOT,
      config,
      planRepo: "acme/app",
      serverUrl: "https://github.com",
      branch: "main",
    });
    expect(needs.map((n) => n.existing?.number)).toEqual([3]);
  });
});

describe("what a plan's tracking issue needs", () => {
  const needsOf = (plans: TrackedPlan[], homeIssues: IssueRecord[], more: { config?: typeof config } = {}) =>
    trackingNeeds({
      plans,
      homeIssues,
      identity: BOT,
      config: more.config ?? config,
      planRepo: "acme/app",
      serverUrl: "https://github.com",
      branch: "main",
    });
  const plan = (tasks: Array<string | Task>) => makePlan(tasks, { path: PATH });
  const asRendered = (tasks: Array<string | Task>, overrides: Partial<IssueRecord> = {}) => {
    const [need] = needsOf([{ path: PATH, previousPath: null, plan: plan(tasks) }], []);
    return makeIssue(50, { title: need!.rendered!.title, body: need!.rendered!.body, ...overrides });
  };

  it("a new plan's tracking issue links the plan on its branch and names each area's repository", () => {
    const routed = parseConfig({ areas: { DATA: { repo: "acme/data" } } });
    if (!routed.ok) throw new Error("config");
    const path = "docs/plans/my plan.md";
    const needs = trackingNeeds({
      plans: [{ path, previousPath: null, plan: makePlan(["DATA1", "API1"], { path }) }],
      homeIssues: [],
      identity: BOT,
      config: routed.config,
      planRepo: "acme/app",
      serverUrl: "https://github.com",
      branch: "feature/x",
    });
    expect(needs).toEqual([
      {
        plan: { path, previousPath: null, plan: expect.anything() },
        existing: null,
        rendered: {
          title: "Feature (plan)",
          body: [
            "Tracks [`docs/plans/my plan.md`](https://github.com/acme/app/blob/feature%2Fx/docs/plans/my%20plan.md): 0 of 2 tasks done. Its task issues are the sub-issues below.",
            "",
            "| Area | Repository | Done |",
            "|---|---|---:|",
            "| DATA | acme/data | 0 of 1 |",
            "| API | acme/app | 0 of 1 |",
            "",
            "<sub>Kept in sync by plan-sync from the plan: edits made here are replaced.</sub>",
            "",
            `${renderTrackingMarker(path)}\n`,
          ].join("\n"),
          done: false,
        },
        changed: false,
      },
    ]);
    expect(pendingTracking(needs)).toEqual(needs);
  });

  it("a plan with errors gets nothing; a plan without tasks gets no new tracking issue but its existing one follows it", () => {
    const existing = makeIssue(50, { title: "Feature (plan)", body: renderTrackingMarker(PATH) });
    expect(needsOf([{ path: PATH, previousPath: null, plan: plan(["DATA1"]) }], [], {}).length).toBe(1);
    expect(
      needsOf(
        [{ path: PATH, previousPath: null, plan: makePlan(["DATA1"], { path: PATH, diagnostics: [makeError(PATH)] }) }],
        [existing],
      ),
    ).toEqual([]);
    expect(needsOf([{ path: PATH, previousPath: null, plan: plan([]) }], [])).toEqual([]);
    const emptied = needsOf([{ path: PATH, previousPath: null, plan: plan([]) }], [existing]);
    expect(emptied.map((n) => [n.existing?.number, n.changed])).toEqual([[50, true]]);
  });

  it("a deleted plan's open tracking issue is to be closed; a closed one, or none, needs nothing", () => {
    const open = makeIssue(50, { body: renderTrackingMarker(PATH) });
    const deleted: TrackedPlan = { path: PATH, previousPath: null, plan: null };
    const needs = needsOf([deleted], [open]);
    expect(needs).toEqual([{ plan: deleted, existing: open, rendered: null, changed: true }]);
    expect(pendingTracking(needs)).toEqual(needs);
    expect(needsOf([deleted], [{ ...open, state: "closed", stateReason: "completed" }])).toEqual([]);
    expect(needsOf([deleted], [])).toEqual([]);
  });

  it("an existing tracking issue changes when its title, body or open/closed state differs from the plan's", () => {
    const changed = (tasks: Array<string | Task>, existing: IssueRecord) => {
      const needs = needsOf([{ path: PATH, previousPath: null, plan: plan(tasks) }], [existing]);
      expect(needs.map((n) => n.existing?.number)).toEqual([50]);
      expect(pendingTracking(needs)).toHaveLength(needs[0]!.changed ? 1 : 0);
      return needs[0]!.changed;
    };
    const done = [makeTask("DATA1", { done: true })];
    expect(changed(["DATA1"], asRendered(["DATA1"]))).toBe(false);
    expect(changed(done, asRendered(done, { state: "closed", stateReason: "completed" }))).toBe(false);
    expect(changed(["DATA1"], asRendered(["DATA1"], { state: "closed", stateReason: "completed" }))).toBe(true);
    expect(changed(done, asRendered(done))).toBe(true);
    expect(changed(["DATA1"], asRendered(["DATA1"], { title: "Renamed by hand" }))).toBe(true);
    expect(changed(["DATA1"], asRendered(["DATA1"], { body: `edited\n${renderTrackingMarker(PATH)}` }))).toBe(true);
  });
});

describe("what is written to a plan's tracking issue", () => {
  const home = homeRouting({ owner: "acme", repo: "app" });
  const apply = (
    gateway: MemoryGateway,
    needs: TrackingNeed[],
    homeIssues: IssueRecord[],
    more: Partial<Parameters<typeof applyTracking>[0]> = {},
  ) => applyTracking({ gateway, needs, routing: home, homeIssues, applied: null, identity: BOT, ...more });
  const trackingOf = (tasks: Array<string | Task>, overrides: Partial<IssueRecord> = {}) => {
    const rendered = trackingNeeds({
      plans: [{ path: PATH, previousPath: null, plan: makePlan(tasks, { path: PATH }) }],
      homeIssues: [],
      identity: BOT,
      config,
      planRepo: "acme/app",
      serverUrl: "https://github.com",
      branch: "main",
    })[0]!.rendered!;
    return makeIssue(50, { id: 1050, title: rendered.title, body: rendered.body, ...overrides });
  };

  it("a finished plan's new tracking issue is created without labels, then closed as completed", async () => {
    const gateway = createMemoryGateway(BOT);
    const tasks = [makeTask("DATA1", { done: true })];
    await apply(gateway, needsFor(tasks, []), []);
    expect(gateway.writes).toEqual([
      "create-issue Feature (plan)",
      'update-issue #1 {"state":"closed","stateReason":"completed"}',
    ]);
    expect(gateway.issues.get(1)?.labels).toEqual([]);
  });

  it("a tracking issue as the plan renders it costs no write", async () => {
    const gateway = gatewayWithSubIssues();
    const existing = trackingOf(["DATA1"]);
    gateway.issues.set(50, existing);
    await apply(gateway, needsFor(["DATA1"], [existing]), [existing]);
    expect(gateway.writes).toEqual([]);
  });

  it("only what changed is written: the title, the body, or the state", async () => {
    const writesFor = async (existing: IssueRecord, tasks: Array<string | Task> = ["DATA1"]) => {
      const gateway = createMemoryGateway(BOT);
      gateway.issues.set(50, existing);
      await apply(gateway, needsFor(tasks, [existing]), [existing]);
      return gateway.writes;
    };
    expect(await writesFor(trackingOf(["DATA1"], { title: "Renamed by hand" }))).toEqual([
      'update-issue #50 {"title":"Feature (plan)"}',
    ]);
    const rendered = trackingOf(["DATA1"]);
    expect(await writesFor(trackingOf(["DATA1"], { body: `edited\n${renderTrackingMarker(PATH)}` }))).toEqual([
      `update-issue #50 ${JSON.stringify({ body: rendered.body })}`,
    ]);
    expect(await writesFor(trackingOf(["DATA1"], { state: "closed", stateReason: "completed" }))).toEqual([
      'update-issue #50 {"state":"open","stateReason":"reopened"}',
    ]);
  });

  it("a deleted plan's tracking issue is closed as not planned; with none, nothing is written", async () => {
    const gateway = createMemoryGateway(BOT);
    const existing = makeIssue(50, { body: renderTrackingMarker(PATH) });
    gateway.issues.set(50, existing);
    const deleted: TrackedPlan = { path: PATH, previousPath: null, plan: null };
    await apply(gateway, [{ plan: deleted, existing: null, rendered: null, changed: true }], []);
    expect(gateway.writes).toEqual([]);
    await apply(gateway, [{ plan: deleted, existing, rendered: null, changed: true }], [existing]);
    expect(gateway.writes).toEqual(['update-issue #50 {"state":"closed","stateReason":"not_planned"}']);
  });

  it("an existing tracking issue takes as sub-issues only the task issues this sync created for its plan", async () => {
    const gateway = gatewayWithSubIssues();
    const existing = trackingOf(["DATA1", "DATA2", "DATA3"]);
    gateway.issues.set(50, existing);
    const applied = created([1001]);
    applied.issues.push(
      { type: "update-issue", path: PATH, taskId: "DATA2", number: 2, url: "", id: 1002 },
      { type: "create-issue", path: "docs/other.md", taskId: "DATA3", number: 3, url: "", id: 1003 },
      { type: "create-issue", path: PATH, taskId: "DATA3", number: 4, url: "" },
    );
    await apply(gateway, needsFor(["DATA1", "DATA2", "DATA3"], [existing]), [existing], { applied });
    expect(gateway.writes).toEqual(["sub-issue #50 1001"]);
  });

  it("without GitHub's sub-issues the tracking issue is still created, and nothing is linked", async () => {
    const gateway = createMemoryGateway(BOT);
    const issues = [taskIssue(1, "DATA1")];
    const notes = await apply(gateway, needsFor(["DATA1"], issues), issues);
    expect(gateway.writes).toEqual(["create-issue Feature (plan)"]);
    expect(notes).toEqual([]);
  });

  it("a new tracking issue takes, in plan order, each task's lowest-numbered live issue of the app with an id, or the one created now", async () => {
    const gateway = gatewayWithSubIssues();
    const other = (number: number, task: string, overrides: Partial<IssueRecord> = {}) =>
      makeIssue(number, {
        id: 1000 + number,
        body: renderMarker({ path: "docs/other.md", task, hash: "0123abcd" }),
        ...overrides,
      });
    const issues = [
      taskIssue(9, "DATA1"),
      taskIssue(4, "DATA1"),
      taskIssue(2, "DATA2", { state: "closed", stateReason: "not_planned" }),
      taskIssue(6, "DATA2"),
      taskIssue(3, "DATA3", { state: "closed", stateReason: "completed" }),
      taskIssue(5, "DATA4", { author: "octocat" }),
      taskIssue(7, "DATA4", { id: undefined }),
      taskIssue(8, "DATA4"),
      makeIssue(10, { id: 1010, body: "no marker" }),
      other(11, "DATA5"),
      // Another plan's issue for a task ID this plan has too, with no issue of this plan: not this plan's.
      other(14, "DATA7"),
      taskIssue(12, "DATA9"),
      taskIssue(13, "2.1"),
    ];
    const applied = created([]);
    applied.issues.push(
      { type: "create-issue", path: PATH, taskId: "DATA5", number: 20, url: "", id: 2005 },
      { type: "create-issue", path: "docs/other.md", taskId: "DATA6", number: 21, url: "", id: 2006 },
    );
    const tasks = ["DATA3", "DATA1", "DATA2", "DATA4", "DATA5", "DATA6", "DATA7", "2.1"];
    await apply(gateway, needsFor(tasks, issues), issues, { applied });
    expect(gateway.writes).toEqual([
      "create-issue Feature (plan)",
      "sub-issue #1 1003",
      "sub-issue #1 1004",
      "sub-issue #1 1006",
      "sub-issue #1 1008",
      "sub-issue #1 2005",
      "sub-issue #1 1013",
    ]);
  });

  it("a routed task's issue counts in the repository its area is routed to, not an old one left at home", async () => {
    const gateway = gatewayWithSubIssues();
    const routing = homeRouting({ owner: "acme", repo: "app" });
    routing.areaRepo.set("DATA", "acme/data");
    const routedIssue = makeIssue(3, {
      id: 5003,
      body: renderMarker({ path: PATH, task: "DATA1", hash: "0123abcd", repo: "acme/app" }),
    });
    routing.accepted.set("acme/data", { repo: "acme/data", gateway: createMemoryGateway(BOT), issues: [routedIssue] });
    const issues = [taskIssue(1, "DATA1"), taskIssue(2, "API1")];
    await apply(gateway, needsFor(["DATA1", "API1"], issues), issues, { routing });
    expect(gateway.writes).toEqual(["create-issue Feature (plan)", "sub-issue #1 5003", "sub-issue #1 1002"]);
  });

  it("a task back in the plan with an open duplicate: the issue reopened for it is the sub-issue, as the sync keeps it", async () => {
    const gateway = gatewayWithSubIssues();
    const issues = [
      taskIssue(2, "DATA1", { state: "closed", stateReason: "not_planned" }),
      taskIssue(4, "DATA1"),
      taskIssue(3, "DATA2", { state: "closed", stateReason: "not_planned" }),
      taskIssue(5, "DATA2"),
    ];
    const applied = created([]);
    applied.issues.push(
      { type: "reopen-issue", path: PATH, taskId: "DATA1", number: 2, url: "", id: 1002 },
      // GitHub's id unknown for this one: the listed duplicate stands in rather than nothing.
      { type: "reopen-issue", path: PATH, taskId: "DATA2", number: 3, url: "" },
    );
    await apply(gateway, needsFor(["DATA1", "DATA2"], issues), issues, { applied });
    expect(gateway.writes).toEqual(["create-issue Feature (plan)", "sub-issue #1 1002", "sub-issue #1 1005"]);
  });

  it("a task issue reopened now because its task is back in the plan is a sub-issue of a new tracking issue", async () => {
    const gateway = gatewayWithSubIssues();
    const issues = [
      taskIssue(2, "DATA1", { state: "closed", stateReason: "not_planned" }),
      taskIssue(3, "DATA2", { state: "closed", stateReason: "not_planned" }),
    ];
    const applied = created([]);
    applied.issues.push(
      { type: "reopen-issue", path: PATH, taskId: "DATA1", number: 2, url: "", id: 1002 },
      { type: "update-issue", path: PATH, taskId: "DATA2", number: 3, url: "", id: 1003 },
      { type: "close-issue", path: PATH, taskId: "DATA2", number: 3, url: "", id: 1003 },
    );
    await apply(gateway, needsFor(["DATA1", "DATA2"], issues), issues, { applied });
    expect(gateway.writes).toEqual(["create-issue Feature (plan)", "sub-issue #1 1002"]);
  });
});
