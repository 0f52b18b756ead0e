import type { PlanSyncConfig } from "../config/config-schema.js";
import { applyActions, type ApplyResult } from "../github/apply-actions.js";
import type { Gateway, IssueRecord } from "../github/gateway.js";
import type { WritePacer } from "../github/write-pacer.js";
import { parseMarker } from "../render/marker.js";
import { countOutcome, renderCheckRun, type PlanCounts, type PlanOutcome } from "../render/check-run.js";
import { matchesPlanPaths } from "../config/matches-plan-paths.js";
import { CheckRunReporter } from "./check-run-reporter.js";
import { hasConfirmClose } from "./confirm-close.js";
import { failureOutput } from "./failure-output.js";
import { findPushedPlans } from "./find-pushed-plans.js";
import { labelsToCreate, planPush, wantedLabels, worthReporting } from "./plan-push.js";
import type { PushToSync } from "./push-event.js";
import { writeLinks, type LinkWrite } from "./write-links.js";

export interface PushSyncLogger {
  info(fields: object, message: string): void;
  warn(message: string): void;
}

export interface PushSyncDeps {
  gateway: Gateway;
  /** The app's bot login: only its issues are managed. */
  identity: string;
  config: PlanSyncConfig;
  /** The installation's pacer; every write of the sync (check run included) goes through it. */
  pacer?: WritePacer;
  /** https://github.com or the GitHub Enterprise server, for links in issues and the check run. */
  serverUrl: string;
  log: PushSyncLogger;
  progressIntervalMs?: number;
  now?: () => number;
}

export interface PushSyncResult {
  outcome: "no-plans" | "in-sync" | "reported" | "synced";
  plans: PlanCounts[];
  applied: ApplyResult | null;
  links: LinkWrite[];
  checkRunId: number | null;
}

/**
 * One push of the default branch → the plans it changed, reconciled with the
 * app's issues, the differences applied one write at a time, issue links
 * written back, and a `plan-sync` check run on the pushed commit. Safe to run
 * again for the same push: the reconciler only proposes what is still missing.
 *
 * A push whose plans need no change and have nothing to say (no diagnostics,
 * notes or held-back closes) makes no write at all, not even a check run.
 * An unexpected failure ends the check run as failed, then is rethrown.
 */
export async function syncPush(deps: PushSyncDeps, push: PushToSync): Promise<PushSyncResult> {
  const { gateway, config } = deps;
  const now = deps.now ?? Date.now;
  const started = now();
  const { owner, repo } = gateway.repo;
  const repoUrl = `${deps.serverUrl}/${owner}/${repo}`;
  const reporter = new CheckRunReporter({
    gateway,
    headSha: push.after,
    pacer: deps.pacer,
    progressIntervalMs: deps.progressIntervalMs,
    now,
    warn: (m) => deps.log.warn(m),
  });
  const confirmClose = hasConfirmClose(push.headCommit?.message);
  const result: PushSyncResult = { outcome: "no-plans", plans: [], applied: null, links: [], checkRunId: null };

  try {
    let issues: IssueRecord[] | null = null;
    const listIssues = async () => (issues ??= await gateway.listIssuesByCreator(deps.identity));
    // A confirmation may come in a push that does not touch the plan (an empty commit): look at every plan with open issues.
    const alsoPaths = confirmClose ? openIssuePaths(await listIssues(), deps.identity).filter((p) => matchesPlanPaths(p, config)) : [];
    const plans = await findPushedPlans(gateway, push, config, alsoPaths);
    if (plans.length === 0) {
      logSync(deps, push, result, started, now);
      return result;
    }

    const needsIssues = plans.some((p) => p.plan === null || p.plan.diagnostics.every((d) => d.severity !== "error"));
    const ctx = { owner, repo, sha: push.after, serverUrl: deps.serverUrl };
    const outcomes = planPush({ plans, issues: needsIssues ? await listIssues() : [], identity: deps.identity, config, ctx, confirmClose });
    const labels = wantedLabels(outcomes).length > 0 ? labelsToCreate(outcomes, await gateway.listLabels(), config) : [];
    const actions = [...labels, ...outcomes.flatMap((o) => o.actions)];
    result.plans = outcomes.map(countOutcome);

    if (!worthReporting(outcomes)) {
      result.outcome = "in-sync";
      logSync(deps, push, result, started, now);
      return result;
    }
    if (actions.length === 0) {
      result.outcome = "reported";
      result.checkRunId = await reporter.finish(renderCheckRun({ mode: "applied", plans: outcomes, repoUrl }));
      logSync(deps, push, result, started, now);
      return result;
    }

    await reporter.start(`Syncing ${actions.length} change${actions.length === 1 ? "" : "s"}`, describeStart(outcomes));
    result.applied = await applyActions(gateway, actions, { pacer: deps.pacer, onProgress: reporter.progress });
    if (config.links) {
      result.links = await writeLinks({ gateway, branch: push.branch, applied: result.applied, pacer: deps.pacer, log: { info: () => {}, warn: (m) => deps.log.warn(m) } });
    }
    const created = result.applied.issues.filter((i) => i.type === "create-issue").map((i) => ({ path: i.path, taskId: i.taskId, number: i.number }));
    const output = renderCheckRun({ mode: "applied", plans: outcomes, repoUrl, created });
    const linkNotes = result.links.filter((l) => l.result.status === "refused");
    if (linkNotes.length > 0) {
      output.summary += `\n\n${linkNotes.map((l) => `- Note: issue links were not written into \`${l.path}\`: ${l.result.status === "refused" ? l.result.reason : ""}`).join("\n")}`;
    }
    result.checkRunId = await reporter.finish(output);
    result.outcome = "synced";
    logSync(deps, push, result, started, now);
    return result;
  } catch (error) {
    try {
      result.checkRunId = await reporter.finish(failureOutput(error));
    } catch (reportError) {
      deps.log.warn(`could not mark the plan-sync check run as failed: ${reportError instanceof Error ? reportError.message : String(reportError)}`);
    }
    throw error;
  }
}

/** Paths of plans the app's open issues belong to, from their markers. */
function openIssuePaths(issues: IssueRecord[], identity: string): string[] {
  const paths = new Set<string>();
  for (const issue of issues) {
    if (issue.state !== "open" || issue.author.toLowerCase() !== identity.toLowerCase()) continue;
    const marker = parseMarker(issue.body);
    if (marker) paths.add(marker.path);
  }
  return [...paths].sort();
}

function describeStart(outcomes: readonly PlanOutcome[]): string {
  const counts = outcomes.map(countOutcome);
  const lines = ["plan-sync is bringing the issues in line with the plans of this push:", ""];
  for (const c of counts) {
    lines.push(`- \`${c.path}\`: ${c.create} to create, ${c.update} to update, ${c.close} to close, ${c.reopen} to reopen`);
  }
  return lines.join("\n");
}

/** The one structured line per sync: enough to answer "what did it do to my repo, and how long did it take". */
function logSync(deps: PushSyncDeps, push: PushToSync, result: PushSyncResult, started: number, now: () => number): void {
  const { owner, repo } = deps.gateway.repo;
  const applied = result.applied;
  deps.log.info(
    {
      repository: `${owner}/${repo}`,
      after: push.after,
      outcome: result.outcome,
      plans: result.plans.map((p) => ({ path: p.path, create: p.create, update: p.update, close: p.close, reopen: p.reopen, errors: p.errors, warnings: p.warnings })),
      writes: applied ? { done: applied.done, labels: applied.counts["create-label"] } : { done: 0, labels: 0 },
      linkCommits: result.links.filter((l) => l.result.status === "committed" || l.result.status === "pull-request").length,
      durationMs: now() - started,
    },
    `push sync ${owner}/${repo}@${push.after.slice(0, 7)}: ${result.outcome}, ${result.plans.length} plan(s)`,
  );
}
