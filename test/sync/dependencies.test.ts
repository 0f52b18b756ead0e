import { describe, expect, it } from "vitest";
import type { ApplyResult } from "../../src/sync/apply-actions.js";
import { applyDependencies, dependencyNeeds, taskIssues } from "../../src/sync/dependencies.js";
import type { Gateway, IssueRecord } from "../../src/sync/gateway.js";
import type { PushedPlan } from "../../src/sync/pushed-plan.js";
import { homeRouting, type Routing } from "../../src/sync/routing.js";
import type { SyncAction } from "../../src/sync/types.js";
import { parseMarker, renderMarker } from "../../src/render/marker.js";
import { createMemoryGateway, type MemoryGateway } from "../github/memory-gateway.js";
import { makeError, makePlan, makeTask } from "../support/plan-factory.js";
import { BOT, makeIssue } from "./support.js";

/** `Depends on` cells as GitHub "blocked by" links: what is linked, unlinked, recorded, and said. */

const PATH = "docs/plan.md";
const HOME = { owner: "acme", repo: "app" };

const issue = (number: number, task: string, more: Partial<IssueRecord> & { deps?: string[]; repo?: string } = {}) => {
  const { deps, repo, ...rest } = more;
  return makeIssue(number, {
    id: 1000 + number,
    title: `${task}: Do ${task}`,
    body: `text\n\n${renderMarker({ path: PATH, task, hash: "0123abcd", ...(deps ? { deps } : {}), ...(repo ? { repo } : {}) })}`,
    ...rest,
  });
};

const pushed = (tasks: Array<[string, string[]?]>, more: Partial<PushedPlan> = {}): PushedPlan => ({
  path: PATH,
  change: "modified",
  previousPath: null,
  plan: makePlan(
    tasks.map(([id, dependsOn], i) => makeTask(id, { line: 10 + i, ...(dependsOn ? { dependsOn } : {}) })),
    { path: PATH },
  ),
  previousPlan: null,
  ...more,
});

/** A memory gateway with GitHub's dependency endpoints; `status` answers the next call with that error. */
function depGateway(fail: { add?: number; remove?: number } = {}) {
  const gateway = createMemoryGateway(BOT) as MemoryGateway &
    Required<Pick<Gateway, "addBlockedBy" | "removeBlockedBy">>;
  const httpError = (status: number) => Object.assign(new Error(`HTTP ${status}`), { status });
  gateway.addBlockedBy = async (number, blockingId) => {
    if (fail.add) throw httpError(fail.add);
    gateway.writes.push(`block #${number} by ${blockingId}`);
  };
  gateway.removeBlockedBy = async (number, blockingId) => {
    if (fail.remove) throw httpError(fail.remove);
    gateway.writes.push(`unblock #${number} from ${blockingId}`);
  };
  return gateway;
}

async function apply(
  gateway: Gateway,
  plans: PushedPlan[],
  homeIssues: IssueRecord[],
  more: { applied?: ApplyResult | null; actions?: SyncAction[]; routing?: Routing } = {},
) {
  const routing = more.routing ?? homeRouting(HOME);
  const stored = (gateway as Partial<MemoryGateway>).issues;
  for (const i of homeIssues) if (!stored?.has(i.number)) stored?.set(i.number, i);
  const needs = dependencyNeeds({ plans, homeIssues, routing, identity: BOT });
  let slots = 0;
  const result = await applyDependencies({
    gateway,
    needs,
    plans,
    homeIssues,
    routing,
    identity: BOT,
    applied: more.applied ?? null,
    actions: more.actions ?? [],
    pacer: { acquire: async () => void (slots += 1) },
  });
  return { ...result, needs, slots };
}

describe("dependencyNeeds", () => {
  it("only tasks whose Depends on differs from what their issue recorded, with what to add and remove", () => {
    const plans = [pushed([["DATA1"], ["DATA2", ["DATA1", "DATA3"]], ["DATA3", ["DATA1"]], ["DATA4"]])];
    const issues = [
      issue(1, "DATA1"),
      issue(2, "DATA2", { deps: ["DATA4", "DATA3"] }),
      issue(3, "DATA3", { deps: ["DATA1"] }),
    ];
    const needs = dependencyNeeds({ plans, homeIssues: issues, routing: homeRouting(HOME), identity: BOT });
    expect(needs.map((n) => [n.taskId, n.add, n.remove, n.desired, n.issue?.number ?? null, n.where])).toEqual([
      ["DATA2", ["DATA1"], ["DATA4"], ["DATA1", "DATA3"], 2, null],
    ]);
  });

  it("none for a plan with errors or a deleted plan; a task without an issue yet needs all of its dependencies", () => {
    const broken = pushed([["DATA2", ["DATA1"]]]);
    broken.plan = { ...broken.plan!, diagnostics: [makeError(PATH)] };
    expect(
      dependencyNeeds({
        plans: [broken, { ...broken, plan: null }],
        homeIssues: [],
        routing: homeRouting(HOME),
        identity: BOT,
      }),
    ).toEqual([]);
    const fresh = dependencyNeeds({
      plans: [pushed([["DATA2", ["DATA1"]]])],
      homeIssues: [],
      routing: homeRouting(HOME),
      identity: BOT,
    });
    expect(fresh.map((n) => [n.taskId, n.add, n.remove, n.issue])).toEqual([["DATA2", ["DATA1"], [], null]]);
  });

  it("a task of an area routed to a repository that refused waits with it", () => {
    const routing: Routing = {
      ...homeRouting(HOME),
      areaRepo: new Map([["EDH", "acme/edh"]]),
      refused: new Map([["acme/edh", { repo: "acme/edh", areas: ["EDH"], reason: "no" }]]),
    };
    expect(
      dependencyNeeds({ plans: [pushed([["EDH1", ["DATA1"]], ["DATA1"]])], homeIssues: [], routing, identity: BOT }),
    ).toEqual([]);
  });
});

describe("taskIssues", () => {
  it("the task's issue is the identity's, lowest number, not closed as not planned, of this plan (or its old path), where the task is routed", () => {
    const p = pushed([["DATA1"], ["DATA2"], ["DATA3"], ["DATA4"]], { previousPath: "docs/old.md" });
    const moved = makeIssue(9, { body: renderMarker({ path: "docs/old.md", task: "DATA4", hash: "0123abcd" }) });
    const issues = [
      issue(5, "DATA1"),
      issue(3, "DATA1"),
      issue(4, "DATA2", { author: "octocat" }),
      issue(6, "DATA2", { state: "closed", stateReason: "not_planned" }),
      issue(7, "DATA2", { state: "closed", stateReason: "completed" }),
      makeIssue(8, { body: renderMarker({ path: "docs/other.md", task: "DATA3", hash: "0123abcd" }) }),
      makeIssue(10, { body: "no marker" }),
      moved,
    ];
    const found = taskIssues(p, issues, homeRouting(HOME), BOT);
    expect([...found].map(([task, t]) => [task, t.issue.number, t.where])).toEqual(
      [
        ["DATA1", 3],
        ["DATA2", 7],
        ["DATA4", 9],
      ].map(([task, n]) => [task, n, null]),
    );
  });
});

describe("applyDependencies", () => {
  it("links what was added and unlinks what was removed, paced, and records the linked set in the issue's marker in plan order", async () => {
    const gateway = depGateway();
    const issues = [issue(1, "DATA1"), issue(2, "DATA2", { deps: ["DATA4"] }), issue(3, "DATA3"), issue(4, "DATA4")];
    const plans = [pushed([["DATA1"], ["DATA2", ["DATA3", "DATA1"]], ["DATA3"], ["DATA4"]])];
    const result = await apply(gateway, plans, issues);
    expect(gateway.writes.slice(0, 3)).toEqual(["block #2 by 1003", "block #2 by 1001", "unblock #2 from 1004"]);
    expect(gateway.writes[3]).toMatch(/^update-issue #2 /);
    expect(gateway.writes).toHaveLength(4);
    expect(result).toMatchObject({ added: 2, removed: 1, notes: [], slots: 4 });
  });

  it("writes the marker into the body this sync last wrote to the issue, not the listed one", async () => {
    const gateway = depGateway();
    const issues = [issue(1, "DATA1"), issue(2, "DATA2")];
    gateway.issues.set(2, issues[1]!);
    const newer = issues[1]!.body.replace("text", "new text");
    const actions: SyncAction[] = [
      {
        type: "update-issue",
        path: PATH,
        taskId: "DATA2",
        issueNumber: 2,
        body: issues[1]!.body.replace("text", "old"),
      },
      { type: "close-issue", path: PATH, taskId: "DATA2", issueNumber: 2, reason: "completed", body: newer },
      { type: "update-issue", path: PATH, taskId: "DATA1", issueNumber: 1, body: "other task" },
      { type: "update-issue", path: "docs/other.md", taskId: "DATA2", issueNumber: 9, body: "other plan" },
    ];
    await apply(gateway, [pushed([["DATA1"], ["DATA2", ["DATA1"]]])], issues, { actions });
    const body = gateway.issues.get(2)!.body;
    expect(body.startsWith("new text")).toBe(true);
    expect(parseMarker(body)?.deps).toEqual(["DATA1"]);
  });

  it("a link GitHub already has (422) counts as linked, not added; one already gone (404) as unlinked, not removed", async () => {
    const issues = [issue(1, "DATA1"), issue(2, "DATA2")];
    const adding = await apply(depGateway({ add: 422 }), [pushed([["DATA1"], ["DATA2", ["DATA1"]]])], issues);
    expect(adding).toMatchObject({ added: 0, removed: 0 });
    const removing = await apply(
      depGateway({ remove: 404 }),
      [pushed([["DATA1"], ["DATA2"]])],
      [issue(1, "DATA1"), issue(2, "DATA2", { deps: ["DATA1"] })],
    );
    expect(removing).toMatchObject({ added: 0, removed: 0 });
  });

  it("any other refusal stops the sync", async () => {
    const issues = [issue(1, "DATA1"), issue(2, "DATA2", { deps: ["DATA3"] })];
    await expect(apply(depGateway({ add: 500 }), [pushed([["DATA1"], ["DATA2", ["DATA1"]]])], issues)).rejects.toThrow(
      "HTTP 500",
    );
    await expect(
      apply(depGateway({ remove: 403 }), [pushed([["DATA1"], ["DATA2"], ["DATA3"]])], [...issues, issue(3, "DATA3")]),
    ).rejects.toThrow("HTTP 403");
  });

  it("a blocking task without an issue yet waits for the next sync, said in a note; a new issue's marker then records only what is linked", async () => {
    const gateway = depGateway();
    const created = (task: string, number: number, id?: number) => ({
      type: "create-issue" as const,
      path: PATH,
      taskId: task,
      number,
      url: "",
      ...(id !== undefined ? { id } : {}),
    });
    const body = `new\n\n${renderMarker({ path: PATH, task: "DATA3", hash: "0123abcd", deps: ["DATA1", "DATA2"] })}`;
    const actions: SyncAction[] = [
      { type: "create-issue", path: PATH, taskId: "DATA3", title: "DATA3", body, labels: [], closeAsCompleted: true },
    ];
    const applied: ApplyResult = {
      done: 1,
      total: 1,
      counts: { "create-label": 0, "create-issue": 1, "update-issue": 0, "close-issue": 0, "reopen-issue": 0 },
      issues: [created("DATA3", 3, 1003), created("DATA2", 2)],
      labelsAlreadyPresent: [],
    };
    gateway.issues.set(3, makeIssue(3, { body }));
    const result = await apply(
      gateway,
      [pushed([["DATA1"], ["DATA2"], ["DATA3", ["DATA1", "DATA2"]]])],
      [issue(1, "DATA1")],
      { applied, actions },
    );
    expect(gateway.writes[0]).toBe("block #3 by 1001");
    expect(result.notes).toEqual([
      "docs/plan.md: DATA3 is not yet linked as blocked by DATA2: its issue does not exist yet; the next sync links it.",
    ]);
    expect(gateway.writes[1]).toMatch(/^update-issue #3 /);
    const written = JSON.parse(gateway.writes[1]!.replace(/^update-issue #3 /, "")) as { body: string };
    expect(parseMarker(written.body)).toMatchObject({ deps: ["DATA1"], done: true });
  });

  it("several blocking tasks waiting are named together", async () => {
    const result = await apply(depGateway(), [pushed([["DATA2", ["DATA1", "DATA3"]]])], [issue(2, "DATA2")]);
    expect(result.notes).toEqual([
      "docs/plan.md: DATA2 is not yet linked as blocked by DATA1, DATA3: their issues do not exist yet; the next sync links them.",
    ]);
  });

  it("a blocking task removed from the plan is unlinked through its issue, still listed", async () => {
    const gateway = depGateway();
    const issues = [
      issue(2, "DATA2", { deps: ["DATA9"] }),
      issue(12, "DATA9"),
      issue(9, "DATA9", { author: "octocat" }),
    ];
    const result = await apply(gateway, [pushed([["DATA2"]])], issues);
    expect(gateway.writes[0]).toBe("unblock #2 from 1012");
    expect(result.removed).toBe(1);
  });

  it("a gateway without the dependency endpoints links nothing", async () => {
    const gateway = createMemoryGateway(BOT);
    const result = await apply(
      gateway,
      [pushed([["DATA1"], ["DATA2", ["DATA1"]]])],
      [issue(1, "DATA1"), issue(2, "DATA2")],
    );
    expect(result).toMatchObject({ added: 0, removed: 0, notes: [], slots: 0 });
    expect(gateway.writes).toEqual([]);
  });
});

describe("dependencies: which issue stands for a task, and what is linked, recorded and skipped", () => {
  const EDH = "acme/edh";
  const routedTo = (gateway: Gateway, issues: IssueRecord[]): Routing => ({
    ...homeRouting(HOME),
    areaRepo: new Map([["EDH", EDH]]),
    accepted: new Map([[EDH, { repo: EDH, gateway, issues }]]),
  });
  const createdAs = (
    type: "create-issue" | "update-issue" | "reopen-issue",
    path: string,
    taskId: string,
    number: number,
    id: number,
  ) => ({
    type,
    path,
    taskId,
    number,
    url: "",
    id,
  });
  const appliedWith = (issues: ApplyResult["issues"]): ApplyResult => ({
    done: issues.length,
    total: issues.length,
    counts: {
      "create-label": 0,
      "create-issue": issues.length,
      "update-issue": 0,
      "close-issue": 0,
      "reopen-issue": 0,
    },
    issues,
    labelsAlreadyPresent: [],
  });

  it("a deleted plan has no task issues; an issue in the plan's repository is not the issue of a task routed elsewhere", () => {
    expect(taskIssues({ ...pushed([["DATA1"]]), plan: null }, [issue(1, "DATA1")], homeRouting(HOME), BOT).size).toBe(
      0,
    );
    const routing = routedTo(depGateway(), [issue(7, "EDH1")]);
    const found = taskIssues(pushed([["EDH1"]]), [issue(1, "EDH1")], routing, BOT);
    expect([...found].map(([task, t]) => [task, t.issue.number, t.where])).toEqual([["EDH1", 7, EDH]]);
  });

  it("a routed task is linked in its own repository, not the plan's", async () => {
    const home = depGateway();
    const edh = depGateway();
    const routing = routedTo(edh, [issue(1, "EDH1"), issue(2, "EDH2")]);
    edh.issues.set(2, issue(2, "EDH2"));
    const result = await apply(home, [pushed([["EDH1"], ["EDH2", ["EDH1"]]])], [], { routing });
    expect(edh.writes[0]).toBe("block #2 by 1001");
    expect(home.writes).toEqual([]);
    expect(result.added).toBe(1);
  });

  it("a need for a repository no longer accepted, or a task whose issue was neither listed nor created, is skipped", async () => {
    const gateway = depGateway();
    const need = { path: PATH, taskId: "EDH2", add: ["EDH1"], remove: [], desired: ["EDH1"], issue: null, where: EDH };
    const base = { gateway, plans: [pushed([["EDH1"], ["EDH2", ["EDH1"]]])], homeIssues: [], identity: BOT };
    const gone = await applyDependencies({
      ...base,
      needs: [need],
      routing: homeRouting(HOME),
      applied: null,
      actions: [],
    });
    expect(gone).toEqual({ added: 0, removed: 0, notes: [] });
    // DATA2's create failed: no issue to link.
    const failed = await apply(gateway, [pushed([["DATA1"], ["DATA2", ["DATA1"]]])], [issue(1, "DATA1")]);
    expect(failed).toMatchObject({ added: 0, removed: 0, notes: [] });
    expect(gateway.writes).toEqual([]);
  });

  it("a gateway that can add links but not remove them links nothing", async () => {
    const gateway = depGateway() as Gateway & MemoryGateway;
    delete (gateway as Partial<Gateway>).removeBlockedBy;
    const result = await apply(
      gateway,
      [pushed([["DATA1"], ["DATA2", ["DATA1"]]])],
      [issue(1, "DATA1"), issue(2, "DATA2")],
    );
    expect(result).toMatchObject({ added: 0, notes: [] });
    expect(gateway.writes).toEqual([]);
  });

  it("a blocking task's issue created by this sync is found by its plan and task, not another's or an update's", async () => {
    const plans = [pushed([["DATA1"], ["DATA2", ["DATA1"]]])];
    const others = [
      createdAs("update-issue", PATH, "DATA1", 1, 5001),
      createdAs("create-issue", "docs/other.md", "DATA1", 2, 5002),
      createdAs("create-issue", PATH, "DATA9", 3, 5003),
    ];
    const waiting = depGateway();
    const none = await apply(waiting, plans, [issue(2, "DATA2")], { applied: appliedWith(others) });
    expect(none.notes).toEqual([
      "docs/plan.md: DATA2 is not yet linked as blocked by DATA1: its issue does not exist yet; the next sync links it.",
    ]);
    expect(waiting.writes).toEqual([]);
    const linking = depGateway();
    await apply(linking, plans, [issue(2, "DATA2")], {
      applied: appliedWith([...others, createdAs("create-issue", PATH, "DATA1", 4, 5004)]),
    });
    expect(linking.writes[0]).toBe("block #2 by 5004");
  });

  it("a task back in the plan is linked, both ways, through the issue this sync reopened for it, not left waiting", async () => {
    const plans = [pushed([["DATA0"], ["DATA1", ["DATA0"]], ["DATA2", ["DATA1"]]])];
    const listed = [
      issue(1, "DATA1", { state: "closed", stateReason: "not_planned" }),
      issue(2, "DATA2"),
      issue(3, "DATA0"),
    ];
    const gateway = depGateway();
    const result = await apply(gateway, plans, listed, {
      applied: appliedWith([createdAs("reopen-issue", PATH, "DATA1", 1, 1001)]),
    });
    expect(result.notes).toEqual([]);
    expect(gateway.writes.filter((w) => w.startsWith("block"))).toEqual(["block #1 by 1003", "block #2 by 1001"]);
    expect(parseMarker(gateway.issues.get(2)!.body)?.deps).toEqual(["DATA1"]);
  });

  it("adding a link keeps the links recorded before in the marker", async () => {
    const gateway = depGateway();
    const issues = [issue(1, "DATA1"), issue(2, "DATA2", { deps: ["DATA1"] }), issue(3, "DATA3")];
    await apply(gateway, [pushed([["DATA1"], ["DATA2", ["DATA1", "DATA3"]], ["DATA3"]])], issues);
    expect(gateway.writes[0]).toBe("block #2 by 1003");
    expect(parseMarker(gateway.issues.get(2)!.body)?.deps).toEqual(["DATA1", "DATA3"]);
  });

  it("unlinking a task still in the plan goes through its issue, not a lower one closed as not planned", async () => {
    const gateway = depGateway();
    const issues = [
      issue(1, "DATA1", { state: "closed", stateReason: "not_planned" }),
      issue(4, "DATA1"),
      issue(2, "DATA2", { deps: ["DATA1"] }),
    ];
    await apply(gateway, [pushed([["DATA1"], ["DATA2"]])], issues);
    expect(gateway.writes[0]).toBe("unblock #2 from 1004");
  });

  it("a removed blocking task without any issue is only dropped from the marker", async () => {
    const gateway = depGateway();
    const result = await apply(gateway, [pushed([["DATA2"]])], [issue(2, "DATA2", { deps: ["DATA9"] })]);
    expect(result.removed).toBe(0);
    expect(gateway.writes).toHaveLength(1);
    expect(gateway.writes[0]).toMatch(/^update-issue #2 /);
    expect(parseMarker(gateway.issues.get(2)!.body)?.deps ?? []).toEqual([]);
  });

  it("a removed blocking task is unlinked through its lowest issue of this plan, wherever it is routed", async () => {
    const gateway = depGateway();
    const home = [
      makeIssue(3, { id: 3003, body: "no marker" }),
      issue(2, "DATA2", { deps: ["DATA9", "EDH9"] }),
      issue(12, "DATA9"),
      issue(7, "DATA9"),
      makeIssue(5, { id: 3005, body: renderMarker({ path: "docs/other.md", task: "DATA9", hash: "0123abcd" }) }),
    ];
    const routing = routedTo(depGateway(), [issue(8, "EDH9")]);
    await apply(gateway, [pushed([["DATA2"]])], home, { routing });
    expect(gateway.writes.slice(0, 2)).toEqual(["unblock #2 from 1007", "unblock #2 from 1008"]);
  });

  it("a link that has to wait changes no body when nothing else changed", async () => {
    const gateway = depGateway();
    const result = await apply(gateway, [pushed([["DATA2", ["DATA3"]]])], [issue(2, "DATA2")]);
    expect(result.notes).toHaveLength(1);
    expect(gateway.writes).toEqual([]);
  });

  it("the marker goes into the last body an update, close or reopen wrote, not a create's, and an action without a body leaves it", async () => {
    const gateway = depGateway();
    const issues = [issue(1, "DATA1"), issue(2, "DATA2")];
    const newer = issues[1]!.body.replace("text", "newer text");
    const actions: SyncAction[] = [
      { type: "update-issue", path: PATH, taskId: "DATA2", issueNumber: 2, body: newer },
      { type: "create-issue", path: PATH, taskId: "DATA2", title: "DATA2", body: "created body", labels: [] },
      { type: "close-issue", path: PATH, taskId: "DATA2", issueNumber: 2, reason: "completed" },
    ];
    await apply(gateway, [pushed([["DATA1"], ["DATA2", ["DATA1"]]])], issues, { actions });
    expect(gateway.issues.get(2)!.body.startsWith("newer text")).toBe(true);
  });

  it("a new issue's marker is corrected from its own create action, and left alone without one", async () => {
    const body = (text: string) =>
      `${text}\n\n${renderMarker({ path: PATH, task: "DATA3", hash: "0123abcd", deps: ["DATA1", "DATA2"] })}`;
    const applied = appliedWith([createdAs("create-issue", PATH, "DATA3", 3, 1003)]);
    const plans = [pushed([["DATA1"], ["DATA2"], ["DATA3", ["DATA1", "DATA2"]]])];
    const actions: SyncAction[] = [
      { type: "create-issue", path: PATH, taskId: "DATA1", title: "DATA1", body: body("task one"), labels: [] },
      {
        type: "create-issue",
        path: "docs/other.md",
        taskId: "DATA3",
        title: "DATA3",
        body: body("other plan"),
        labels: [],
      },
      { type: "create-issue", path: PATH, taskId: "DATA3", title: "DATA3", body: body("mine"), labels: [] },
    ];
    const gateway = depGateway();
    gateway.issues.set(3, makeIssue(3, { body: body("mine") }));
    await apply(gateway, plans, [issue(1, "DATA1")], { applied, actions });
    expect(gateway.writes[0]).toBe("block #3 by 1001");
    const written = JSON.parse(gateway.writes[1]!.replace(/^update-issue #3 /, "")) as { body: string };
    expect(written.body.startsWith("mine")).toBe(true);
    expect(parseMarker(written.body)?.deps).toEqual(["DATA1"]);

    const alone = depGateway();
    alone.issues.set(3, makeIssue(3, { body: body("mine") }));
    await apply(alone, plans, [issue(1, "DATA1")], { applied, actions: [] });
    expect(alone.writes).toEqual(["block #3 by 1001"]);
  });
});
