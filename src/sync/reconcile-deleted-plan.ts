import type { PlanSyncConfig } from "../config/config-schema.js";
import type { IssueRecord } from "./gateway.js";
import type { RenderContext } from "../render/issue-render.js";
import { collectManagedIssues } from "./managed-issues.js";
import { guardMassClose } from "./mass-close-guard.js";
import type { ReconcileResult } from "./reconcile-result.js";
import { deletedPlanComment } from "./sync-comments.js";
import type { SyncAction } from "./types.js";

type CloseIssue = Extract<SyncAction, { type: "close-issue" }>;

/** A plan file deleted in the push: its open issues close as not planned, never deleted, under the mass-close guard. */
export function reconcileDeletedPlan(input: {
  path: string;
  issues: IssueRecord[];
  identity: string;
  config: PlanSyncConfig;
  ctx: RenderContext;
  confirmClose: boolean;
}): ReconcileResult {
  const managed = collectManagedIssues(input.issues, input.identity, [input.path]);
  const open = managed.all.filter((m) => m.issue.state === "open");
  const closes: CloseIssue[] = open.map((m) => ({
    type: "close-issue",
    path: input.path,
    taskId: m.marker.task,
    issueNumber: m.issue.number,
    reason: "not_planned",
    comment: deletedPlanComment(input.path, input.ctx),
  }));
  const guarded = guardMassClose({
    closes,
    openCount: open.length,
    config: input.config,
    confirmClose: input.confirmClose,
    what: `the plan ${input.path} was deleted`,
  });
  return { actions: guarded.closes, blocked: guarded.blocked, skipped: null, notes: [], heal: [] };
}
