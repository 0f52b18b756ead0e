import type { Log } from "../log/log.js";
import type { ParseConfigResult } from "../config/parse-config.js";
import type { Gateway, IssueRecord, PullRequestRecord } from "../github/gateway.js";
import { CONFIG_PATH } from "../config/config-path.js";
import { findStickyComment, upsertStickyComment } from "../github/sticky-comment.js";
import { renderCheckRun } from "../render/check-run.js";
import { appIssueMarker, isAuthoredBy } from "../sync/managed-issues.js";
import { PR_COMMENT_MARKER, renderPrComment, type PrPlanSection } from "../render/pr-comment.js";
import { readChangedPlans } from "../sync/plan-files.js";
import type { RouteTargets } from "../github/route-targets.js";
import { openRouting, routedAreas } from "../sync/routing.js";
import { previewChangedPlans } from "./preview-changed-plans.js";
import { settlePullRequestConfig } from "./pull-request-config.js";
import { referencedPlanSections } from "./referenced-plans.js";
import { findTaskReferences, hasClosingKeyword, type FoundReference, type ManagedTask } from "./task-references.js";

export interface RefreshStatusDeps {
  gateway: Gateway;
  /** The app's login, e.g. "plan-sync[bot]". */
  identity: string;
  /** The repository's config as the App reads it (base branch); the PR's own version is checked here too. */
  config: ParseConfigResult;
  /** https://github.com, or the GitHub Enterprise server. */
  serverUrl: string;
  log: Log;
  /** Opens the repositories areas are routed to, to show before merge where each task goes and which route is refused. */
  targets?: RouteTargets;
}

export interface RefreshStatusOptions {
  /** Post a check run on the head commit (not for an edit of the title or a `/plan-sync status` refresh: the commit already has one). */
  checkRun: boolean;
  /** The PR may already carry our comment (anything but a just-opened PR): look for it even when there is nothing to report. */
  mayHaveComment: boolean;
  /** Someone asked (`/plan-sync status`): answer with a comment even when there is nothing to report. */
  alwaysComment?: boolean;
}

export type RefreshStatusResult =
  | { kind: "skipped"; reason: string }
  | {
      kind: "refreshed";
      comment: "created" | "updated" | "unchanged" | "none";
      checkRunId: number | null;
      plans: number;
    };

/**
 * The status of one pull request, end to end: which plans it changes (a dry
 * run of what merging does) or which tasks it works on, as one sticky
 * comment, and a `plan-sync` check on the head. It writes nothing else, so a
 * PR from a fork, whose code nobody has reviewed yet, can change no issue.
 */
export async function refreshPullRequestStatus(
  deps: RefreshStatusDeps,
  prNumber: number,
  options: RefreshStatusOptions,
): Promise<RefreshStatusResult> {
  const { gateway } = deps;
  // Read fresh rather than trusting the payload: a queued event may be older than the PR.
  const pr = await gateway.getPullRequest(prNumber);
  if (!pr) return { kind: "skipped", reason: `#${prNumber} is not a pull request` };
  if (pr.state !== "open") return { kind: "skipped", reason: `#${prNumber} is closed` };
  // The app's own write-back pull request: its own commits must cause no further writes.
  if (isAuthoredBy(pr, deps.identity))
    return { kind: "skipped", reason: `#${prNumber} was opened by plan-sync itself` };

  const files = await gateway.listPullRequestFiles(prNumber);
  const settled = await settlePullRequestConfig(gateway, pr, files, deps.config, options.checkRun);
  if (!settled.ok) {
    const where = settled.where === "head" ? "as this pull request changes it" : "on the base branch";
    const reported = settled.checkRunId ? `; check run ${settled.checkRunId}` : "";
    return { kind: "skipped", reason: `${CONFIG_PATH} ${where} is invalid (${settled.errors.join("; ")})${reported}` };
  }
  const config = settled.config;
  const changed = await readChangedPlans(gateway, pr, files, config);
  const issues = changed.length > 0 || mayReferenceTasks(pr) ? await gateway.listIssuesByCreator(deps.identity) : [];
  const references = findTaskReferences(pr, gateway.repo, managedTasks(issues, deps.identity));

  const ctx = { owner: gateway.repo.owner, repo: gateway.repo.repo, sha: pr.headSha, serverUrl: deps.serverUrl };
  // Routes are opened (reads only: each target's config and issue list) as the push after the merge will open them.
  const routing =
    changed.length > 0 && routedAreas(config, gateway.repo).size > 0
      ? await openRouting({ config, planRepo: gateway.repo, identity: deps.identity, targets: deps.targets })
      : undefined;
  const configText =
    routing && routing.refused.size > 0 ? ((await gateway.getFile(CONFIG_PATH, pr.headSha))?.text ?? null) : null;
  const changedSections = await previewChangedPlans({
    files: changed,
    issues,
    identity: deps.identity,
    config,
    ctx,
    ...(routing ? { routing, configText } : {}),
  });
  attachReferences(changedSections, references, issues);
  const changedPaths = new Set(changedSections.map((s) => s.path));
  const referencedSections = await referencedPlanSections(
    gateway,
    pr.baseSha,
    references.filter((r) => !changedPaths.has(r.path)),
    issues,
  );
  const sections = [...changedSections, ...referencedSections];

  const stickyOptions = { marker: PR_COMMENT_MARKER, identity: deps.identity, log: deps.log };
  if (sections.length === 0) {
    // Nothing to report. Only a comment we wrote earlier (the PR used to touch a plan) is brought up to date.
    if (
      !options.alwaysComment &&
      (!options.mayHaveComment || !(await findStickyComment(gateway, prNumber, stickyOptions)))
    ) {
      deps.log.debug(`#${prNumber} changes no plan and refers to no task: nothing to write`);
      return { kind: "refreshed", comment: "none", checkRunId: null, plans: 0 };
    }
  }

  const body = renderPrComment({
    serverUrl: deps.serverUrl,
    owner: gateway.repo.owner,
    repo: gateway.repo.repo,
    headSha: pr.headSha,
    plans: sections,
  });
  const comment = await upsertStickyComment(gateway, prNumber, body, stickyOptions);
  const checkRunId =
    options.checkRun && changedSections.length > 0 ? await postCheckRun(deps, pr, changedSections) : null;
  deps.log.info(
    `#${prNumber}: status comment ${comment.action}, ${sections.length} plan(s)${checkRunId ? `, check run ${checkRunId}` : ""}`,
  );
  return { kind: "refreshed", comment: comment.action, checkRunId, plans: sections.length };
}

async function postCheckRun(
  deps: RefreshStatusDeps,
  pr: PullRequestRecord,
  sections: readonly PrPlanSection[],
): Promise<number> {
  const { owner, repo } = deps.gateway.repo;
  const output = renderCheckRun({ mode: "preview", plans: sections, repoUrl: `${deps.serverUrl}/${owner}/${repo}` });
  return deps.gateway.createCheckRun({ headSha: pr.headSha, ...output });
}

function managedTasks(issues: readonly IssueRecord[], identity: string): ManagedTask[] {
  const tasks: ManagedTask[] = [];
  for (const issue of issues) {
    const marker = appIssueMarker(issue, identity);
    if (marker) tasks.push({ issueNumber: issue.number, path: marker.path, taskId: marker.task });
  }
  return tasks;
}

function attachReferences(
  sections: PrPlanSection[],
  references: readonly FoundReference[],
  issues: readonly IssueRecord[],
): void {
  const issueByNumber = new Map(issues.map((i) => [i.number, i]));
  for (const section of sections) {
    const refs = references.filter((r) => r.path === section.path);
    if (refs.length === 0) continue;
    section.references = refs.map((r) => {
      const issue = issueByNumber.get(r.issueNumber);
      return {
        taskId: r.taskId,
        issueNumber: r.issueNumber,
        title: issue?.title ?? r.taskId,
        closes: r.closes,
        done: issue?.state === "closed",
      };
    });
  }
}

/**
 * Listing every managed issue costs a page per 100 issues, so it is only done
 * when the PR could name one: a closing keyword, or a token shaped like a
 * task ID (letters then a digit) in its title or branch.
 */
function mayReferenceTasks(pr: Pick<PullRequestRecord, "title" | "body" | "headRef">): boolean {
  if (hasClosingKeyword(pr.body ?? "")) return true;
  return /(?<![A-Za-z0-9])[A-Za-z]+[.-]?\d/.test(`${pr.title}\n${pr.headRef}`);
}
