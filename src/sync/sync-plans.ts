import type { PlanSyncConfig } from "../config/config-schema.js";
import { CONFIG_PATH } from "../config/config-path.js";
import { hasErrors } from "../plan/types.js";
import { countEffects, type PlanCounts } from "../render/check-run.js";
import { applyActions, type ApplyProgress, type ApplyResult } from "./apply-actions.js";
import type { CheckRunReporter } from "./check-run-reporter.js";
import { applyDependencies, dependencyNeeds, type DependencyNeed } from "./dependencies.js";
import {
  findForeignIssues,
  foreignIssuesHowTo,
  foreignIssuesPlanNote,
  ForeignIssuesError,
  withoutForeignCreates,
  type ForeignIssue,
} from "./foreign-issues.js";
import type { Gateway, IssueRecord, LabelRecord, RouteTargets } from "./gateway.js";
import type { Pacer } from "./pacer.js";
import { planMemory, unchangedOutcome, type PlanMemory } from "./plan-memory.js";
import type { PlanOutcome } from "./plan-outcome.js";
import { needsPreviousPlan, wantedLabels, worthReporting } from "./plan-push.js";
import { readPlanAt } from "./plan-files.js";
import type { PushedPlan } from "./pushed-plan.js";
import type { ReconciledMemory } from "./reconciled-memory.js";
import { listingKey, REFRESH_AFTER_WRITES } from "./issue-listings.js";
import type { PlanHeal } from "./reconcile-result.js";
import {
  homeRouting,
  openRouting,
  planRoutedPush,
  routedAreas,
  routedLabelActions,
  withRoutingProblems,
  type Routing,
} from "./routing.js";
import { checkRunReporter, describeStart, finishAsFailed, syncCheckRunOutput } from "./sync-report.js";
import {
  applyTracking,
  pendingTracking,
  trackingEnabled,
  trackingNeeds,
  type TrackingNeed,
} from "./tracking-issues.js";
import type { SyncAction } from "./types.js";
import { writeLinks, type LinkWrite, type PlanWriter } from "./write-links.js";
import { warningsOnly, type Log } from "../log/log.js";

export interface SyncPlansDeps {
  gateway: Gateway;
  /** Whose issues are plan-sync's: the App's bot, or the token's user. */
  identity: string;
  config: PlanSyncConfig;
  /** Every write of the sync (check run included) goes through it; the App shares one per installation. */
  pacer?: Pacer;
  /** https://github.com or the GitHub Enterprise server, for links in issues and the check run. */
  serverUrl: string;
  log: Log;
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
  /**
   * This sync retries one that failed (the job's attempt, 1 for the first
   * retry): resumeCheckRunId is that failed, completed run, carried on so the
   * push keeps one run, its titles saying it is a retry.
   */
  retryAttempt?: number;
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
 * (already found and parsed) in, a result out, in eight steps that each take
 * and return values. Finding the plans, and anything after (the command's
 * tick write-back), is the caller's.
 *
 * A sync whose plans need no change and have nothing to say writes nothing,
 * not even a check run. An unexpected failure ends the check run as failed,
 * then is rethrown.
 */
export async function syncPlans(deps: SyncPlansDeps, input: SyncPlansInput): Promise<SyncPlansResult> {
  const notes = input.notes ?? [];
  if (input.plans.length === 0 && notes.length === 0) return emptyResult(input.issues ?? null);
  const reporter = deps.report === "none" || deps.dryRun ? null : checkRunReporter(deps, input.sha);
  try {
    // 1. Scope: the plans to reconcile (the memory skips some), the issues, the repositories areas route to.
    const scope = await readScope(deps, input);
    // 2. Actions (pure, once the previous versions it needs are read): each plan against the issues, labels first.
    const outcomes = await reconcilePlans(deps, input, scope);
    const labels = await listWantedLabels(deps.gateway, scope.routing, outcomes);
    const reconciled = plannedActions(outcomes, labels, deps.config);
    if (deps.dryRun) return resultOf("dry-run", scope, reconciled);
    // Until this sync has gone through, what was remembered of these plans no longer holds.
    scope.memory?.forget(scope.toReconcile);

    // 3. Extras: the tracking issues and issue dependencies the plans want. With nothing to do or say, stop here.
    const extras = extrasWanted(deps, input, scope, outcomes);
    if (!worthSyncing(input, reconciled, extras, reporter)) {
      remember(scope, input, reconciled);
      return resultOf("in-sync", scope, reconciled);
    }
    const heals = (deps.healPlans ?? deps.config.writeBack) ? healsByPath(outcomes) : new Map<string, PlanHeal[]>();

    // 4. Guard: the caller's last word before the first write; tasks another author's issues have are not created.
    const guarded = hasWrites(reconciled, heals) ? await guardWrites(deps, scope, reconciled, labels) : null;
    const planned = guarded?.planned ?? reconciled;
    const writing = hasWrites(planned, heals);
    // 5. Apply: the actions, one paced write at a time.
    const applied = writing ? await applyPlanned(deps, scope, planned, reporter) : null;
    // 6. Links: the created issues' links and the healed ticks, committed into the plans.
    const links = applied ? await commitLinks(deps, input, applied, heals) : [];
    // 7. Dependencies and tracking issues; none when another author's issues left nothing to write.
    const extraNotes = guarded && !writing ? [] : await syncExtras(deps, scope, extras, applied, planned.actions);
    // Many writes are listed now, so the next push's listing of what changed stays one page.
    if ((applied?.issues.length ?? 0) >= REFRESH_AFTER_WRITES) {
      await deps.memory?.listings.refresh(deps.gateway, deps.identity, issueListing(deps));
    }

    // 8. Report: the check run on the commit, then the memory of the plans now reconciled.
    const foreign = guarded?.foreign ?? [];
    const checkRunId = reporter
      ? await reporter.finish(
          syncCheckRunOutput({
            outcomes: planned.outcomes,
            repoUrl: repoUrl(deps),
            created: applied?.issues ?? [],
            notes: [...notes, ...(guarded?.notes ?? []), ...refusedLinks(links), ...extraNotes],
            foreign,
          }),
        )
      : null;
    remember(scope, input, planned);
    return resultOf(applied ? "synced" : "reported", scope, planned, { applied, links, checkRunId, foreign });
  } catch (error) {
    // Whatever this sync wrote before it failed may be missing from the remembered issues.
    deps.memory?.listings.forget(issueListing(deps));
    if (reporter) await finishAsFailed(reporter, error, deps);
    throw error;
  }
}

/** The key of the repository's remembered issue listing (IssueListings). */
function issueListing(deps: SyncPlansDeps): string {
  return listingKey(deps.serverUrl, deps.gateway.repo, deps.identity);
}

/**
 * A failure before syncPlans could start (e.g. the compare or a plan read):
 * the check run says so all the same, so a person sees the push was not synced.
 */
export async function reportSyncFailure(deps: SyncPlansDeps, sha: string, error: unknown): Promise<number | null> {
  if (deps.report === "none" || deps.dryRun) return null;
  return finishAsFailed(checkRunReporter(deps, sha), error, deps);
}

/** Step 1's value: what this sync reconciles, against which issues, routed where. */
interface SyncScope {
  memory: PlanMemory | null;
  /** The plans not skipped by the memory, in the order given. */
  toReconcile: PushedPlan[];
  /** The identity's issues, listed once; null when no plan needed them. */
  issues: IssueRecord[] | null;
  routing: Routing;
}

/** Step 2's value: per plan outcome and counts, and every action (labels first) in the order they are applied. */
interface Planned {
  outcomes: PlanOutcome[];
  plans: PlanCounts[];
  actions: SyncAction[];
}

interface Extras {
  tracking: TrackingNeed[];
  dependencies: DependencyNeed[];
}

/** Step 4's value when another author's issues held tasks back. */
interface Guarded {
  planned: Planned;
  foreign: ForeignIssue[];
  notes: string[];
}

async function readScope(deps: SyncPlansDeps, input: SyncPlansInput): Promise<SyncScope> {
  const { gateway, config, identity } = deps;
  const memory = deps.memory
    ? planMemory({ config, identity, serverUrl: deps.serverUrl, repo: gateway.repo }, deps.memory, input.plans)
    : null;
  const toReconcile = input.plans.filter((p) => !memory?.skipped.has(p));
  const needsIssues = toReconcile.some((p) => p.plan === null || !hasErrors(p.plan));
  // The App remembers the issues as last listed and asks only for those updated since (one page, not one per 100).
  const listed = () =>
    deps.memory
      ? deps.memory.listings.list(gateway, identity, issueListing(deps))
      : gateway.listIssuesByCreator(identity);
  const issues = input.issues ?? (needsIssues ? await listed() : null);
  // Other repositories are opened (and asked for consent) only when a plan is reconciled against the issues.
  const routing: Routing =
    needsIssues && routedAreas(config, gateway.repo).size > 0
      ? await openRouting({ config, planRepo: gateway.repo, identity, targets: deps.targets })
      : homeRouting(gateway.repo);
  return { memory, toReconcile, issues, routing };
}

/**
 * Each plan's outcome, in the order given: a remembered plan's is unchanged.
 * A plan whose `before` was not read (a push that only changed its prose
 * costs no read of it) gets it read now, only when its reconciliation has
 * anything to do or say, and is reconciled again with it.
 */
async function reconcilePlans(deps: SyncPlansDeps, input: SyncPlansInput, scope: SyncScope): Promise<PlanOutcome[]> {
  const { gateway, config, identity } = deps;
  const { toReconcile, routing } = scope;
  const issues = scope.issues ?? [];
  const routedConfigText = routing.refused.size > 0 ? await configText(gateway, input.sha) : null;
  const ctx = { owner: gateway.repo.owner, repo: gateway.repo.repo, sha: input.sha, serverUrl: deps.serverUrl };
  const reconcileAll = () =>
    withRoutingProblems(
      planRoutedPush(
        {
          plans: toReconcile,
          issues,
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
  const late = toReconcile.filter(
    (p, i) => p.previousRef !== undefined && needsPreviousPlan(p, reconciled[i] as PlanOutcome, issues, identity),
  );
  // The plans read late are kept on the pushed plans: the steps after (tracking, dependencies, memory) read them there.
  for (const p of late) p.previousPlan = await readPlanAt(gateway, p.path, p.previousRef as string, config);
  for (const p of toReconcile) delete p.previousRef;
  if (late.length > 0) reconciled = reconcileAll();
  return input.plans.map((p) =>
    scope.memory?.skipped.has(p) ? unchangedOutcome(p) : (reconciled[toReconcile.indexOf(p)] as PlanOutcome),
  );
}

/** The outcomes with their counts and actions: the labels missing (in each repository) first, then each plan's. */
function plannedActions(
  outcomes: PlanOutcome[],
  labels: ReadonlyMap<string | null, LabelRecord[]>,
  config: PlanSyncConfig,
): Planned {
  return {
    outcomes,
    plans: outcomes.map(countEffects),
    actions: [...routedLabelActions(outcomes, labels, config), ...outcomes.flatMap((o) => o.actions)],
  };
}

function extrasWanted(
  deps: SyncPlansDeps,
  input: SyncPlansInput,
  scope: SyncScope,
  outcomes: readonly PlanOutcome[],
): Extras {
  const { config, identity } = deps;
  const { owner, repo } = deps.gateway.repo;
  const homeIssues = scope.issues ?? [];
  const tracking = trackingEnabled(config)
    ? trackingNeeds({
        plans: scope.toReconcile,
        homeIssues,
        identity,
        config,
        planRepo: `${owner}/${repo}`,
        serverUrl: deps.serverUrl,
        branch: input.branch,
        heals: (deps.healPlans ?? config.writeBack) ? healsByPath(outcomes) : undefined,
        // A deleted plan whose closes the mass-close guard holds back keeps its tracking issue open with them.
      }).filter((n) => n.rendered !== null || !outcomes.find((o) => o.path === n.plan.path)?.blocked)
    : [];
  const dependencies = dependencyNeeds({ plans: scope.toReconcile, homeIssues, routing: scope.routing, identity });
  return { tracking, dependencies };
}

/** Anything to do or say: an action, a note, a tracking issue or dependency behind, or a run to complete. */
function worthSyncing(
  input: SyncPlansInput,
  planned: Planned,
  extras: Extras,
  reporter: CheckRunReporter | null,
): boolean {
  return (
    worthReporting(planned.outcomes, input.plans) ||
    (input.notes ?? []).length > 0 ||
    pendingTracking(extras.tracking).length > 0 ||
    extras.dependencies.length > 0 ||
    reporter?.resumed === true
  );
}

function hasWrites(planned: Planned, heals: ReadonlyMap<string, PlanHeal[]>): boolean {
  return planned.actions.length > 0 || heals.size > 0;
}

async function guardWrites(
  deps: SyncPlansDeps,
  scope: SyncScope,
  planned: Planned,
  labels: ReadonlyMap<string | null, LabelRecord[]>,
): Promise<Guarded> {
  const { gateway, config, identity } = deps;
  await deps.beforeWrites?.(planned.actions, scope.issues ?? []);
  const foreign = await findForeignIssues(gateway, {
    identity,
    label: config.labels.plan.name,
    // Another author's issues are looked for in the plan's repository, where a switch of identity leaves them.
    actions: planned.actions.filter((a) => a.repo === undefined),
  });
  if (foreign.length === 0) return { planned, foreign, notes: [] };
  if (deps.foreignIssues === "refuse") throw new ForeignIssuesError(identity, foreign);
  const { owner, repo } = gateway.repo;
  deps.log.warn(
    `${owner}/${repo}: ${foreign.length} task(s) not created: plan-sync issues by ${[...new Set(foreign.map((f) => f.author))].join(", ")} already have them`,
  );
  return {
    planned: plannedActions(
      planned.outcomes.map((o) => withoutForeign(o, foreign, identity, repoUrl(deps))),
      labels,
      config,
    ),
    foreign,
    notes: [foreignIssuesHowTo(foreign, { identity, label: config.labels.plan.name })],
  };
}

async function applyPlanned(
  deps: SyncPlansDeps,
  scope: SyncScope,
  planned: Planned,
  reporter: CheckRunReporter | null,
): Promise<ApplyResult> {
  const count = planned.actions.length;
  // A small sync is over in moments: its check run is written once, at the end.
  if (count > SMALL_SYNC_ACTIONS) {
    await reporter?.start(`Syncing ${count} change${count === 1 ? "" : "s"}`, describeStart(planned.outcomes));
  }
  return applyActions(deps.gateway, planned.actions, {
    pacer: deps.pacer,
    gatewayFor: (name) => {
      const target = scope.routing.accepted.get(name.toLowerCase());
      if (!target) throw new Error(`${name} was not opened for this sync`);
      return target.gateway;
    },
    onProgress: async (p) => {
      await reporter?.progress(p);
      await deps.onProgress?.(p);
    },
  });
}

async function commitLinks(
  deps: SyncPlansDeps,
  input: SyncPlansInput,
  applied: ApplyResult,
  heals: ReadonlyMap<string, PlanHeal[]>,
): Promise<LinkWrite[]> {
  const links = deps.writeLinks ?? deps.config.links;
  if (!links && heals.size === 0) return [];
  // The push's own line reports these commits (PushSyncResult.links): no second line per link commit.
  return writeLinks({
    gateway: deps.gateway,
    branch: input.branch,
    applied,
    heal: heals,
    links,
    pacer: deps.pacer,
    writePlan: deps.writePlan,
    log: warningsOnly(deps.log),
  });
}

/** Dependency links, then tracking issues; returns what the check run should note of them. */
async function syncExtras(
  deps: SyncPlansDeps,
  scope: SyncScope,
  extras: Extras,
  applied: ApplyResult | null,
  actions: SyncAction[],
): Promise<string[]> {
  const { gateway, identity, pacer } = deps;
  const homeIssues = scope.issues ?? [];
  const notes: string[] = [];
  if (extras.dependencies.length > 0) {
    const linked = await applyDependencies({
      gateway,
      needs: extras.dependencies,
      plans: scope.toReconcile,
      homeIssues,
      routing: scope.routing,
      identity,
      applied,
      actions,
      pacer,
    });
    notes.push(...linked.notes);
    if (linked.added + linked.removed > 0)
      notes.push(
        `Dependencies: ${linked.added} "blocked by" link${linked.added === 1 ? "" : "s"} added, ${linked.removed} removed.`,
      );
  }
  notes.push(
    ...(await applyTracking({
      gateway,
      // Unchanged tracking issues need a write only to link the task issues this sync created.
      needs: applied ? extras.tracking : pendingTracking(extras.tracking),
      routing: scope.routing,
      homeIssues,
      applied,
      identity,
      pacer,
    })),
  );
  return notes;
}

function remember(scope: SyncScope, input: SyncPlansInput, planned: Planned): void {
  scope.memory?.remember(
    scope.toReconcile,
    scope.toReconcile.map((p) => planned.outcomes[input.plans.indexOf(p)] as PlanOutcome),
  );
}

function resultOf(
  outcome: SyncPlansResult["outcome"],
  scope: SyncScope,
  planned: Planned,
  done: Pick<SyncPlansResult, "applied" | "links" | "checkRunId" | "foreign"> = {
    applied: null,
    links: [],
    checkRunId: null,
    foreign: [],
  },
): SyncPlansResult {
  return {
    outcome,
    outcomes: planned.outcomes,
    plans: planned.plans,
    actions: planned.actions,
    issues: scope.issues,
    remembered: [...(scope.memory?.skipped ?? [])].map((p) => p.path),
    ...done,
  };
}

function emptyResult(issues: IssueRecord[] | null): SyncPlansResult {
  return {
    outcome: "no-plans",
    outcomes: [],
    plans: [],
    actions: [],
    issues,
    applied: null,
    links: [],
    checkRunId: null,
    remembered: [],
    foreign: [],
  };
}

function repoUrl(deps: SyncPlansDeps): string {
  return `${deps.serverUrl}/${deps.gateway.repo.owner}/${deps.gateway.repo.repo}`;
}

/** Plans the links and ticks could not be written into, and why. */
function refusedLinks(links: readonly LinkWrite[]): string[] {
  return links.flatMap((l) =>
    l.result.status === "refused"
      ? [`issue links and ticks were not written into \`${l.path}\`: ${l.result.reason}`]
      : [],
  );
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
