import { describe, expect, it } from "vitest";
import { parseMarker, renderMarker } from "../../src/render/marker.js";
import { applyToIssues } from "../../src/sync/apply-to-issues.js";
import type { SyncAction } from "../../src/sync/types.js";
import { BOT, byNumber, makeIssue } from "./support.js";

// applyToIssues is what `plan-sync sync --dry-run` shows as "the issues after this sync", and what the idempotence
// tests reconcile against: it must predict GitHub's result exactly.
const body = `Do it\n\n${renderMarker({ path: "plan.md", task: "DATA-1", hash: "0123abcd" })}`;
const create = (taskId: string, more: Partial<Extract<SyncAction, { type: "create-issue" }>> = {}): SyncAction => ({
  type: "create-issue",
  path: "plan.md",
  taskId,
  title: `${taskId} title`,
  body,
  labels: ["plan-sync", "area:DATA"],
  ...more,
});

describe("applyToIssues (the issues a dry run predicts)", () => {
  it("numbers new issues after the highest existing number, as GitHub does, authored by the app", () => {
    const after = applyToIssues([makeIssue(7), makeIssue(3)], [create("DATA-1"), create("DATA-2")], BOT);
    expect(after.map((i) => i.number)).toEqual([7, 3, 8, 9]);
    expect(byNumber(after, 8)).toEqual({
      number: 8,
      title: "DATA-1 title",
      body,
      labels: ["plan-sync", "area:DATA"],
      state: "open",
      stateReason: null,
      author: BOT,
      htmlUrl: "https://github.com/issues/8",
    });
  });

  it("the first issue of a repository without issues is #1", () => {
    expect(applyToIssues([], [create("DATA-1")], BOT).map((i) => i.number)).toEqual([1]);
  });

  it("a task already ticked becomes an issue closed as completed, its marker recording done", () => {
    const [issue] = applyToIssues([], [create("DATA-1", { closeAsCompleted: true })], BOT);
    expect(issue?.state).toBe("closed");
    expect(issue?.stateReason).toBe("completed");
    expect(parseMarker(issue?.body ?? "")?.done).toBe(true);
  });

  it("an update changes only the fields it names", () => {
    const before = [makeIssue(1, { title: "Old", body: "old body", labels: ["plan-sync"] })];
    const retitled = applyToIssues(
      before,
      [{ type: "update-issue", path: "plan.md", taskId: "DATA-1", issueNumber: 1, title: "New" }],
      BOT,
    );
    expect(byNumber(retitled, 1)).toMatchObject({ title: "New", body: "old body", labels: ["plan-sync"] });
    const relabelled = applyToIssues(
      before,
      [{ type: "update-issue", path: "plan.md", taskId: "DATA-1", issueNumber: 1, body: "new body", labels: ["x"] }],
      BOT,
    );
    expect(byNumber(relabelled, 1)).toMatchObject({ title: "Old", body: "new body", labels: ["x"] });
  });

  it("a close records its reason and, when the action carries one, the new body; a reopen says reopened", () => {
    const before = [makeIssue(1, { body: "kept" }), makeIssue(2, { body: "old" }), makeIssue(3, { state: "closed" })];
    const after = applyToIssues(
      before,
      [
        { type: "close-issue", path: "plan.md", taskId: "DATA-1", issueNumber: 1, reason: "not_planned" },
        { type: "close-issue", path: "plan.md", taskId: "DATA-2", issueNumber: 2, reason: "completed", body: "new" },
        { type: "reopen-issue", path: "plan.md", taskId: "DATA-3", issueNumber: 3, body: "reopened body" },
      ],
      BOT,
    );
    expect(byNumber(after, 1)).toMatchObject({ state: "closed", stateReason: "not_planned", body: "kept" });
    expect(byNumber(after, 2)).toMatchObject({ state: "closed", stateReason: "completed", body: "new" });
    expect(byNumber(after, 3)).toMatchObject({ state: "open", stateReason: "reopened", body: "reopened body" });
    const reopenedAsIs = applyToIssues(
      [makeIssue(4, { state: "closed", body: "as is" })],
      [{ type: "reopen-issue", path: "plan.md", taskId: "DATA-4", issueNumber: 4 }],
      BOT,
    );
    expect(byNumber(reopenedAsIs, 4).body).toBe("as is");
  });

  it("actions for issues it does not know and label creations change nothing", () => {
    const before = [makeIssue(1)];
    const after = applyToIssues(
      before,
      [
        { type: "create-label", name: "plan-sync", color: "ededed", description: "" },
        { type: "update-issue", path: "plan.md", taskId: "X-1", issueNumber: 9, title: "ghost" },
        { type: "close-issue", path: "plan.md", taskId: "X-1", issueNumber: 9, reason: "completed", body: "b" },
        { type: "reopen-issue", path: "plan.md", taskId: "X-1", issueNumber: 9, body: "b" },
      ],
      BOT,
    );
    expect(after).toEqual(before);
  });

  it("leaves the issues it was given untouched (a dry run changes nothing)", () => {
    const before = [makeIssue(1, { labels: ["plan-sync"] })];
    const snapshot = structuredClone(before);
    const after = applyToIssues(
      before,
      [
        { type: "update-issue", path: "plan.md", taskId: "DATA-1", issueNumber: 1, labels: ["other"] },
        { type: "close-issue", path: "plan.md", taskId: "DATA-1", issueNumber: 1, reason: "completed" },
      ],
      BOT,
    );
    expect(before).toEqual(snapshot);
    expect(byNumber(after, 1)).toMatchObject({ labels: ["other"], state: "closed" });
  });
});
