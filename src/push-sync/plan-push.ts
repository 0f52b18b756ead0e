import type { PlanSyncConfig } from "../config/config-schema.js";
import type { IssueRecord, LabelRecord } from "../github/gateway.js";
import { hasErrors } from "../plan/types.js";
import type { PlanOutcome } from "../render/check-run.js";
import type { RenderContext } from "../render/issue-render.js";
import { labelActions } from "../sync/label-actions.js";
import { reconcileDeletedPlan } from "../sync/reconcile-deleted-plan.js";
import { reconcilePlan } from "../sync/reconcile.js";
import type { SyncAction } from "../sync/types.js";
import type { PushedPlan } from "./pushed-plan.js";

export interface PlanPushInput {
  plans: readonly PushedPlan[];
  /** The app's issues, listed once for every plan of the push. */
  issues: IssueRecord[];
  identity: string;
  config: PlanSyncConfig;
  ctx: RenderContext;
  confirmClose: boolean;
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
      return { path: p.path, diagnostics: [], actions: result.actions, blocked: result.blocked?.reason ?? null, notes: result.notes };
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
    });
    const notes = [...result.notes];
    // A plan with errors is skipped; its annotated diagnostics already say why.
    if (result.skipped && !hasErrors(p.plan)) notes.push(result.skipped.reason);
    return { path: p.path, diagnostics: p.plan.diagnostics, actions: result.actions, blocked: result.blocked?.reason ?? null, notes };
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

export function labelsToCreate(outcomes: readonly PlanOutcome[], existing: LabelRecord[], config: PlanSyncConfig): SyncAction[] {
  return labelActions(wantedLabels(outcomes), existing, config);
}

/** Something a person should see on the commit: changes, diagnostics, held-back closes or notes. */
export function worthReporting(outcomes: readonly PlanOutcome[]): boolean {
  return outcomes.some((o) => o.actions.length > 0 || o.diagnostics.length > 0 || o.blocked !== null || o.notes.length > 0);
}
