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
import type { PushedPlan } from "../sync/pushed-plan.js";
import { planRoutedPush, withRoutingProblems, type Routing } from "../sync/routing.js";

export interface PreviewInput {
  files: readonly ChangedPlanFile[];
  /** Every issue the app created, listed once for all plans. */
  issues: IssueRecord[];
  identity: string;
  config: PlanSyncConfig;
  /** Issue bodies link the plan at the PR head; the hash ignores the commit, so no spurious updates. */
  ctx: RenderContext;
  /**
   * The config's routes, opened as a push opens them (consent asked, the
   * targets' issues listed): each task's actions then name the repository
   * they go to, and a refused route is an error at its config line before
   * merge. Absent: every issue is in the plan's repository.
   */
  routing?: Routing;
  /** The config at the PR head, to place a refused route at its line. */
  configText?: string | null;
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
  const routing = input.routing;
  if (routing && routing.areaRepo.size > 0) {
    const pushed: PushedPlan = {
      path: file.path,
      change: file.change,
      previousPath: file.previousPath,
      plan,
      previousPlan: basePlan && !hasErrors(basePlan) ? basePlan : null,
    };
    const routed = planRoutedPush(
      {
        plans: [pushed],
        issues: input.issues,
        identity: input.identity,
        config: input.config,
        ctx: input.ctx,
        confirmClose: false,
      },
      routing,
    );
    const [o] = withRoutingProblems(routed, [pushed], routing, input.configText ?? null);
    return {
      path: file.path,
      diagnostics: o?.diagnostics ?? plan.diagnostics,
      actions: o?.actions ?? [],
      blocked: o?.blocked ?? null,
      notes: [...(o?.notes ?? []), ...unroutedNote(plan, routing)],
      change: file.change,
      ...(file.previousPath ? { previousPath: file.previousPath } : {}),
      featureName: plan.featureName,
      progress: progressByArea(plan.tasks),
      ...(basePlan ? { progressBefore: progressByArea(basePlan.tasks) } : {}),
      issueTitles,
    };
  }
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

/** When some areas are routed, the tasks whose area is not: said, since a typo in an ID's prefix would keep them home. */
function unroutedNote(plan: Plan, routing: Routing): string[] {
  const home = plan.tasks.filter((t) => !routing.areaRepo.has(t.area)).map((t) => t.id);
  if (home.length === 0) return [];
  const areas = [...new Set(plan.tasks.filter((t) => !routing.areaRepo.has(t.area)).map((t) => t.area || "(none)"))];
  return [
    `${home.join(", ")} stay${home.length === 1 ? "s" : ""} in ${routing.planRepo}: no \`areas.<ID>.repo\` routes ${areas.length === 1 ? "area" : "areas"} ${areas.join(", ")}.`,
  ];
}

function titlesOf(issues: readonly IssueRecord[], identity: string): Record<number, string> {
  const titles: Record<number, string> = {};
  for (const issue of issues) if (isAuthoredBy(issue, identity)) titles[issue.number] = issue.title;
  return titles;
}
