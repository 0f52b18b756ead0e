import { DEFAULT_CONFIG, type PlanSyncConfig } from "../../src/config/config-schema.js";
import type { IssueRecord } from "../../src/github/gateway.js";
import type { Plan } from "../../src/plan/types.js";
import { applyToIssues } from "../../src/sync/apply-to-issues.js";
import { reconcilePlan, type ReconcilePlanInput } from "../../src/sync/reconcile.js";

export const BOT = "plan-sync[bot]";
export const ctx = { owner: "acme", repo: "widgets", sha: "c0ffee0000000000000000000000000000000000" };

export function makeIssue(number: number, overrides: Partial<IssueRecord> = {}): IssueRecord {
  return {
    number,
    title: `Issue ${number}`,
    body: "",
    state: "open",
    stateReason: null,
    labels: [],
    author: BOT,
    htmlUrl: `https://github.com/acme/widgets/issues/${number}`,
    ...overrides,
  };
}

export function reconcile(
  plan: Plan,
  issues: IssueRecord[],
  more: Partial<Omit<ReconcilePlanInput, "plan" | "issues">> & { config?: PlanSyncConfig } = {},
) {
  return reconcilePlan({
    plan,
    previousPlan: plan,
    issues,
    identity: BOT,
    config: DEFAULT_CONFIG,
    ctx,
    confirmClose: false,
    ...more,
  });
}

/** The issues after a first sync of `plan` from nothing: the usual starting point. */
export function synced(plan: Plan, config: PlanSyncConfig = DEFAULT_CONFIG): IssueRecord[] {
  const { actions } = reconcile(plan, [], { previousPlan: null, config });
  return applyToIssues([], actions, BOT);
}

export function byNumber(issues: IssueRecord[], n: number): IssueRecord {
  const issue = issues.find((i) => i.number === n);
  if (!issue) throw new Error(`no issue #${n}`);
  return issue;
}
