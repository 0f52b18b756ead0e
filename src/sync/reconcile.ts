import type { PlanSyncConfig } from "../config/config-schema.js";
import type { IssueRecord, LabelRecord } from "./gateway.js";
import { hasErrors, type Plan, type Task } from "../plan/types.js";
import { parseIssueBody } from "../render/issue-parse.js";
import { renderIssue, type RenderContext } from "../render/issue-render.js";
import { replaceMarker, withDeps, withDone } from "../render/marker.js";
import { issueChanges } from "./issue-diff.js";
import { labelActions } from "./label-actions.js";
import { collectManagedIssues } from "./managed-issues.js";
import { guardMassClose } from "./mass-close-guard.js";
import { findReadoption } from "./readopt.js";
import type { PlanHeal, ReconcileResult } from "./reconcile-result.js";
import { conflictNote, healNote, removedTaskComment, taskBackComment, untickedComment } from "./sync-comments.js";
import { decideThreeWay, isIssueDone, issueStateChangedAt, type ThreeWayDecision } from "./three-way.js";
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
  /** When the plan version being synced was committed (ms): weighed against an issue's close when both changed. */
  planChangedAt?: number | null;
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
      heal: [],
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
  const heal: PlanHeal[] = [];

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
        // Open as created: a task created ticked records its state with the close (see applyActions).
        // The dependencies are linked right after the issues are created (syncDependencies), and recorded with the creation.
        body: withDeps(withDone(rendered.body, false), task.dependsOn),
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
    const decision = decideState(task, previous.get(task.id), issue, marker?.done ?? null, input.planChangedAt);
    // The state recorded with this sync's body update: the agreed one, else the last synced one (until a side is written).
    const recorded = decision.kind === "agree" ? decision.done : marker?.done;
    let update: Extract<SyncAction, { type: "update-issue" }> | null = null;
    if (marker && marker.hash === rendered.hash) {
      // Unchanged task: people's edits to the issue stand. Only a rename, or a state to record, rewrites the marker.
      const stale = recorded !== undefined && marker.done !== undefined && marker.done !== recorded;
      if (marker.path !== plan.path || stale) {
        update = {
          type: "update-issue",
          path: plan.path,
          taskId: task.id,
          issueNumber: issue.number,
          body: replaceMarker(issue.body, {
            path: plan.path,
            task: task.id,
            hash: rendered.hash,
            ...(ctx.markerRepo ? { repo: ctx.markerRepo } : {}),
            ...doneField(recorded),
            // What was last linked stays recorded until the dependency phase links what the plan says now.
            ...(marker.deps ? { deps: marker.deps } : {}),
          }),
        };
      }
    } else {
      const changes = issueChanges(
        issue,
        { ...rendered, body: withDeps(withDone(rendered.body, recorded), marker?.deps) },
        config,
      );
      if (changes.labels) wantedLabels.push(...rendered.labels);
      if (Object.keys(changes).length > 0) {
        update = { type: "update-issue", path: plan.path, taskId: task.id, issueNumber: issue.number, ...changes };
      }
    }
    if (update) taskActions.push(update);
    const bodyAfter = update?.body ?? issue.body;

    const taskBack = taskBackAction(task, previous.get(task.id), issue, plan.path, ctx);
    if (taskBack) {
      taskActions.push({ ...taskBack, body: withDone(bodyAfter, task.done) });
      continue;
    }
    if (decision.kind === "plan") {
      const state = planWinsAction(task, issue, plan.path, ctx);
      // The state is recorded in the same write that changes it: a close that never happened must not read as synced.
      taskActions.push({ ...state, body: withDone(bodyAfter, decision.done) });
      if (decision.conflict) notes.push(conflictNote(task.id, issue.number, "plan", decision.done, plan.path));
    } else if (decision.kind === "issue") {
      heal.push({
        taskId: task.id,
        issueNumber: issue.number,
        done: decision.done,
        recordedBody: withDone(bodyAfter, decision.done),
        conflict: decision.conflict,
      });
      notes.push(
        decision.conflict
          ? conflictNote(task.id, issue.number, "issue", decision.done, plan.path)
          : healNote(task.id, issue.number, decision.done, plan.path),
      );
    }
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
  return {
    actions: [...labels, ...taskActions, ...guarded.closes],
    blocked: guarded.blocked,
    skipped: null,
    notes,
    heal,
  };
}

/**
 * The three-way decision for a task that has its issue (see three-way.ts):
 * the plan's box now and at `before`, the state recorded in the marker at the
 * last sync, and the issue as read from GitHub (never a payload's action).
 */
function decideState(
  task: Task,
  previousTask: Task | undefined,
  issue: IssueRecord,
  lastSynced: boolean | null,
  planChangedAt: number | null | undefined,
): ThreeWayDecision {
  return decideThreeWay({
    planDone: task.done,
    previousPlanDone: previousTask ? previousTask.done : null,
    lastSynced,
    issueDone: isIssueDone(issue),
    issueChangedAt: issueStateChangedAt(issue),
    planChangedAt: planChangedAt ?? null,
  });
}

/** A task new to the plan whose issue was closed as not planned (it had been removed): it is back. */
function taskBackAction(
  task: Task,
  previousTask: Task | undefined,
  issue: IssueRecord,
  path: string,
  ctx: RenderContext,
): Extract<SyncAction, { type: "close-issue" | "reopen-issue" }> | null {
  if (previousTask || issue.state !== "closed" || issue.stateReason !== "not_planned") return null;
  const base = { path, taskId: task.id, issueNumber: issue.number };
  return task.done
    ? { type: "close-issue", ...base, reason: "completed" }
    : { type: "reopen-issue", ...base, comment: taskBackComment(task.id, path, ctx) };
}

/**
 * The plan's box wins (the three-way decision said so, so the box and the issue disagree): the issue of a ticked
 * task is closed as completed, also one a person closed as not planned (the plan, the newer word, says it is done,
 * and only a close as completed reads as done), and the closed issue of an unticked one reopened.
 */
function planWinsAction(
  task: Task,
  issue: IssueRecord,
  path: string,
  ctx: RenderContext,
): Extract<SyncAction, { type: "close-issue" | "reopen-issue" }> {
  const base = { path, taskId: task.id, issueNumber: issue.number };
  return task.done
    ? { type: "close-issue", ...base, reason: "completed" }
    : { type: "reopen-issue", ...base, comment: untickedComment(task.id, path, ctx) };
}

function doneField(done: boolean | undefined): { done?: boolean } {
  return done === undefined ? {} : { done };
}
