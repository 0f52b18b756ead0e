import type { PlanSyncConfig } from "../config/config-schema.js";
import type { IssueRecord, LabelRecord } from "./gateway.js";
import { hasErrors, type Diagnostic } from "../plan/types.js";
import type { PlanOutcome } from "./plan-outcome.js";
import type { RenderContext } from "../render/issue-render.js";
import { labelActions } from "./label-actions.js";
import { collectManagedIssues } from "./managed-issues.js";
import { isIssueDone } from "./three-way.js";
import { reconcileDeletedPlan } from "./reconcile-deleted-plan.js";
import { reconcilePlan } from "./reconcile.js";
import type { SyncAction } from "./types.js";
import type { PushedPlan } from "./pushed-plan.js";

export interface PlanPushInput {
  plans: readonly PushedPlan[];
  /** The app's issues, listed once for every plan of the push. */
  issues: IssueRecord[];
  identity: string;
  config: PlanSyncConfig;
  ctx: RenderContext;
  confirmClose: boolean;
  /** When the pushed commit was made (ms), for the three-way decision when plan and issue both changed. */
  committedAt?: number | null;
}

/**
 * What a push asks of GitHub, plan by plan, as data: the pure reconciler per
 * plan (a plan with errors gets nothing, the others still sync), a deleted
 * plan's issues closed under the mass-close guard.
 */
export function planPush(input: PlanPushInput): PlanOutcome[] {
  return input.plans.map((p): PlanOutcome => {
    if (p.plan === null) {
      const result = reconcileDeletedPlan({
        path: p.path,
        issues: input.issues,
        identity: input.identity,
        config: input.config,
        ctx: input.ctx,
        confirmClose: input.confirmClose,
      });
      return {
        path: p.path,
        diagnostics: [],
        actions: result.actions,
        blocked: result.blocked?.reason ?? null,
        notes: result.notes,
      };
    }
    const result = reconcilePlan({
      plan: p.plan,
      // A previous version with errors says nothing reliable about what changed.
      previousPlan: p.previousPlan && !hasErrors(p.previousPlan) ? p.previousPlan : null,
      issues: input.issues,
      identity: input.identity,
      config: input.config,
      ctx: input.ctx,
      confirmClose: input.confirmClose,
      renamedFrom: p.previousPath,
      planChangedAt: input.committedAt ?? null,
    });
    const notes = [...result.notes];
    // A plan with errors is skipped; its annotated diagnostics already say why.
    if (result.skipped && !hasErrors(p.plan)) notes.push(result.skipped.reason);
    return {
      path: p.path,
      diagnostics: p.plan.diagnostics,
      actions: result.actions,
      blocked: result.blocked?.reason ?? null,
      notes,
      heal: result.heal,
    };
  });
}

/**
 * Whether a plan reconciled without its `before` version (PushedPlan.previousRef)
 * needs it after all. The plan at `before` only changes what a sync does where
 * the sync has something to do or say (actions, ticks to heal, notes, held
 * closes), where a warning may be old or new, or where a box and its issue
 * disagree (the three-way decision may weigh the box at `before`). A plan whose
 * tasks all agree with their issues and that has nothing to say does not: its
 * reconciliation is the same with or without it (test/sync/plan-push.test.ts).
 */
export function needsPreviousPlan(
  pushed: PushedPlan,
  outcome: PlanOutcome,
  issues: IssueRecord[],
  identity: string,
): boolean {
  const plan = pushed.plan;
  if (!plan) return true;
  if (outcome.actions.length > 0 || (outcome.heal?.length ?? 0) > 0) return true;
  if (outcome.notes.length > 0 || outcome.blocked !== null) return true;
  if (plan.diagnostics.some((d) => d.severity === "warning")) return true;
  const managed = collectManagedIssues(issues, identity, [plan.path]);
  return plan.tasks.some((task) => {
    const issue = managed.byTask.get(task.id)?.issue;
    return issue !== undefined && task.done !== isIssueDone(issue);
  });
}

/** Labels the push's issues need that the repository lacks, each created once for the whole push. */
export function wantedLabels(outcomes: readonly PlanOutcome[]): string[] {
  const names: string[] = [];
  for (const o of outcomes) {
    for (const a of o.actions) {
      if (a.type === "create-issue" || (a.type === "update-issue" && a.labels)) names.push(...(a.labels ?? []));
    }
  }
  return names;
}

export function labelsToCreate(
  outcomes: readonly PlanOutcome[],
  existing: LabelRecord[],
  config: PlanSyncConfig,
): SyncAction[] {
  return labelActions(wantedLabels(outcomes), existing, config);
}

/**
 * Something a person should see on the commit: changes, errors, warnings new
 * in this push, held-back closes or notes. A warning the plan already had at
 * `before` (a template row left in, say) was shown when it appeared; posting
 * it again on every push would make each push cost a write.
 */
export function worthReporting(outcomes: readonly PlanOutcome[], plans: readonly PushedPlan[] = []): boolean {
  const byPath = new Map(plans.map((p) => [p.path, p]));
  return outcomes.some((o) => {
    if (o.actions.length > 0 || o.blocked !== null || o.notes.length > 0) return true;
    if (o.diagnostics.some((d) => d.severity === "error")) return true;
    const pushed = byPath.get(o.path);
    return newWarnings(o.diagnostics, pushed?.previousPlan?.diagnostics ?? []).length > 0;
  });
}

/**
 * Warnings of `after` that `before` did not have, compared by code and
 * message: a warning that only moved (lines added above it) is not new, a
 * second one with the same text is.
 */
export function newWarnings(after: readonly Diagnostic[], before: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Map<string, number>();
  for (const d of before) {
    if (d.severity !== "warning") continue;
    seen.set(warningKey(d), (seen.get(warningKey(d)) ?? 0) + 1);
  }
  return after.filter((d) => {
    if (d.severity !== "warning") return false;
    const left = seen.get(warningKey(d)) ?? 0;
    if (left === 0) return true;
    seen.set(warningKey(d), left - 1);
    return false;
  });
}

/** Line numbers inside a message ("first at line 12") move with the text, so they do not count. */
function warningKey(d: Diagnostic): string {
  return `${d.code}\u0000${d.message.replace(/\bline \d+/g, "line #")}`;
}
