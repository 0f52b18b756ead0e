import type { Gateway } from "../github/gateway.js";
import { parsePlanBudgeted } from "../parse-worker/plan-parser.js";
import type { Plan } from "../plan/types.js";
import { renderCheckRun } from "../render/check-run.js";
import { hasConfirmClose } from "../sync/confirm-close.js";
import { planFingerprint } from "../sync/plan-fingerprint.js";
import type { PushedPlan } from "../sync/pushed-plan.js";
import { reportSyncFailure, syncPlans, type SyncPlansDeps, type SyncPlansResult } from "../sync/sync-plans.js";
import type { RerunReads } from "../github/rerun-reads.js";

/** Every plan of the repository at `ref`, as the config selects them: push-sync's `findAllPlans`, bound to the repository. */
export type PlansAtRef = (
  ref: string,
) => Promise<{ plans: ReadonlyArray<{ path: string; plan: Plan | null }>; notes: readonly string[] }>;

/** The sync engine's own dependencies, plus how a re-run finds the commit and its plans. */
export interface RerunPushSyncDeps extends Pick<
  SyncPlansDeps,
  "gateway" | "identity" | "config" | "pacer" | "serverUrl" | "log" | "progressIntervalMs" | "writePlan"
> {
  reads: Pick<RerunReads, "commit">;
  plansAt: PlansAtRef;
}

export interface RerunPushSyncInput {
  /** The commit whose `plan-sync` check was re-requested: the default branch's head or an ancestor. */
  sha: string;
  /** The default branch, where issue links are committed. */
  branch: string;
  /** The default branch's head now; when `sha` is older, only plans unchanged since are re-synced. */
  head: string;
}

export interface RerunPushSyncResult {
  outcome: SyncPlansResult["outcome"] | "unknown-commit";
  /** The check run the re-run posted (always one, unless GitHub no longer knows the commit). */
  checkRunId: number | null;
  plans: number;
}

/**
 * Re-run of the push sync of one commit, as a person pressing "Re-run"
 * expects: EVERY plan in the repository at that commit is reconciled with
 * the issues as they are now, whatever the push changed and whatever this
 * process remembers (an issue deleted or edited by hand since then is put
 * back). The plan at the commit's first parent is the previous version,
 * as a push of that commit alone would have had it. Unlike a push that
 * changes nothing, a re-run always ends with a new completed check run: the
 * person is watching for one.
 */
export async function rerunPushSync(deps: RerunPushSyncDeps, input: RerunPushSyncInput): Promise<RerunPushSyncResult> {
  const { gateway } = deps;
  const engine: SyncPlansDeps = { ...deps, report: "check-run" };
  let plans: PushedPlan[];
  let confirmClose: boolean;
  const notes: string[] = [];
  try {
    const commit = await deps.reads.commit(input.sha);
    if (!commit) {
      deps.log.warn(`re-run ${input.sha.slice(0, 7)}: GitHub no longer knows this commit; nothing to sync`);
      return { outcome: "unknown-commit", checkRunId: null, plans: 0 };
    }
    confirmClose = hasConfirmClose(commit.message);
    const found = await deps.plansAt(commit.sha);
    notes.push(...found.notes);
    const current = await stillCurrent(deps, found.plans, input);
    notes.push(...current.notes);
    plans = await withPreviousVersions(gateway, current.plans, commit.parents[0] ?? null);
  } catch (error) {
    await reportSyncFailure(engine, input.sha, error);
    throw error;
  }

  // No memory: a re-run is for when what the App believes and what GitHub holds may differ.
  // Notes make syncPlans report even when nothing changed.
  const result = await syncPlans(engine, {
    plans,
    branch: input.branch,
    sha: input.sha,
    confirmClose,
    issues: null,
    notes,
  });
  let checkRunId = result.checkRunId;
  for (const note of notes) deps.log.warn(`re-run ${input.sha.slice(0, 7)}: ${note}`);
  if (checkRunId === null) {
    const { owner, repo } = gateway.repo;
    const output = renderCheckRun({
      mode: "applied",
      plans: result.outcomes,
      repoUrl: `${deps.serverUrl}/${owner}/${repo}`,
    });
    const said =
      plans.length > 0
        ? "Re-run: every plan at this commit was compared with its issues; nothing needed a change."
        : "Re-run: this commit has no plan files.";
    const summary = `${output.summary}\n\n${said}`;
    await deps.pacer?.acquire();
    checkRunId = await gateway.createCheckRun({ headSha: input.sha, ...output, summary });
  }
  deps.log.info(
    {
      repository: `${gateway.repo.owner}/${gateway.repo.repo}`,
      sha: input.sha,
      outcome: result.outcome,
      plans: result.plans,
    },
    `re-run of push sync ${gateway.repo.owner}/${gateway.repo.repo}@${input.sha.slice(0, 7)}: ${result.outcome}, ${plans.length} plan(s)`,
  );
  return { outcome: result.outcome, checkRunId, plans: plans.length };
}

/**
 * Re-running an older commit must not roll its issues back to what that
 * commit's plan said: a plan whose tasks a later commit changed (or that it
 * deleted) keeps the state its later sync gave it. Plans whose tasks are the
 * same on the branch's head (issue links written since do not count) are
 * re-synced.
 */
async function stillCurrent<P extends { path: string; plan: Plan | null }>(
  deps: Pick<RerunPushSyncDeps, "gateway" | "config" | "identity">,
  found: readonly P[],
  input: RerunPushSyncInput,
): Promise<{ plans: P[]; notes: string[] }> {
  if (input.sha === input.head) return { plans: [...found], notes: [] };
  const opts = { config: deps.config, identity: deps.identity };
  const plans: P[] = [];
  const notes: string[] = [];
  for (const p of found) {
    const now = await deps.gateway.getFile(p.path, input.head);
    const same =
      p.plan !== null &&
      now !== null &&
      planFingerprint(await parsePlanBudgeted(now.text, p.path), opts) === planFingerprint(p.plan, opts);
    if (same) plans.push(p);
    else
      notes.push(
        `\`${p.path}\` changed on \`${input.branch}\` after this commit, so its issues follow the newer version; it was not synced again here.`,
      );
  }
  return { plans, notes };
}

/** Each plan as it was at `parent` (null for the first commit, or a plan the commit added). */
async function withPreviousVersions(
  gateway: Pick<Gateway, "getFile">,
  found: ReadonlyArray<{ path: string; plan: Plan | null }>,
  parent: string | null,
): Promise<PushedPlan[]> {
  const plans: PushedPlan[] = [];
  for (const { path, plan } of found) {
    // A plan that could not be read is left out, never taken for deleted: that would close its issues.
    if (plan === null) continue;
    const before = parent === null ? null : await gateway.getFile(path, parent);
    plans.push({
      path,
      change: before ? "modified" : "added",
      previousPath: null,
      plan,
      previousPlan: before ? await parsePlanBudgeted(before.text, path) : null,
    });
  }
  return plans;
}
