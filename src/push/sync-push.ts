import type { Log } from "../log/log.js";
import type { PlanSyncConfig } from "../config/config-schema.js";
import { matchesPlanPaths } from "../config/matches-plan-paths.js";
import type { ApplyResult } from "../sync/apply-actions.js";
import type { Gateway, IssueRecord } from "../github/gateway.js";
import type { WritePacer } from "../github/write-pacer.js";
import type { PlanCounts } from "../render/check-run.js";
import { parseMarker } from "../render/marker.js";
import { isAuthoredBy } from "../sync/managed-issues.js";
import { CONFIG_PATH } from "../config/config-path.js";
import { hasConfirmClose } from "../sync/confirm-close.js";
import { findAllPlans } from "../sync/find-all-plans.js";
import { findPushedPlans, listPushedFiles } from "./find-pushed-plans.js";
import type { TreeReader } from "../github/git-tree.js";
import type { PushToSync } from "../sync/push-event.js";
import type { PushedPlan } from "../sync/pushed-plan.js";
import type { ReconciledMemory } from "../sync/reconciled-memory.js";
import { withUnchangedPlans } from "./unchanged-plans.js";
import { routedAreas } from "../sync/routing.js";
import { reportSyncFailure, syncPlans, type SyncPlansDeps } from "../sync/sync-plans.js";
import type { LinkWrite } from "../sync/write-links.js";

/** The engine's own options (retries, clock, routing, a resumed check run) pass straight through to syncPlans. */
export interface PushSyncDeps extends Pick<
  SyncPlansDeps,
  | "progressIntervalMs"
  | "retryAt"
  | "now"
  | "targets"
  | "resumeCheckRunId"
  | "retryAttempt"
  | "onCheckRunCreated"
  | "writePlan"
> {
  /** With readTree: a push that changes the config lists every plan of the repository (see withGitTree). */
  gateway: Gateway & TreeReader;
  /** The app's bot login: only its issues are managed. */
  identity: string;
  config: PlanSyncConfig;
  /** The installation's pacer; every write of the sync (check run included) goes through it. */
  pacer?: WritePacer;
  /** https://github.com or the GitHub Enterprise server, for links in issues and the check run. */
  serverUrl: string;
  log: Log;
  /** Plans last reconciled by this process; a push that leaves their tasks as they were skips the issue list. */
  memory?: ReconciledMemory;
}

export interface PushSyncResult {
  outcome: "no-plans" | "in-sync" | "reported" | "synced";
  plans: PlanCounts[];
  applied: ApplyResult | null;
  links: LinkWrite[];
  checkRunId: number | null;
  /** Plans the memory said were reconciled as they are: not reconciled again. */
  remembered: string[];
  /** The push changed the config, so every plan of the repository was synced, not only the ones it changed. */
  allPlans: boolean;
}

/**
 * One push of the default branch → the plans it changed (findPushedPlans),
 * synced by the shared engine (syncPlans: reconcile, apply, link, check run).
 * A push that changes `.github/plan-sync.yml` syncs every plan of the
 * repository (findAllPlans): the new config applies to all of them, and a
 * plan pushed while the config was broken is synced at last.
 * Safe to run again for the same push: the reconciler only proposes what is
 * still missing. An unexpected failure ends the check run as failed, then is
 * rethrown.
 */
/** GitHub's compare API returns at most this many changed files. */
export const COMPARE_FILE_LIMIT = 300;
const COMPARE_CUT_NOTE =
  "This push changed more files than GitHub lists in a comparison (300), so every plan of the repository was synced against its version before the push. " +
  "A plan deleted or moved in such a push is not seen as deleted or moved: close or re-point its issues by pushing again, or use Re-run on this check.";

export async function syncPush(deps: PushSyncDeps, push: PushToSync): Promise<PushSyncResult> {
  const { gateway, config } = deps;
  const now = deps.now ?? Date.now;
  const started = now();
  const engine: SyncPlansDeps = { ...deps, report: "check-run" };
  const confirmClose = push.confirmClose ?? hasConfirmClose(push.headCommit?.message);

  let issues: IssueRecord[] | null = null;
  let plans: PushedPlan[];
  let notes: string[] = [];
  let allPlans = false;
  try {
    // A confirmation may come in a push that does not touch the plan (an empty commit): look at every plan with open issues.
    if (confirmClose) issues = await gateway.listIssuesByCreator(deps.identity);
    const alsoPaths = issues ? openIssuePaths(issues, deps.identity).filter((p) => matchesPlanPaths(p, config)) : [];
    const files = await listPushedFiles(gateway, push);
    // The plan at `before` is read only when the sync needs it (see needsPreviousPlan); areas routed to
    // other repositories are reconciled against issues there, so those plans read it as before.
    plans = await findPushedPlans(gateway, push, config, alsoPaths, files, {
      deferBase: routedAreas(config, gateway.repo).size === 0,
    });
    // GitHub's compare lists at most 300 files: past that, a changed plan may be missing from the list.
    const listCut = files.length >= COMPARE_FILE_LIMIT;
    if (listCut || files.some((f) => f.path === CONFIG_PATH)) {
      const all = await findAllPlans(gateway, push.after, config);
      plans = await withUnchangedPlans(gateway, push, plans, all.plans);
      notes = listCut ? [...all.notes, COMPARE_CUT_NOTE] : all.notes;
      allPlans = true;
    }
  } catch (error) {
    await reportSyncFailure(engine, push.after, error);
    throw error;
  }

  const committedAt = Date.parse(push.headCommit?.timestamp ?? "");
  const synced = await syncPlans(engine, {
    plans,
    branch: push.branch,
    sha: push.after,
    confirmClose,
    issues,
    notes,
    committedAt: Number.isNaN(committedAt) ? null : committedAt,
  });
  const result: PushSyncResult = {
    // The engine only answers "dry-run" when asked for one.
    outcome: synced.outcome === "dry-run" ? "in-sync" : synced.outcome,
    plans: synced.plans,
    applied: synced.applied,
    links: synced.links,
    checkRunId: synced.checkRunId,
    remembered: synced.remembered,
    allPlans,
  };
  logSync(deps, push, result, now() - started);
  return result;
}

/** Paths of plans the app's open issues belong to, from their markers. */
function openIssuePaths(issues: IssueRecord[], identity: string): string[] {
  const paths = new Set<string>();
  for (const issue of issues) {
    if (issue.state !== "open" || !isAuthoredBy(issue, identity)) continue;
    const marker = parseMarker(issue.body);
    if (marker) paths.add(marker.path);
  }
  return [...paths].sort();
}

/** The one structured line per sync: enough to answer "what did it do to my repo, and how long did it take". */
function logSync(deps: PushSyncDeps, push: PushToSync, result: PushSyncResult, durationMs: number): void {
  const { owner, repo } = deps.gateway.repo;
  const applied = result.applied;
  deps.log.info(
    {
      repository: `${owner}/${repo}`,
      after: push.after,
      outcome: result.outcome,
      plans: result.plans.map((p) => ({
        path: p.path,
        create: p.create,
        update: p.update,
        close: p.close,
        reopen: p.reopen,
        errors: p.errors,
        warnings: p.warnings,
      })),
      remembered: result.remembered,
      allPlans: result.allPlans,
      writes: applied ? { done: applied.done, labels: applied.counts["create-label"] } : { done: 0, labels: 0 },
      linkCommits: result.links.filter((l) => l.result.status === "committed" || l.result.status === "pull-request")
        .length,
      links: result.links.map(linkLogFields),
      durationMs,
    },
    `push sync ${owner}/${repo}@${push.after.slice(0, 7)}: ${result.outcome}, ${result.plans.length} plan(s)`,
  );
}

/** A link commit of this sync, as the write-back's own log line would say it. */
function linkLogFields(link: LinkWrite): { path: string; outcome: LinkWrite["result"]["status"]; linked: number } {
  const { result } = link;
  const linked = result.status === "committed" || result.status === "pull-request" ? result.changes.linked.length : 0;
  return { path: link.path, outcome: result.status, linked };
}
