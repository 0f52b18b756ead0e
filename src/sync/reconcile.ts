import type { PlanSyncConfig } from "../config/config-schema.js";
import type { IssueRecord, LabelRecord } from "../github/gateway.js";
import { hasErrors, type Plan, type Task } from "../plan/types.js";
import { parseIssueBody } from "../render/issue-parse.js";
import { renderIssue, type RenderContext } from "../render/issue-render.js";
import { replaceMarker } from "../render/marker.js";
import { issueChanges } from "./issue-diff.js";
import { labelActions } from "./label-actions.js";
import { collectManagedIssues } from "./managed-issues.js";
import { guardMassClose } from "./mass-close-guard.js";
import { findReadoption } from "./readopt.js";
import type { ReconcileResult } from "./reconcile-result.js";
import { removedTaskComment, taskBackComment, untickedComment } from "./sync-comments.js";
import type { SyncAction } from "./types.js";

type CloseIssue = Extract<SyncAction, { type: "close-issue" }>;

export interface ReconcilePlanInput {
  plan: Plan;
  /** The same file at the push's `before`; null when it did not exist (or is unknown: then every ticked task counts as just ticked). */
  previousPlan: Plan | null;
  /** Every issue the caller listed by creator; pull requests are never in it. */
  issues: IssueRecord[];
  /** The app's login, e.g. "plan-sync[bot]": only issues it authored are managed. */
  identity: string;
  config: PlanSyncConfig;
  ctx: RenderContext;
  /** The push (or a later one) carried `plan-sync: confirm-close`. */
  confirmClose: boolean;
  /** The plan's path before a rename in this push: issues marked with it are this plan's. */
  renamedFrom?: string | null;
  /** The repository's labels; when given, create-label actions come first for the ones missing. */
  existingLabels?: LabelRecord[];
}

/**
 * Desired state (the plan) against actual state (the app's own issues) →
 * the actions that close the gap, and nothing else. Running it again after
 * applying them yields no actions, which is what makes webhook redelivery and
 * concurrent deliveries safe.
 */
export function reconcilePlan(input: ReconcilePlanInput): ReconcileResult {
  const { plan, previousPlan, config, ctx } = input;
  if (hasErrors(plan)) {
    const errors = plan.diagnostics.filter((d) => d.severity === "error");
    const [first] = errors;
    return {
      actions: [],
      blocked: null,
      skipped: {
        reason:
          `${plan.path} has ${errors.length} error${errors.length === 1 ? "" : "s"}, so nothing was synced until ` +
          `${errors.length === 1 ? "it is" : "they are"} fixed` +
          (first ? ` (first: ${first.path}:${first.line}: ${first.message})` : "") +
          ".",
      },
      notes: [],
    };
  }

  const paths = input.renamedFrom ? [plan.path, input.renamedFrom] : [plan.path];
  const managed = collectManagedIssues(input.issues, input.identity, paths);
  const notes: string[] = [];
  for (const [taskId, extra] of managed.duplicates) {
    const kept = managed.byTask.get(taskId)?.issue.number;
    notes.push(
      `${taskId} in ${plan.path} has more than one issue (#${kept}, ${extra.map((i) => `#${i.number}`).join(", ")}); ` +
        `plan-sync keeps #${kept} and leaves the others alone.`,
    );
  }

  const previous = new Map((previousPlan?.tasks ?? []).map((t) => [t.id, t]));
  const taken = new Set([...managed.byTask.values()].map((m) => m.issue.number));
  const seen = new Set<string>();
  const taskActions: SyncAction[] = [];
  const wantedLabels: string[] = [];

  for (const task of plan.tasks) {
    // The parser reports duplicate IDs as errors; this only guards against acting twice if one slips through.
    if (seen.has(task.id)) continue;
    seen.add(task.id);

    const current = managed.byTask.get(task.id);
    let issue = current?.issue;
    let adopted = false;
    if (!issue) {
      const readoption = findReadoption({
        taskId: task.id,
        path: plan.path,
        markerless: managed.markerless,
        taken,
        planLabel: config.labels.plan.name,
        otherPlansTaskIds: managed.otherPlansTaskIds,
      });
      if (readoption.kind === "ambiguous") {
        notes.push(readoption.note);
        continue;
      }
      if (readoption.kind === "adopt") {
        issue = readoption.issue;
        adopted = true;
        taken.add(issue.number);
      }
    }

    if (!issue) {
      const rendered = renderIssue(task, plan, ctx, config);
      wantedLabels.push(...rendered.labels);
      taskActions.push({
        type: "create-issue",
        path: plan.path,
        taskId: task.id,
        title: rendered.title,
        body: rendered.body,
        labels: rendered.labels,
        ...(task.done ? { closeAsCompleted: true } : {}),
      });
      continue;
    }

    const checkedCriteria = new Set(
      parseIssueBody(issue.body)
        .acceptanceCriteria.filter((c) => c.checked)
        .map((c) => c.text),
    );
    const rendered = renderIssue(task, plan, ctx, config, { checkedCriteria });
    const marker = adopted ? null : (current?.marker ?? null);
    if (marker && marker.hash === rendered.hash) {
      // Unchanged task: people's edits to the issue stand. Only a rename needs the marker re-pointed.
      if (marker.path !== plan.path) {
        taskActions.push({
          type: "update-issue",
          path: plan.path,
          taskId: task.id,
          issueNumber: issue.number,
          body: replaceMarker(issue.body, {
            path: plan.path,
            task: task.id,
            hash: rendered.hash,
            ...(ctx.markerRepo ? { repo: ctx.markerRepo } : {}),
          }),
        });
      }
    } else {
      const changes = issueChanges(issue, rendered, config);
      if (changes.labels) wantedLabels.push(...rendered.labels);
      if (Object.keys(changes).length > 0) {
        taskActions.push({
          type: "update-issue",
          path: plan.path,
          taskId: task.id,
          issueNumber: issue.number,
          ...changes,
        });
      }
    }

    const state = stateAction(task, previous.get(task.id), issue, plan.path, ctx);
    if (state) taskActions.push(state);
  }

  const inPlan = new Set(plan.tasks.map((t) => t.id));
  const ourOpen = [...managed.byTask.values()].filter((m) => m.issue.state === "open");
  const removalCloses: CloseIssue[] = ourOpen
    .filter((m) => !inPlan.has(m.marker.task))
    .map((m) => ({
      type: "close-issue",
      path: plan.path,
      taskId: m.marker.task,
      issueNumber: m.issue.number,
      reason: "not_planned",
      comment: removedTaskComment(m.marker.task, plan.path, ctx),
    }));
  const guarded = guardMassClose({
    closes: removalCloses,
    openCount: ourOpen.length,
    config,
    confirmClose: input.confirmClose,
    what: `tasks removed from ${plan.path}`,
  });

  const labels = input.existingLabels ? labelActions(wantedLabels, input.existingLabels, config) : [];
  return { actions: [...labels, ...taskActions, ...guarded.closes], blocked: guarded.blocked, skipped: null, notes };
}

/**
 * Issue state follows the plan only where the plan changed in this push. A
 * checkbox nobody touched says nothing new, so an issue closed or reopened on
 * GitHub since (and not yet written back) is left as people set it.
 */
function stateAction(
  task: Task,
  previousTask: Task | undefined,
  issue: IssueRecord,
  path: string,
  ctx: RenderContext,
): SyncAction | null {
  const base = { path, taskId: task.id, issueNumber: issue.number };
  if (!previousTask && issue.state === "closed" && issue.stateReason === "not_planned") {
    return task.done
      ? { type: "close-issue", ...base, reason: "completed" }
      : { type: "reopen-issue", ...base, comment: taskBackComment(task.id, path, ctx) };
  }
  // A task new to this plan version (or a plan seen for the first time) that is ticked counts as just ticked.
  const doneChanged = previousTask ? previousTask.done !== task.done : task.done;
  if (!doneChanged) return null;
  if (task.done && issue.state === "open") return { type: "close-issue", ...base, reason: "completed" };
  if (!task.done && issue.state === "closed") {
    return { type: "reopen-issue", ...base, comment: untickedComment(task.id, path, ctx) };
  }
  return null;
}
