import { describe, expect, it } from "vitest";
import {
  ApplyActionsError,
  applyActions,
  createdIssueNumber,
  type ApplyProgress,
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
    expect(progress.map((p) => (p.kind === "action" ? `done ${p.done}/${p.total}` : `waiting at ${p.done}`))).toEqual([
      "done 1/4",
      "done 2/4",
      "done 3/4",
      "waiting at 3",
      "done 4/4",
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
