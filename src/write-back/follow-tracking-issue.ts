import type { PlanSyncConfig } from "../config/config-schema.js";
import type { Log } from "../log/log.js";
import type { Gateway, IssueRecord, RepoRef } from "../github/gateway.js";
import { parsePlanBudgeted } from "../parse-worker/plan-parser.js";
import { hasErrors } from "../plan/types.js";
import { planParseOptions } from "../sync/plan-parse-options.js";
import { homeRouting } from "../sync/routing.js";
import { applyTracking, trackingNeeds } from "../sync/tracking-issues.js";

export type FollowTrackingResult = "updated" | "unchanged" | "none";

/**
 * After a write-back commit, the plan's tracking issue follows the plan: its
 * progress per area, and closed when every task is done, reopened when one is
 * not. The app's own commit starts no push sync (no loops), so without this
 * the tracking issue would lag until someone pushed the plan again.
 *
 * Only an existing tracking issue is updated: creating one (and linking every
 * task issue as its sub-issue) is push sync's job. Costs one listing of the
 * app's issues in the plan's repository (`listIssues`: the App passes its
 * remembered listing, so that is one page of the issues updated since, not a
 * page per 100 issues), and one write when the body or state changed.
 */
export async function followTrackingIssue(input: {
  /** The plan repository's gateway: the tracking issue lives there, wherever the task issues are. */
  gateway: Gateway;
  planRepo: RepoRef;
  identity: string;
  config: PlanSyncConfig;
  path: string;
  /** The plan as the write-back committed it. */
  text: string;
  branch: string;
  serverUrl: string;
  log: Log;
  /** The app's issues in the plan repository, newest first; default: a full listing. */
  listIssues?: () => Promise<IssueRecord[]>;
}): Promise<FollowTrackingResult> {
  if (!input.config.tracking) return "none";
  const plan = await parsePlanBudgeted(input.text, input.path, planParseOptions(input.config));
  // The write-back verified its patch by re-parsing; a plan with errors is left to push sync, which reports them.
  if (hasErrors(plan)) return "none";
  const issues = await (input.listIssues ? input.listIssues() : input.gateway.listIssuesByCreator(input.identity));
  const planRepo = `${input.planRepo.owner}/${input.planRepo.repo}`;
  const needs = trackingNeeds({
    plans: [{ path: input.path, previousPath: null, plan }],
    homeIssues: issues,
    identity: input.identity,
    config: input.config,
    planRepo,
    serverUrl: input.serverUrl,
    branch: input.branch,
  }).filter((n) => n.existing !== null);
  if (needs.length === 0) return "none";
  const changed = needs.filter((n) => n.changed);
  if (changed.length === 0) return "unchanged";
  await applyTracking({
    gateway: input.gateway,
    needs: changed,
    routing: homeRouting(input.planRepo),
    homeIssues: issues,
    applied: null,
    identity: input.identity,
  });
  input.log.info(`write-back ${input.path}: tracking issue #${changed[0]!.existing!.number} follows the plan`);
  return "updated";
}
