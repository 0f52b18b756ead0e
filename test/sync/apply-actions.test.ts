import { describe, expect, it } from "vitest";
import {
  ApplyActionsError,
  applyActions,
  createdIssueNumber,
  type ApplyProgress,
  type ApplyResult,
} from "../../src/sync/apply-actions.js";
import { WritePacer } from "../../src/github/write-pacer.js";
import type { SyncAction } from "../../src/sync/types.js";
import { createMemoryGateway } from "../github/memory-gateway.js";

const PLAN = "docs/plans/feature.md";

function createIssue(taskId: string, extra: Partial<Extract<SyncAction, { type: "create-issue" }>> = {}): SyncAction {
  return {
    type: "create-issue",
    path: PLAN,
    taskId,
    title: `${taskId}: do it`,
    body: `body ${taskId}`,
    labels: ["plan-sync"],
    ...extra,
  };
}

describe("applyActions", () => {
  it("creates labels and issues and records each new issue by plan and task", async () => {
    const gateway = createMemoryGateway();
    gateway.labels.push({ name: "area:DATA", color: "ffffff" });

    const result = await applyActions(gateway, [
      { type: "create-label", name: "plan-sync", color: "ededed", description: "Managed by plan-sync" },
      { type: "create-label", name: "area:DATA", color: "0e8a16", description: "Data" },
      createIssue("DATA1"),
      createIssue("DATA2"),
    ]);

    expect(gateway.writes).toEqual([
      "create-label plan-sync",
      "create-issue DATA1: do it",
      "create-issue DATA2: do it",
    ]);
    expect(result.labelsAlreadyPresent).toEqual(["area:DATA"]);
    expect(result.counts).toMatchObject({ "create-label": 2, "create-issue": 2 });
    expect(result.done).toBe(4);
    expect(createdIssueNumber(result, PLAN, "DATA1")).toBe(1);
    expect(createdIssueNumber(result, PLAN, "DATA2")).toBe(2);
    expect(result.issues[1]).toEqual({
      type: "create-issue",
      path: PLAN,
      taskId: "DATA2",
      number: 2,
      url: "https://github.com/acme/app/issues/2",
    });
  });

  it("creates an already-ticked task's issue and closes it as completed", async () => {
    const gateway = createMemoryGateway();

    await applyActions(gateway, [createIssue("GAIN3", { closeAsCompleted: true })]);

    expect(gateway.issues.get(1)).toMatchObject({ state: "closed", stateReason: "completed" });
    expect(gateway.writes).toEqual([
      "create-issue GAIN3: do it",
      'update-issue #1 {"state":"closed","stateReason":"completed"}',
    ]);
  });

  it("posts the explanation before closing a removed task's issue as not planned", async () => {
    const gateway = createMemoryGateway();
    await gateway.createIssue({ title: "EDH4", body: "", labels: [] });
    gateway.writes.length = 0;

    const result = await applyActions(gateway, [
      {
        type: "close-issue",
        path: PLAN,
        taskId: "EDH4",
        issueNumber: 1,
        reason: "not_planned",
        comment: "EDH4 was removed from the plan.",
      },
    ]);

    expect(gateway.writes).toEqual([
      "comment #1 EDH4 was removed from the plan.",
      'update-issue #1 {"state":"closed","stateReason":"not_planned"}',
    ]);
    expect(result.counts["close-issue"]).toBe(1);
  });

  it("reopens and updates only what changed, and skips an update with nothing in it", async () => {
    const gateway = createMemoryGateway();
    await gateway.createIssue({ title: "old", body: "b", labels: [] });
    await gateway.updateIssue(1, { state: "closed", stateReason: "completed" });
    gateway.writes.length = 0;

    await applyActions(gateway, [
      { type: "reopen-issue", path: PLAN, taskId: "DATA1", issueNumber: 1 },
      { type: "update-issue", path: PLAN, taskId: "DATA1", issueNumber: 1, title: "new" },
      { type: "update-issue", path: PLAN, taskId: "DATA1", issueNumber: 1 },
    ]);

    expect(gateway.writes).toEqual([
      'update-issue #1 {"state":"open","stateReason":"reopened"}',
      'update-issue #1 {"title":"new"}',
    ]);
    expect(gateway.issues.get(1)).toMatchObject({ state: "open", title: "new", body: "b" });
  });

  it("stops at the first failure and reports what was already done", async () => {
    const gateway = createMemoryGateway();
    const boom = Object.assign(new Error("Server Error"), { status: 502 });
    gateway.failOn("create-issue DATA2", boom);

    const run = applyActions(gateway, [createIssue("DATA1"), createIssue("DATA2"), createIssue("DATA3")]);

    const error = await run.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApplyActionsError);
    const failure = error as ApplyActionsError;
    expect(failure.message).toMatch(/create issue for DATA2 .* failed after 1 of 3 actions: Server Error/);
    expect(failure.cause).toBe(boom);
    expect(failure.failed).toMatchObject({ taskId: "DATA2" });
    expect(failure.result.done).toBe(1);
    expect(createdIssueNumber(failure.result, PLAN, "DATA1")).toBe(1);
    expect(gateway.writes).toEqual(["create-issue DATA1: do it"]);
  });

  it("keeps the number of an issue created when closing it then fails", async () => {
    const gateway = createMemoryGateway();
    gateway.failOn("update-issue #1", new Error("timeout"));

    const error = (await applyActions(gateway, [createIssue("DATA1", { closeAsCompleted: true })]).catch(
      (e: unknown) => e,
    )) as ApplyActionsError;

    expect(error.result.done).toBe(0);
    expect(createdIssueNumber(error.result, PLAN, "DATA1")).toBe(1);
  });

  it("paces every write and reports a long wait before it", async () => {
    let t = 0;
    const pacer = new WritePacer({
      perMinute: 60,
      perHour: 4,
      now: () => t,
      sleep: async (ms) => void (t += ms),
      longWaitMs: 30_000,
    });
    const gateway = createMemoryGateway();
    const progress: ApplyProgress[] = [];

    await applyActions(
      gateway,
      [createIssue("A1"), createIssue("A2"), createIssue("A3", { closeAsCompleted: true }), createIssue("A4")],
      { pacer, onProgress: (p) => void progress.push(p) },
    );

    // Five writes at one a second, the fifth after the hour window of the first.
    expect(t).toBe(60 * 60_000);
    expect(progress.map((p) => `${p.kind} ${p.done}/${p.total}`)).toEqual([
      "action 1/4",
      "action 2/4",
      "action 3/4",
      "waiting 3/4",
      "action 4/4",
    ]);
  });

  it("keeps writing when reporting progress fails", async () => {
    const gateway = createMemoryGateway();

    const result = await applyActions(gateway, [createIssue("A1"), createIssue("A2")], {
      onProgress: () => {
        throw new Error("check run gone");
      },
    });

    expect(result.done).toBe(2);
  });
});

describe("applyActions: what reaches GitHub, and what a failure says", () => {
  const OTHER = "acme/other";
  const failure = async (action: SyncAction, gateway = createMemoryGateway(), opts = {}) =>
    (await applyActions(gateway, [action], opts).catch((e: unknown) => e)) as ApplyActionsError;

  it("a failed write names the action, the issue and, when routed, the repository", async () => {
    const boom = () => Object.assign(new Error("Server Error"), { status: 502 });
    const cases: Array<[SyncAction, string]> = [
      [{ type: "create-label", name: "plan-sync", color: "ededed", description: "" }, 'create label "plan-sync"'],
      [
        { type: "create-label", name: "area:A", color: "ededed", description: "", repo: OTHER },
        'create label "area:A" in acme/other',
      ],
      [createIssue("A1"), `create issue for A1 (${PLAN})`],
      [createIssue("A1", { repo: OTHER }), `create issue for A1 (${PLAN}) in acme/other`],
      [
        { type: "update-issue", path: PLAN, taskId: "A1", issueNumber: 3, title: "t" },
        `update issue #3 for A1 (${PLAN})`,
      ],
      [
        { type: "close-issue", path: PLAN, taskId: "A1", issueNumber: 3, reason: "completed", repo: OTHER },
        `close issue acme/other#3 for A1 (${PLAN})`,
      ],
      [{ type: "reopen-issue", path: PLAN, taskId: "A1", issueNumber: 3 }, `reopen issue #3 for A1 (${PLAN})`],
    ];
    for (const [action, described] of cases) {
      const gateway = createMemoryGateway();
      gateway.failOn(
        action.type === "create-label"
          ? "create-label"
          : action.type === "create-issue"
            ? "create-issue"
            : "update-issue",
        boom(),
      );
      const error = await failure(action, gateway, { gatewayFor: () => gateway });
      expect(error.message).toBe(`${described} failed after 0 of 1 actions: Server Error`);
    }
  });

  it("a label that cannot be created for another reason than existing stops the run", async () => {
    const gateway = createMemoryGateway();
    gateway.failOn("create-label", Object.assign(new Error("Forbidden"), { status: 403 }));
    const error = await failure({ type: "create-label", name: "plan-sync", color: "ededed", description: "" }, gateway);
    expect(error).toBeInstanceOf(ApplyActionsError);
    expect(error.message).toBe('create label "plan-sync" failed after 0 of 1 actions: Forbidden');
    expect(error.result.labelsAlreadyPresent).toEqual([]);
  });

  it("an action routed to another repository is written there and its issue says so; without a way to reach it the run stops", async () => {
    const home = createMemoryGateway();
    const other = createMemoryGateway();
    const asked: string[] = [];
    const result = await applyActions(home, [createIssue("A1", { repo: OTHER }), createIssue("B1")], {
      gatewayFor: (repo) => (asked.push(repo), other),
    });
    expect(asked).toEqual([OTHER]);
    expect(other.writes).toEqual(["create-issue A1: do it"]);
    expect(home.writes).toEqual(["create-issue B1: do it"]);
    expect(result.issues).toStrictEqual([
      {
        type: "create-issue",
        path: PLAN,
        taskId: "A1",
        number: 1,
        url: "https://github.com/acme/app/issues/1",
        repo: OTHER,
      },
      { type: "create-issue", path: PLAN, taskId: "B1", number: 1, url: "https://github.com/acme/app/issues/1" },
    ]);

    const error = await failure(createIssue("A1", { repo: OTHER }), home);
    expect(error.message).toBe(
      `create issue for A1 (${PLAN}) in acme/other failed after 0 of 1 actions: no gateway for acme/other: routed actions need ApplyOptions.gatewayFor`,
    );
  });

  it("a created issue's GitHub id is kept for the sub-issues API", async () => {
    const gateway = createMemoryGateway();
    const withId = {
      ...gateway,
      createIssue: async (input: Parameters<typeof gateway.createIssue>[0]) => ({
        ...(await gateway.createIssue(input)),
        id: 9001,
      }),
    };
    const result = await applyActions(withId, [createIssue("A1")]);
    expect(result.issues).toStrictEqual([
      {
        type: "create-issue",
        path: PLAN,
        taskId: "A1",
        number: 1,
        url: "https://github.com/acme/app/issues/1",
        id: 9001,
      },
    ]);
  });

  it("an update sends only its body, or only its labels, when that is all that changed", async () => {
    const gateway = createMemoryGateway();
    await gateway.createIssue({ title: "A1", body: "old", labels: [] });
    gateway.writes.length = 0;
    await applyActions(gateway, [
      { type: "update-issue", path: PLAN, taskId: "A1", issueNumber: 1, body: "new" },
      { type: "update-issue", path: PLAN, taskId: "A1", issueNumber: 1, labels: ["plan-sync"] },
    ]);
    expect(gateway.writes).toEqual(['update-issue #1 {"body":"new"}', 'update-issue #1 {"labels":["plan-sync"]}']);
  });

  it("a close or a reopen writes the new body (its recorded state) in the same request, and none when it has none", async () => {
    const gateway = createMemoryGateway();
    await gateway.createIssue({ title: "A1", body: "old", labels: [] });
    gateway.writes.length = 0;
    await applyActions(gateway, [
      { type: "close-issue", path: PLAN, taskId: "A1", issueNumber: 1, reason: "completed", body: "closed body" },
      { type: "reopen-issue", path: PLAN, taskId: "A1", issueNumber: 1, body: "open body" },
      { type: "close-issue", path: PLAN, taskId: "A1", issueNumber: 1, reason: "not_planned" },
      { type: "reopen-issue", path: PLAN, taskId: "A1", issueNumber: 1 },
    ]);
    expect(gateway.writes).toEqual([
      'update-issue #1 {"state":"closed","stateReason":"completed","body":"closed body"}',
      'update-issue #1 {"state":"open","stateReason":"reopened","body":"open body"}',
      'update-issue #1 {"state":"closed","stateReason":"not_planned"}',
      'update-issue #1 {"state":"open","stateReason":"reopened"}',
    ]);
    expect(gateway.issues.get(1)).toMatchObject({ body: "open body", state: "open" });
  });

  it("a failure reports the counts and the labels already there up to it", async () => {
    const gateway = createMemoryGateway();
    gateway.labels.push({ name: "plan-sync", color: "ededed" });
    gateway.failOn("create-issue A2", new Error("timeout"));
    const error = (await applyActions(gateway, [
      { type: "create-label", name: "plan-sync", color: "ededed", description: "" },
      createIssue("A1"),
      createIssue("A2"),
    ]).catch((e: unknown) => e)) as ApplyActionsError;
    expect(error.result).toEqual({
      done: 2,
      total: 3,
      counts: { "create-label": 1, "create-issue": 1, "update-issue": 0, "close-issue": 0, "reopen-issue": 0 },
      issues: [
        { type: "create-issue", path: PLAN, taskId: "A1", number: 1, url: "https://github.com/acme/app/issues/1" },
      ],
      labelsAlreadyPresent: ["plan-sync"],
    });
  });
});

describe("createdIssueNumber", () => {
  it("is the number of the issue created for that task of that plan, not one updated or created for another", () => {
    const issue = (type: "create-issue" | "update-issue", path: string, taskId: string, number: number) => ({
      type,
      path,
      taskId,
      number,
      url: `https://github.com/acme/app/issues/${number}`,
    });
    const result: ApplyResult = {
      done: 4,
      total: 4,
      counts: { "create-label": 0, "create-issue": 3, "update-issue": 1, "close-issue": 0, "reopen-issue": 0 },
      issues: [
        issue("update-issue", PLAN, "A1", 5),
        issue("create-issue", "docs/other.md", "A1", 6),
        issue("create-issue", PLAN, "A2", 7),
        issue("create-issue", PLAN, "A1", 8),
      ],
      labelsAlreadyPresent: [],
    };
    expect(createdIssueNumber(result, PLAN, "A1")).toBe(8);
    expect(createdIssueNumber(result, PLAN, "A3")).toBeUndefined();
  });
});
