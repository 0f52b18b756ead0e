import type { PlanSyncConfig } from "../config/config-schema.js";
import { applyActions, type ApplyProgress, type ApplyResult } from "./apply-actions.js";
import type { Gateway, IssueRecord, LabelRecord } from "./gateway.js";
import type { RouteTargets } from "./gateway.js";
import { CONFIG_PATH } from "../config/config-path.js";
import type { Pacer } from "./pacer.js";
import { hasErrors } from "../plan/types.js";
import { countEffects, renderCheckRun, type CheckRunOutput, type PlanCounts } from "../render/check-run.js";
import type { PlanOutcome } from "./plan-outcome.js";
import type { PlanHeal } from "./reconcile-result.js";
import type { SyncAction } from "./types.js";
import { CheckRunReporter } from "./check-run-reporter.js";
import { applyTracking, pendingTracking, trackingEnabled, trackingNeeds } from "./tracking-issues.js";
import { applyDependencies, dependencyNeeds } from "./dependencies.js";
import { failureOutput } from "./failure-output.js";
import {
  authorsOf,
  findForeignIssues,
  foreignIssuesHowTo,
  foreignIssuesPlanNote,
  ForeignIssuesError,
  withoutForeignCreates,
  type ForeignIssue,
} from "./foreign-issues.js";
import { needsPreviousPlan, wantedLabels, worthReporting } from "./plan-push.js";
import { readPlanAt } from "./plan-files.js";
import { planFingerprint } from "./plan-fingerprint.js";
import type { PushedPlan } from "./pushed-plan.js";
import { reconciledKey, type ReconciledMemory } from "./reconciled-memory.js";
import { listingKey, REFRESH_AFTER_WRITES } from "./issue-listings.js";
import {
  homeRouting,
  openRouting,
  planRoutedPush,
  routedAreas,
  routedLabelActions,
  withRoutingProblems,
  type Routing,
} from "./routing.js";
import { writeLinks, type LinkWrite, type PlanWriter } from "./write-links.js";

export interface PushSyncLogger {
  info(fields: object, message: string): void;
  warn(message: string): void;
}

export interface SyncPlansDeps {
  gateway: Gateway;
  /** Whose issues are plan-sync's: the App's bot, or the token's user. */
  identity: string;
  config: PlanSyncConfig;
  /** Every write of the sync (check run included) goes through it; the App shares one per installation. */
  pacer?: Pacer;
  /** https://github.com or the GitHub Enterprise server, for links in issues and the check run. */
  serverUrl: string;
  log: PushSyncLogger;
  /** "check-run" (the App): a `plan-sync` check run on `sha` says what was done. "none": the caller reports. Default "check-run". */
  report?: "check-run" | "none";
  /** Reconcile and return the actions, write nothing (no check run either). */
  dryRun?: boolean;
  /** Commit the links of the issues this sync creates into their plans. Default: `links` of the config. The CLI writes them with its ticks instead, in one commit. */
  writeLinks?: boolean;
  /** Commits links and ticks into a plan (the write-back feature's writeBack); needed when links or heals are written. */
  writePlan?: PlanWriter;
  /**
   * Tick or untick tasks whose issue was closed or reopened since the last sync
   * (three-way, see src/sync/three-way.ts), in the same commit as the links.
   * Default: `writeBack` of the config. The CLI writes every issue's state into
   * the plan after the sync anyway, so it turns this off.
   */
  healPlans?: boolean;
  /** The App's memory of plans already reconciled: those are not reconciled again while their tasks stay the same. */
  memory?: ReconciledMemory;
  /** After each action and before a long pacing wait, next to the check run's own progress. */
  onProgress?: (progress: ApplyProgress) => void | Promise<void>;
  /** Last check before the first write, with every action known: throw to stop with nothing written. */
  beforeWrites?: (actions: readonly SyncAction[], issues: readonly IssueRecord[]) => Promise<void>;
  /**
   * Tasks to be created that already have a plan-sync issue by another author
   * (findForeignIssues, looked for after beforeWrites): "skip" (the App) creates
   * the others and says why on the check run; "refuse" (the command) throws
   * ForeignIssuesError with nothing written. Default "skip".
   */
  foreignIssues?: "skip" | "refuse";
  progressIntervalMs?: number;
  /** When the App's job queue tries a failed sync again (epoch ms), or null: it does not. The failed check run says so. */
  retryAt?: (error: unknown) => number | null;
  now?: () => number;
  /** Opens the repositories areas are routed to (`areas.<ID>.repo`); without it, routed areas are refused with a reason. */
  targets?: RouteTargets;
  /**
   * The check run an interrupted run of this same job opened (the process died
   * mid-sync): this sync carries it on and completes it, even when it finds
   * nothing left to do, so the push shows one run, not one stuck "in progress".
   */
  resumeCheckRunId?: number | null;
  /** Told the id of each check run this sync creates, so the job can store it for resumeCheckRunId. */
  onCheckRunCreated?: (id: number) => Promise<void>;
}

export interface SyncPlansInput {
  plans: readonly PushedPlan[];
  /** Where link commits go: the default branch for the App, `--ref` for the command. */
  branch: string;
  /** The commit the plans were read at: issue bodies link the plan there, and the check run sits on it. */
  sha: string;
  /** `plan-sync: confirm-close` (or `--confirm-close`): closes the mass-close guard held back go ahead. */
  confirmClose: boolean;
  /** The identity's issues, when the caller has already listed them. */
  issues?: IssueRecord[] | null;
  /** Said on the check run whatever the plans need, e.g. that GitHub listed only part of the repository's files. */
  notes?: readonly string[];
  /** When `sha` was committed (ms): a box changed in it is weighed against an issue's close when both changed. */
  committedAt?: number | null;
}

export interface SyncPlansResult {
  /** "in-sync": nothing to do or say, nothing written; "reported": nothing to do but something to say (check run only). */
  outcome: "no-plans" | "in-sync" | "reported" | "synced" | "dry-run";
  /** Per plan, in the order given. */
  outcomes: PlanOutcome[];
  /** Per plan, counted as the check run counts (countEffects): an issue created already done is created and closed. */
  plans: PlanCounts[];
  /** Labels first, then each plan's actions: exactly what was (or, in a dry run, would be) applied. */
  actions: SyncAction[];
  /** The issues as listed before any write; null when no plan needed them. */
  issues: IssueRecord[] | null;
  applied: ApplyResult | null;
  links: LinkWrite[];
  checkRunId: number | null;
  /** Plans skipped because the memory says they are reconciled as they are. */
  remembered: string[];
  /** Tasks not created because another author's plan-sync issue has them (foreignIssues "skip"). */
  foreign: ForeignIssue[];
}

/** Up to this many actions, the check run is written once, completed, at the end: an in-progress run first would double the writes of a small sync. */
export const SMALL_SYNC_ACTIONS = 10;

/**
 * The one sync engine, for the App's push and for `plan-sync sync`: plans
 * (already found and parsed) → reconciled with the identity's issues
 * (planPush), missing labels, the actions applied one paced write at a time,
 * issue links written back, and a check run on the commit. Finding the plans,
 * and anything after (the command's tick write-back), is the caller's.
 *
 * A sync whose plans need no change and have nothing to say writes nothing,
 * not even a check run. An unexpected failure ends the check run as failed,
 * then is rethrown.
 */
export async function syncPlans(deps: SyncPlansDeps, input: SyncPlansInput): Promise<SyncPlansResult> {
  const { gateway, config, identity } = deps;
  const { owner, repo } = gateway.repo;
  const repoUrl = `${deps.serverUrl}/${owner}/${repo}`;
  const reporter = deps.report === "none" || deps.dryRun ? null : checkRunReporter(deps, input.sha);
  const result: SyncPlansResult = {
    outcome: "no-plans",
    outcomes: [],
    plans: [],
    actions: [],
    issues: input.issues ?? null,
    applied: null,
    links: [],
    checkRunId: null,
    remembered: [],
    foreign: [],
  };
  const notes = input.notes ?? [];
  if (input.plans.length === 0 && notes.length === 0) return result;
  const listing = listingKey(deps.serverUrl, gateway.repo, identity);

  try {
    const memory = deps.memory ? planMemory(deps, deps.memory, input.plans) : null;
    const toReconcile = input.plans.filter((p) => !memory?.skipped.has(p));
    const needsIssues = toReconcile.some((p) => p.plan === null || !hasErrors(p.plan));
    if (needsIssues && result.issues === null) {
      result.issues = deps.memory
        ? await deps.memory.listings.list(gateway, identity, listing)
        : await gateway.listIssuesByCreator(identity);
    }
    // Other repositories are opened (and asked for consent) only when a plan is reconciled against the issues.
    const routing: Routing =
      needsIssues && routedAreas(config, gateway.repo).size > 0
        ? await openRouting({ config, planRepo: gateway.repo, identity, targets: deps.targets })
        : homeRouting(gateway.repo);
    const ctx = { owner, repo, sha: input.sha, serverUrl: deps.serverUrl };
    const routedConfigText = routing.refused.size > 0 ? await configText(gateway, input.sha) : null;
    const reconcileAll = () =>
      withRoutingProblems(
        planRoutedPush(
          {
            plans: toReconcile,
            issues: result.issues ?? [],
            identity,
            config,
            ctx,
            confirmClose: input.confirmClose,
            committedAt: input.committedAt ?? null,
          },
          routing,
        ),
        toReconcile,
        routing,
        routedConfigText,
      );
    let reconciled = reconcileAll();
    // Plans whose `before` was not read (a push that only changed their prose costs no read of it):
    // read now only where the reconciliation has anything to do or say, and reconcile again with it.
    const late = toReconcile.filter(
      (p, i) =>
        p.previousRef !== undefined &&
        needsPreviousPlan(p, reconciled[i] as PlanOutcome, result.issues ?? [], identity),
    );
    for (const p of late) p.previousPlan = await readPlanAt(gateway, p.path, p.previousRef as string, config);
    for (const p of toReconcile) delete p.previousRef;
    if (late.length > 0) reconciled = reconcileAll();
    let outcomes = input.plans.map((p) =>
      memory?.skipped.has(p) ? unchangedOutcome(p) : (reconciled[toReconcile.indexOf(p)] as PlanOutcome),
    );
    const existingLabels = await listWantedLabels(gateway, routing, outcomes);
    const settle = (list: PlanOutcome[]) => {
      outcomes = list;
      result.outcomes = list;
      result.plans = list.map(countEffects);
      const labels = routedLabelActions(list, existingLabels, config);
      result.actions = [...labels, ...list.flatMap((o) => o.actions)];
    };
    settle(outcomes);
    result.remembered = input.plans.filter((p) => memory?.skipped.has(p)).map((p) => p.path);
    const remember = () =>
      memory?.remember(
        toReconcile,
        toReconcile.map((p) => outcomes[input.plans.indexOf(p)] as PlanOutcome),
      );
    const reportOnly = async (extraNotes: readonly string[]) => {
      result.outcome = "reported";
      if (reporter) {
        const output = withNotes(renderCheckRun({ mode: "applied", plans: outcomes, repoUrl }), [
          ...notes,
          ...extraNotes,
        ]);
        result.checkRunId = await reporter.finish(withForeignTitle(output, result.foreign));
      }
      remember();
      return result;
    };

    if (deps.dryRun) {
      result.outcome = "dry-run";
      return result;
    }
    // Until this sync has gone through, what was remembered of these plans no longer holds.
    memory?.forget(toReconcile);

    const tracking = trackingEnabled(config, routing)
      ? trackingNeeds({
          plans: toReconcile,
          homeIssues: result.issues ?? [],
          identity,
          config,
          planRepo: `${owner}/${repo}`,
          serverUrl: deps.serverUrl,
          branch: input.branch,
        })
      : [];
    const trackingNotes: string[] = [];
    const dependencies = dependencyNeeds({
      plans: toReconcile,
      homeIssues: result.issues ?? [],
      routing,
      identity,
    });
    const syncDependencies = async () => {
      if (dependencies.length === 0) return;
      const linked = await applyDependencies({
        gateway,
        needs: dependencies,
        plans: toReconcile,
        homeIssues: result.issues ?? [],
        routing,
        identity,
        applied: result.applied,
        actions: result.actions,
        pacer: deps.pacer,
      });
      trackingNotes.push(...linked.notes);
      if (linked.added + linked.removed > 0)
        trackingNotes.push(
          `Dependencies: ${linked.added} "blocked by" link${linked.added === 1 ? "" : "s"} added, ${linked.removed} removed.`,
        );
    };
    const syncTracking = async () => {
      trackingNotes.push(
        ...(await applyTracking({
          gateway,
          // Unchanged tracking issues need a write only to link the task issues this sync created.
          needs: result.applied ? tracking : pendingTracking(tracking),
          routing,
          homeIssues: result.issues ?? [],
          applied: result.applied,
          identity,
          pacer: deps.pacer,
        })),
      );
    };

    if (
      !worthReporting(outcomes, input.plans) &&
      notes.length === 0 &&
      pendingTracking(tracking).length === 0 &&
      dependencies.length === 0 &&
      !reporter?.resumed
    ) {
      result.outcome = "in-sync";
      remember();
      return result;
    }
    const healing = deps.healPlans ?? config.writeBack;
    const heals = () => (healing ? healsByPath(outcomes) : new Map<string, PlanHeal[]>());
    if (result.actions.length === 0 && heals().size === 0) {
      await syncDependencies();
      await syncTracking();
      return await reportOnly(trackingNotes);
    }

    await deps.beforeWrites?.(result.actions, result.issues ?? []);
    result.foreign = await findForeignIssues(gateway, {
      identity,
      label: config.labels.plan.name,
      // Another author's issues are looked for in the plan's repository, where a switch of identity leaves them.
      actions: result.actions.filter((a) => a.repo === undefined),
    });
    const foreignNotes: string[] = [];
    if (result.foreign.length > 0) {
      if (deps.foreignIssues === "refuse") throw new ForeignIssuesError(identity, result.foreign);
      settle(outcomes.map((o) => withoutForeign(o, result.foreign, identity, repoUrl)));
      foreignNotes.push(foreignIssuesHowTo(result.foreign, { identity, label: config.labels.plan.name }));
      deps.log.warn(
        `${owner}/${repo}: ${result.foreign.length} task(s) not created: plan-sync issues by ${[...new Set(result.foreign.map((f) => f.author))].join(", ")} already have them`,
      );
      if (result.actions.length === 0 && heals().size === 0) return await reportOnly(foreignNotes);
    }

    // A small sync is over in moments: its check run is written once, at the end.
    if (result.actions.length > SMALL_SYNC_ACTIONS) {
      await reporter?.start(
        `Syncing ${result.actions.length} change${result.actions.length === 1 ? "" : "s"}`,
        describeStart(outcomes),
      );
    }
    result.applied = await applyActions(gateway, result.actions, {
      pacer: deps.pacer,
      gatewayFor: (name) => {
        const target = routing.accepted.get(name.toLowerCase());
        if (!target) throw new Error(`${name} was not opened for this sync`);
        return target.gateway;
      },
      onProgress: async (p) => {
        await reporter?.progress(p);
        await deps.onProgress?.(p);
      },
    });
    const links = deps.writeLinks ?? config.links;
    if (links || heals().size > 0) {
      // The push's own line reports these commits (PushSyncResult.links): no second line per link commit.
      result.links = await writeLinks({
        gateway,
        branch: input.branch,
        applied: result.applied,
        heal: heals(),
        links,
        pacer: deps.pacer,
        writePlan: deps.writePlan,
        log: { info: () => {}, warn: (m) => deps.log.warn(m) },
      });
    }
    await syncDependencies();
    await syncTracking();
    // Many writes are listed now, so the next push's listing of what changed stays one page.
    if (result.applied.issues.length >= REFRESH_AFTER_WRITES) {
      await deps.memory?.listings.refresh(gateway, identity, listing);
    }
    remember();
    if (reporter) {
      const created = result.applied.issues
        .filter((i) => i.type === "create-issue")
        .map((i) => ({ path: i.path, taskId: i.taskId, number: i.number, ...(i.repo ? { repo: i.repo } : {}) }));
      const output = renderCheckRun({ mode: "applied", plans: outcomes, repoUrl, created });
      const refused = result.links.flatMap((l) =>
        l.result.status === "refused"
          ? [`issue links and ticks were not written into \`${l.path}\`: ${l.result.reason}`]
          : [],
      );
      result.checkRunId = await reporter.finish(
        withForeignTitle(withNotes(output, [...notes, ...foreignNotes, ...refused, ...trackingNotes]), result.foreign),
      );
    }
    result.outcome = "synced";
    return result;
  } catch (error) {
    // Whatever this sync wrote before it failed may be missing from the remembered issues.
    deps.memory?.listings.forget(listing);
    if (reporter) result.checkRunId = await finishAsFailed(reporter, error, deps);
    throw error;
  }
}

/** The tasks each plan is to follow its issue for, by path; plans with none left out. */
function healsByPath(outcomes: readonly PlanOutcome[]): Map<string, PlanHeal[]> {
  const out = new Map<string, PlanHeal[]>();
  for (const o of outcomes) if (o.heal && o.heal.length > 0) out.set(o.path, [...o.heal]);
  return out;
}

/** Labels of each repository some action wants labels in: the plan's (key null) and each routed target's. */
async function listWantedLabels(
  gateway: Gateway,
  routing: Routing,
  outcomes: readonly PlanOutcome[],
): Promise<Map<string | null, LabelRecord[]>> {
  const wanting = new Set<string | null>();
  for (const o of outcomes) {
    for (const a of o.actions) {
      if (wantedLabels([{ ...o, actions: [a] }]).length > 0) wanting.add(a.repo?.toLowerCase() ?? null);
    }
  }
  const out = new Map<string | null, LabelRecord[]>();
  for (const key of wanting) {
    const target = key === null ? gateway : routing.accepted.get(key)?.gateway;
    if (target) out.set(key, await target.listLabels());
  }
  return out;
}

/** The plan repository's config at the synced commit, to place a routing error at its line; null when it cannot be read. */
async function configText(gateway: Gateway, sha: string): Promise<string | null> {
  try {
    return (await gateway.getFile(CONFIG_PATH, sha))?.text ?? null;
  } catch {
    return null;
  }
}

/**
 * A failure before syncPlans could start (e.g. the compare or a plan read):
 * the check run says so all the same, so a person sees the push was not synced.
 */
export async function reportSyncFailure(deps: SyncPlansDeps, sha: string, error: unknown): Promise<number | null> {
  if (deps.report === "none" || deps.dryRun) return null;
  return finishAsFailed(checkRunReporter(deps, sha), error, deps);
}

async function finishAsFailed(
  reporter: CheckRunReporter,
  error: unknown,
  deps: Pick<SyncPlansDeps, "log" | "retryAt" | "now">,
): Promise<number | null> {
  const log = deps.log;
  try {
    const retryAt = deps.retryAt?.(error) ?? null;
    return await reporter.finish(
      failureOutput(error, retryAt === null ? null : { at: retryAt, now: (deps.now ?? Date.now)() }),
    );
  } catch (reportError) {
    log.warn(
      `could not mark the plan-sync check run as failed: ${reportError instanceof Error ? reportError.message : String(reportError)}`,
    );
    return reporter.checkRunId;
  }
}

function checkRunReporter(deps: SyncPlansDeps, sha: string): CheckRunReporter {
  return new CheckRunReporter({
    gateway: deps.gateway,
    headSha: sha,
    pacer: deps.pacer,
    progressIntervalMs: deps.progressIntervalMs,
    now: deps.now,
    warn: (m) => deps.log.warn(m),
    resumeId: deps.resumeCheckRunId ?? null,
    ...(deps.onCheckRunCreated ? { onCreated: deps.onCheckRunCreated } : {}),
  });
}

/** A remembered plan wants nothing of the issues; its warnings show on the commit when they are new in this push. */
function unchangedOutcome(p: PushedPlan): PlanOutcome {
  return { path: p.path, diagnostics: p.plan?.diagnostics ?? [], actions: [], blocked: null, notes: [] };
}

interface PlanMemory {
  skipped: Set<PushedPlan>;
  forget(plans: readonly PushedPlan[]): void;
  /** Plans whose reconciliation left nothing pending (nothing held back, nothing ambiguous) are remembered as reconciled. */
  remember(plans: readonly PushedPlan[], outcomes: readonly PlanOutcome[]): void;
}

/**
 * Which plans the memory lets the sync skip. Only a plan whose tasks are
 * the same at `before` and `after` AND the same as when last reconciled:
 * comparing `after` alone would miss an untick the App itself committed in
 * between (write-back after a reopen) that a person then ticks again.
 */
function planMemory(deps: SyncPlansDeps, memory: ReconciledMemory, plans: readonly PushedPlan[]): PlanMemory {
  const opts = { config: deps.config, identity: deps.identity };
  const key = (path: string) => reconciledKey(deps.serverUrl, deps.gateway.repo, path);
  const skipped = new Set<PushedPlan>();
  for (const p of plans) {
    // A plan this push changed (even only its prose) is reconciled: its issues may have moved meanwhile.
    if (!p.untouched || p.change !== "modified" || !p.plan || !p.previousPlan) continue;
    if (hasErrors(p.plan) || hasErrors(p.previousPlan)) continue;
    const after = planFingerprint(p.plan, opts);
    if (memory.matches(key(p.path), after) && planFingerprint(p.previousPlan, opts) === after) skipped.add(p);
  }
  return {
    skipped,
    forget: (list) => {
      for (const p of list) {
        memory.forget(key(p.path));
        if (p.previousPath) memory.forget(key(p.previousPath));
      }
    },
    remember: (list, outcomes) => {
      list.forEach((p, i) => {
        const o = outcomes[i];
        if (!p.plan || hasErrors(p.plan) || !o || o.blocked !== null || o.notes.length > 0) return;
        memory.remember(key(p.path), planFingerprint(p.plan, opts));
      });
    },
  };
}

/** The plan's outcome without the creates another author's issues already cover, and a note saying so. */
function withoutForeign(
  outcome: PlanOutcome,
  foreign: readonly ForeignIssue[],
  identity: string,
  repoUrl: string,
): PlanOutcome {
  const mine = foreign.filter((f) => f.path === outcome.path);
  if (mine.length === 0) return outcome;
  return {
    ...outcome,
    actions: withoutForeignCreates(outcome.actions, mine),
    notes: [...outcome.notes, foreignIssuesPlanNote(mine, identity, repoUrl)],
  };
}

/** Tasks left uncreated show in the title: "Issues already in sync" alone would hide them. */
function withForeignTitle(output: CheckRunOutput, foreign: readonly ForeignIssue[]): CheckRunOutput {
  if (foreign.length === 0) return output;
  const authors = authorsOf(foreign);
  const whose = authors.length === 1 ? `${authors[0]}'s` : "other authors'";
  const tasks = foreign.length === 1 ? "1 task" : `${foreign.length} tasks`;
  return { ...output, title: `${output.title}; ${tasks} left to ${whose} issues` };
}

/** Notes below the summary, as the check run's per-plan notes read. */
function withNotes(output: CheckRunOutput, notes: readonly string[]): CheckRunOutput {
  if (notes.length === 0) return output;
  return { ...output, summary: `${output.summary}\n\n${notes.map((n) => `- Note: ${n}`).join("\n")}` };
}

function describeStart(outcomes: readonly PlanOutcome[]): string {
  const lines = ["plan-sync is bringing the issues in line with the plans of this push:", ""];
  for (const c of outcomes.map(countEffects)) {
    lines.push(
      `- \`${c.path}\`: ${c.create} to create, ${c.update} to update, ${c.close} to close, ${c.reopen} to reopen`,
    );
  }
  return lines.join("\n");
}
