import { warningsOnly, type Log } from "../../log/log.js";
import type { PlanSyncConfig } from "../../config/config-schema.js";
import type { ApplyProgress, ApplyResult } from "../../sync/apply-actions.js";
import type { Gateway, IssueRecord } from "../../github/gateway.js";
import type { WritePacer } from "../../github/write-pacer.js";
import type { TaskPatch } from "../../plan/patch-plan.js";
import { hasErrors, type Diagnostic } from "../../plan/types.js";
import { ForeignIssuesError } from "../../sync/foreign-issues.js";
import type { TreeReader } from "../../github/git-tree.js";
import type { PushedPlan } from "../../sync/pushed-plan.js";
import { syncPlans } from "../../sync/sync-plans.js";
import type { RouteTargets } from "../../github/route-targets.js";
import type { PlanOutcome } from "../../sync/plan-outcome.js";
import { parseMarker } from "../../render/marker.js";
import { applyToIssues } from "../../sync/apply-to-issues.js";
import type { SyncAction } from "../../sync/types.js";
import { applyToTextBudgeted } from "../../parse-worker/plan-parser.js";
import type { WriteBackChanges } from "../../write-back/commit-message.js";
import { desiredFromIssues } from "../../write-back/desired-from-issues.js";
import { writeBackBurst } from "../../write-back/write-back-burst.js";
import { writeLinks } from "../../write-back/write-links.js";
import { foreignIssuesFailure } from "./foreign-issues.js";
import { answerIssuesFrom } from "./listed-issues.js";
import { readPlansToSync, type SyncScope } from "./plans-to-sync.js";

/**
 * `plan-sync sync` over a token: the App's sync engine (syncPlans, the very
 * one behind a push) for the plans of the run (named, pushed since `before`,
 * or all of them: plans-to-sync), then the App's
 * write-back of the issues' state (writeBackBurst, as after closes and
 * reopens). This module only feeds them what a token-driven run knows
 * instead of a push payload, and stops before any write when something is
 * wrong.
 */

export interface TokenSyncInput {
  gateway: Gateway;
  /** Whose issues are plan-sync's. */
  identity: string;
  config: PlanSyncConfig;
  /** Plans named on the command line; none: the plans `before...sha` changed, or without `before` every plan (see plans-to-sync). */
  paths: readonly string[];
  /** Lists the repository's files when every plan is wanted; null: only named or pushed plans can be synced. */
  tree: TreeReader | null;
  /** Branch the plans are read from and written back to. */
  branch: string;
  /** Its head commit when the run started: plans are read there, so one run sees one version. */
  sha: string;
  before: string | null;
  serverUrl: string;
  confirmClose: boolean;
  dryRun: boolean;
  pacer?: WritePacer;
  onProgress?: (progress: ApplyProgress) => void | Promise<void>;
  /** Last check before the first write, with every action known: throw to stop with nothing written. */
  beforeWrites?: (actions: readonly SyncAction[], issues: readonly IssueRecord[]) => Promise<void>;
  log: Log;
  /** Opens the repositories areas are routed to, with the token (see tokenTargets). */
  targets?: RouteTargets;
}

export type WriteBackReport =
  | { status: "committed"; commit: string; changes: WriteBackChanges }
  | { status: "pull-request"; pullRequest: number; url: string; changes: WriteBackChanges }
  | { status: "would-commit"; changes: WriteBackChanges }
  | { status: "unchanged" }
  | { status: "refused" | "skipped"; reason: string };

export interface PlanReport extends PlanOutcome {
  tasks: number;
  writeBack: WriteBackReport;
}

export type TokenSyncResult =
  /** Nothing was written: the plans (or the paths given) have errors. */
  | { kind: "plan-errors"; scope: SyncScope; diagnostics: Diagnostic[]; plans: PlanReport[] }
  | { kind: "done"; scope: SyncScope; plans: PlanReport[]; actions: SyncAction[]; applied: ApplyResult | null };

export async function runTokenSync(input: TokenSyncInput): Promise<TokenSyncResult> {
  const { gateway, config, identity } = input;
  const read = await readPlansToSync(input);
  const { scope } = read;
  for (const note of read.notes) input.log.warn(note);
  if (read.problems.length > 0 || read.plans.some((p) => p.plan !== null && hasErrors(p.plan))) {
    const diagnostics = [...read.problems, ...read.plans.flatMap((p) => p.plan?.diagnostics ?? [])];
    return {
      kind: "plan-errors",
      scope,
      diagnostics,
      plans: read.plans.map((p) =>
        report(p, outcomeWithout(p), { status: "skipped", reason: "the plans have errors" }),
      ),
    };
  }

  const synced = await syncPlans(
    {
      // The command stops rather than sync around another identity's issues: its caller decides, with nothing written yet.
      foreignIssues: "refuse",
      gateway,
      identity,
      config,
      pacer: input.pacer,
      serverUrl: input.serverUrl,
      log: warningsOnly(input.log),
      // The command reports on stdout; a token need not be allowed check runs.
      report: "none",
      dryRun: input.dryRun,
      // Links go into the plan together with the ticks, in the one write-back commit per plan below.
      writeLinks: false,
      // Every issue's state goes into the plan with those links, below: the engine need not tick them itself.
      healPlans: false,
      onProgress: input.onProgress,
      beforeWrites: input.beforeWrites,
      targets: input.targets,
    },
    { plans: read.plans, branch: input.branch, sha: input.sha, confirmClose: input.confirmClose, issues: read.issues },
  ).catch((error: unknown) => {
    throw error instanceof ForeignIssuesError ? foreignIssuesFailure(error) : error;
  });
  const { outcomes, actions, applied } = synced;
  const issues = synced.issues ?? [];

  if (input.dryRun) {
    const predicted = applyToIssues(issues, actions, identity);
    const plans: PlanReport[] = [];
    for (const [i, p] of read.plans.entries())
      plans.push(report(p, outcomes[i]!, await predictWriteBack(p, read.texts.get(p.path) ?? null, predicted, input)));
    return { kind: "done", scope, plans, actions, applied: null };
  }

  // Read again: the issues as they are now, created ones with their real numbers, closes made on GitHub meanwhile included.
  const now = applied ? await gateway.listIssuesByCreator(identity) : issues;
  const plans: PlanReport[] = [];
  for (const [i, p] of read.plans.entries()) plans.push(report(p, outcomes[i]!, await writeBackPlan(p, now, input)));
  return { kind: "done", scope, plans, actions, applied };
}

function outcomeWithout(p: PushedPlan): PlanOutcome {
  return { path: p.path, diagnostics: p.plan?.diagnostics ?? [], actions: [], blocked: null, notes: [] };
}

function report(p: PushedPlan, outcome: PlanOutcome, writeBack: WriteBackReport): PlanReport {
  return { ...outcome, tasks: p.plan?.tasks.length ?? 0, writeBack };
}

/** The identity's issues that carry a marker for one of this plan's tasks: the ones its write-back reads. */
function issuesOfPlan(p: PushedPlan, issues: readonly IssueRecord[]): IssueRecord[] {
  const tasks = new Set(p.plan?.tasks.map((t) => t.id) ?? []);
  return issues.filter((issue) => {
    const marker = parseMarker(issue.body);
    return marker !== null && marker.path === p.path && tasks.has(marker.task);
  });
}

/** What the issues, as they are (or would be), want the plan to say: ticks if `writeBack`, links if `links`. */
function desiredFor(p: PushedPlan, issues: readonly IssueRecord[], input: TokenSyncInput): Map<string, TaskPatch> {
  const { desired } = desiredFromIssues(issuesOfPlan(p, issues), {
    path: p.path,
    identity: input.identity,
    links: input.config.links,
  });
  if (!input.config.writeBack) {
    for (const [id, patch] of desired) {
      delete patch.done;
      if (!patch.issue) desired.delete(id);
    }
  }
  return desired;
}

function skipReason(p: PushedPlan, input: TokenSyncInput): string | null {
  if (p.plan === null) return "the plan was deleted";
  if (!input.config.writeBack && !input.config.links) return "writeBack and links are off in .github/plan-sync.yml";
  return null;
}

async function predictWriteBack(
  p: PushedPlan,
  text: string | null,
  issues: readonly IssueRecord[],
  input: TokenSyncInput,
): Promise<WriteBackReport> {
  const skip = skipReason(p, input);
  if (skip || text === null) return { status: "skipped", reason: skip ?? "the plan was deleted" };
  const outcome = await applyToTextBudgeted(text, p.path, desiredFor(p, issues, input));
  if (outcome.kind === "patched") return { status: "would-commit", changes: outcome.changes };
  if (outcome.kind === "refused") return { status: "refused", reason: outcome.reason };
  return { status: "unchanged" };
}

/**
 * The issues' state into the plan: the App's own write-back of a burst of
 * closes and reopens (writeBackBurst), over every issue of the plan at once,
 * answered from the list just read instead of one request per issue. With
 * `writeBack` off only the links are written, as the App links the issues a
 * push creates.
 */
async function writeBackPlan(
  p: PushedPlan,
  issues: readonly IssueRecord[],
  input: TokenSyncInput,
): Promise<WriteBackReport> {
  const skip = skipReason(p, input);
  if (skip) return { status: "skipped", reason: skip };
  const desired = desiredFor(p, issues, input);
  if (desired.size === 0) return { status: "unchanged" };
  await input.pacer?.acquire();
  const common = { path: p.path, branch: input.branch, log: input.log };
  const result = input.config.writeBack
    ? await writeBackBurst({
        ...common,
        gateway: answerIssuesFrom(input.gateway, issues),
        issueNumbers: issuesOfPlan(p, issues).map((i) => i.number),
        identity: input.identity,
        links: input.config.links,
      })
    : await writeLinks({ ...common, gateway: input.gateway, links: linksOf(desired) });
  switch (result.status) {
    case "committed":
      return { status: "committed", commit: result.commitSha, changes: result.changes };
    case "pull-request":
      return {
        status: "pull-request",
        pullRequest: result.pullRequest.number,
        url: result.pullRequest.htmlUrl,
        changes: result.changes,
      };
    case "unchanged":
      return { status: "unchanged" };
    case "refused":
      return { status: "refused", reason: result.reason };
  }
}

function linksOf(desired: ReadonlyMap<string, TaskPatch>): Map<string, { number: number; url: string }> {
  const links = new Map<string, { number: number; url: string }>();
  for (const [id, patch] of desired) if (patch.issue) links.set(id, patch.issue);
  return links;
}
