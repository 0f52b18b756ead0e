import type { PlanSyncConfig } from "../config/config-schema.js";
import type { IssueRecord } from "../github/gateway.js";
import { hasErrors, type Plan } from "../plan/types.js";
import type { RenderContext } from "../render/issue-render.js";
import type { PrPlanSection } from "../render/pr-comment.js";
import { progressByArea } from "../render/progress.js";
import { reconcileDeletedPlan } from "../sync/reconcile-deleted-plan.js";
import { isAuthoredBy } from "../sync/managed-issues.js";
import type { ReconcileResult } from "../sync/reconcile-result.js";
import { reconcilePlan } from "../sync/reconcile.js";
import { parseChangedPlan, type ChangedPlanFile } from "../sync/plan-files.js";

export interface PreviewInput {
  files: readonly ChangedPlanFile[];
  /** Every issue the app created, listed once for all plans. */
  issues: IssueRecord[];
  identity: string;
  config: PlanSyncConfig;
  /** Issue bodies link the plan at the PR head; the hash ignores the commit, so no spurious updates. */
  ctx: RenderContext;
}

/**
 * What merging the PR will do to each changed plan's issues: the same
 * reconciliation the push sync runs, as a dry run. The plan at the base is the
 * previous plan, so ticks the PR adds or removes show as closes and reopens.
 */
export async function previewChangedPlans(input: PreviewInput): Promise<PrPlanSection[]> {
  const issueTitles = titlesOf(input.issues, input.identity);
  const sections: PrPlanSection[] = [];
  for (const file of input.files) sections.push(await previewOne(file, input, issueTitles));
  return sections;
}

async function previewOne(
  file: ChangedPlanFile,
  input: PreviewInput,
  issueTitles: Record<number, string>,
): Promise<PrPlanSection> {
  const { plan: headPlan, previousPlan: basePlan } = await parseChangedPlan(file, input.config);

  if (headPlan === null) {
    const result = reconcileDeletedPlan({
      path: file.path,
      issues: input.issues,
      identity: input.identity,
      config: input.config,
      ctx: input.ctx,
      confirmClose: false,
    });
    return {
      ...outcome(file.path, [], result),
      change: "deleted",
      featureName: basePlan?.featureName ?? null,
      progress: basePlan ? progressByArea(basePlan.tasks) : [],
      issueTitles,
    };
  }

  const plan = headPlan;
  const result = reconcilePlan({
    plan,
    previousPlan: basePlan && !hasErrors(basePlan) ? basePlan : null,
    issues: input.issues,
    identity: input.identity,
    config: input.config,
    ctx: input.ctx,
    confirmClose: false,
    renamedFrom: file.previousPath,
  });
  return {
    ...outcome(file.path, plan.diagnostics, result, plan),
    change: file.change,
    ...(file.previousPath ? { previousPath: file.previousPath } : {}),
    featureName: plan.featureName,
    progress: progressByArea(plan.tasks),
    ...(basePlan ? { progressBefore: progressByArea(basePlan.tasks) } : {}),
    issueTitles,
  };
}

function outcome(
  path: string,
  diagnostics: Plan["diagnostics"],
  result: ReconcileResult,
  plan?: Plan,
): Omit<PrPlanSection, "change" | "progress"> {
  const notes = [...result.notes];
  // A plan with errors is skipped; its diagnostics already say why, so the reason is not repeated.
  if (result.skipped && !(plan && hasErrors(plan))) notes.push(result.skipped.reason);
  return { path, diagnostics, actions: result.actions, blocked: result.blocked?.reason ?? null, notes };
}

function titlesOf(issues: readonly IssueRecord[], identity: string): Record<number, string> {
  const titles: Record<number, string> = {};
  for (const issue of issues) if (isAuthoredBy(issue, identity)) titles[issue.number] = issue.title;
  return titles;
}
