import { parse as parseYaml } from "yaml";
import { CONFIG_PATH } from "../config/config-path.js";
import type { PlanSyncConfig } from "../config/config-schema.js";
import { parseConfig } from "../config/parse-config.js";
import type { Gateway, IssueRecord, LabelRecord, RepoRef } from "./gateway.js";
import type { RouteTargets } from "./gateway.js";
import type { Diagnostic, Plan, Task } from "../plan/types.js";
import type { PlanOutcome } from "./plan-outcome.js";
import { parseMarker } from "../render/marker.js";
import { parseTrackingMarker } from "../render/tracking-issue.js";
import { isAuthoredBy } from "./managed-issues.js";
import { labelActions } from "./label-actions.js";
import type { SyncAction } from "./types.js";
import { configAnnotations } from "./config-annotations.js";
import { planPush, wantedLabels, type PlanPushInput } from "./plan-push.js";
import type { PushedPlan } from "./pushed-plan.js";

/** A repository an area is routed to that agreed to take the plan's issues. */
export interface AcceptedRoute {
  /** `owner/name` as the config spells it: actions and markers carry it. */
  repo: string;
  gateway: Gateway;
  /** The identity's issues there that belong to this plan repository (marker `repo`). */
  issues: IssueRecord[];
}

/** A repository an area is routed to that may not be written: nothing goes there, and nothing of its areas is closed elsewhere. */
export interface RefusedRoute {
  repo: string;
  /** Area prefixes routed there. */
  areas: string[];
  reason: string;
}

export interface Routing {
  /** `owner/name` of the plan repository. */
  planRepo: string;
  /** Area prefix → lower-cased `owner/name`, for the areas routed to another repository. */
  areaRepo: Map<string, string>;
  /** By lower-cased `owner/name`. */
  accepted: Map<string, AcceptedRoute>;
  refused: Map<string, RefusedRoute>;
}

const fullName = (r: RepoRef) => `${r.owner}/${r.repo}`;

/** Areas whose `repo` is another repository than the plan's, by prefix (lower-cased `owner/name`). */
export function routedAreas(config: Pick<PlanSyncConfig, "areas">, planRepo: RepoRef): Map<string, string> {
  const home = fullName(planRepo).toLowerCase();
  const out = new Map<string, string>();
  for (const [prefix, area] of Object.entries(config.areas)) {
    const target = area.repo?.toLowerCase();
    if (target && target !== home) out.set(prefix, target);
  }
  return out;
}

/** No area leaves the plan's repository. */
export function homeRouting(planRepo: RepoRef): Routing {
  return { planRepo: fullName(planRepo), areaRepo: new Map(), accepted: new Map(), refused: new Map() };
}

/**
 * Every repository the config routes an area to, opened and asked for
 * consent: same owner as the plan's repository, reachable with the sync's
 * credentials (RouteTargets), and its own `.github/plan-sync.yml` says
 * `accept: [owner/plan-repo]` (or `owner/*`). Someone who can push to one
 * repository must not be able to fill another's tracker just because the App
 * is installed on both. Reads per target: its config, and (when accepted) its
 * list of the identity's issues; none per task.
 */
export async function openRouting(input: {
  config: Pick<PlanSyncConfig, "areas">;
  planRepo: RepoRef;
  identity: string;
  targets?: RouteTargets;
}): Promise<Routing> {
  const routing = homeRouting(input.planRepo);
  routing.areaRepo = routedAreas(input.config, input.planRepo);
  const configured = new Map<string, { repo: string; areas: string[] }>();
  for (const [prefix, area] of Object.entries(input.config.areas)) {
    const key = routing.areaRepo.get(prefix);
    if (!key || !area.repo) continue;
    const entry = configured.get(key) ?? { repo: area.repo, areas: [] };
    entry.areas.push(prefix);
    configured.set(key, entry);
  }
  for (const [key, { repo, areas }] of configured) {
    const refuse = (reason: string) => routing.refused.set(key, { repo, areas, reason });
    const [owner = "", name = ""] = repo.split("/");
    if (owner.toLowerCase() !== input.planRepo.owner.toLowerCase()) {
      refuse(
        `${repo} belongs to another owner than ${routing.planRepo}: plan-sync routes issues only to repositories of the plan's owner`,
      );
      continue;
    }
    if (!input.targets) {
      refuse(`this sync cannot write to other repositories than ${routing.planRepo}`);
      continue;
    }
    const access = await input.targets.open({ owner, repo: name });
    if (!access.ok) {
      refuse(access.reason);
      continue;
    }
    const consent = await readConsent(access.gateway, routing.planRepo);
    if (consent !== null) {
      refuse(consent);
      continue;
    }
    const issues = (await access.gateway.listIssuesByCreator(input.identity)).filter((i) =>
      isPlanRepoIssue(i, input.identity, routing.planRepo),
    );
    routing.accepted.set(key, { repo, gateway: access.gateway, issues });
  }
  return routing;
}

/** Null when the target's own config accepts the plan repository; else why not, in words for the check run. */
async function readConsent(target: Gateway, planRepo: string): Promise<string | null> {
  const name = fullName(target.repo);
  const howTo = `add \`accept: [${planRepo}]\` (or \`${planRepo.split("/")[0]}/*\`) to ${name}'s ${CONFIG_PATH}`;
  const file = await target.getFile(CONFIG_PATH, "");
  if (!file) return `${name} has not agreed to take issues from ${planRepo}: it has no ${CONFIG_PATH}; ${howTo}`;
  let raw: unknown;
  try {
    // The yaml parser skips a leading byte-order mark itself.
    raw = parseYaml(file.text);
  } catch (error) {
    return `${name}'s ${CONFIG_PATH} is not valid YAML (${error instanceof Error ? error.message.split("\n")[0] : String(error)})`;
  }
  const parsed = parseConfig(raw);
  if (!parsed.ok) return `${name}'s ${CONFIG_PATH} is invalid (${parsed.errors.join("; ")})`;
  if (!accepts(parsed.config.accept, planRepo))
    return `${name} has not agreed to take issues from ${planRepo}: its ${CONFIG_PATH} does not accept it; ${howTo}`;
  return null;
}

/** `accept` entries are `owner/name` or `owner/*`, compared as GitHub compares names (case-insensitively). */
export function accepts(accept: readonly string[], planRepo: string): boolean {
  const wanted = planRepo.toLowerCase();
  const owner = wanted.split("/")[0];
  return accept.some((entry) => {
    const e = entry.toLowerCase();
    return e === wanted || e === `${owner}/*`;
  });
}

/**
 * An issue of the identity that belongs to `planRepo`'s plans: in another
 * repository, its marker must name `planRepo`; in the plan repository itself,
 * its marker must name no other repository (issues another plan repository
 * routed here are that repository's). Markerless issues count only at home,
 * where re-adoption looks for them.
 */
export function isPlanRepoIssue(
  issue: IssueRecord,
  identity: string,
  planRepo: string,
  where: "home" | "routed" = "routed",
): boolean {
  if (!isAuthoredBy(issue, identity)) return false;
  const marker = parseMarker(issue.body);
  if (!marker) return where === "home";
  if (where === "home") return marker.repo === undefined || marker.repo.toLowerCase() === planRepo.toLowerCase();
  return marker.repo?.toLowerCase() === planRepo.toLowerCase();
}

/**
 * planPush across repositories: the plan-repository issues reconciled with
 * the tasks that stay home, each accepted target's issues with the tasks
 * routed there (a task that moves is created in its new repository and its
 * old issue closed as removed). Tasks of a refused area take part everywhere
 * (so their issues are not closed as removed) but get no action anywhere.
 * One outcome per plan, actions tagged with their repository.
 */
export function planRoutedPush(input: PlanPushInput, routing: Routing): PlanOutcome[] {
  const home = input.issues.filter(
    (i) =>
      !isAuthoredBy(i, input.identity) ||
      // A tracking issue is no task's issue, not even a markerless one to take back.
      (isPlanRepoIssue(i, input.identity, routing.planRepo, "home") && parseTrackingMarker(i.body) === null),
  );
  if (routing.areaRepo.size === 0) return planPush({ ...input, issues: home });

  const refusedAreas = new Set([...routing.refused.values()].flatMap((r) => r.areas));
  const repoOf = (task: Pick<Task, "area">): string | null => routing.areaRepo.get(task.area) ?? null;
  const groups: Array<{ key: string | null; repo: string | undefined; issues: IssueRecord[]; markerRepo?: string }> = [
    { key: null, repo: undefined, issues: home },
    ...[...routing.accepted].map(([key, t]) => ({
      key,
      repo: t.repo,
      issues: t.issues,
      markerRepo: routing.planRepo,
    })),
  ];
  const merged: PlanOutcome[] = input.plans.map((p) => ({
    path: p.path,
    diagnostics: p.plan?.diagnostics ?? [],
    actions: [],
    blocked: null,
    notes: [],
  }));
  for (const group of groups) {
    const keep = (task: Task) => refusedAreas.has(task.area) || repoOf(task) === group.key;
    const plans = input.plans.map((p) => restrict(p, keep));
    const ctx = group.markerRepo ? { ...input.ctx, markerRepo: group.markerRepo } : input.ctx;
    const outcomes = planPush({ ...input, plans, issues: group.issues, ctx });
    outcomes.forEach((o, index) => {
      const into = merged[index] as PlanOutcome;
      const held = heldTasks(input.plans[index] as PushedPlan, refusedAreas);
      const actions = o.actions
        .filter((a) => a.type === "create-label" || !held.has(a.taskId))
        .map((a): SyncAction => (group.repo ? { ...a, repo: group.repo } : a));
      merged[index] = {
        ...into,
        actions: [...into.actions, ...actions],
        blocked: [into.blocked, o.blocked].filter((b): b is string => b !== null).join(" ") || null,
        notes: [...new Set([...into.notes, ...o.notes])],
        heal: [...(into.heal ?? []), ...(o.heal ?? []).map((h) => (group.repo ? { ...h, repo: group.repo } : h))],
      };
    });
  }
  return merged;
}

/** Task IDs of the plan (either version) whose area is routed to a refused repository. */
function heldTasks(p: PushedPlan, refusedAreas: ReadonlySet<string>): Set<string> {
  const ids = new Set<string>();
  for (const task of [...(p.plan?.tasks ?? []), ...(p.previousPlan?.tasks ?? [])])
    if (refusedAreas.has(task.area)) ids.add(task.id);
  return ids;
}

function restrict(p: PushedPlan, keep: (task: Task) => boolean): PushedPlan {
  const only = (plan: Plan | null): Plan | null => (plan ? { ...plan, tasks: plan.tasks.filter(keep) } : null);
  return { ...p, plan: only(p.plan), previousPlan: only(p.previousPlan) };
}

/**
 * Each refused route on the plans that have tasks in its areas: an error at
 * the `repo:` line of the config (the check run fails there) and a note, so
 * the plan is not remembered as reconciled and the next push tries again.
 */
export function withRoutingProblems(
  outcomes: readonly PlanOutcome[],
  plans: readonly PushedPlan[],
  routing: Routing,
  configText: string | null,
): PlanOutcome[] {
  if (routing.refused.size === 0) return [...outcomes];
  return outcomes.map((o, index) => {
    const plan = plans[index]?.plan;
    if (!plan) return o;
    const diagnostics: Diagnostic[] = [];
    const notes: string[] = [];
    for (const refused of routing.refused.values()) {
      const tasks = plan.tasks.filter((t) => refused.areas.includes(t.area)).map((t) => t.id);
      if (tasks.length === 0) continue;
      const message = `${refused.areas.join(", ")} tasks are routed to ${refused.repo}, but ${refused.reason}. Nothing was written there.`;
      diagnostics.push({
        path: CONFIG_PATH,
        line: routeLine(refused, configText),
        column: 1,
        severity: "error",
        code: "routing-refused",
        message,
      });
      notes.push(`${tasks.join(", ")} not synced: ${refused.reason}.`);
    }
    if (diagnostics.length === 0) return o;
    return { ...o, diagnostics: [...o.diagnostics, ...diagnostics], notes: [...o.notes, ...notes] };
  });
}

/**
 * The line of `areas.<ID>.repo` in the plan repository's config (the area as written there, any case); 1 when
 * unknown. Every spelling of the area before a colon is tried, flow style too (`areas: { edh: { repo: x/y } }`),
 * and the deepest find wins: each search starts at the same `areas:` line, so a later line found more of the path
 * (a label key `plan:` spelled like an area PLAN finds only `areas:`).
 */
function routeLine(refused: RefusedRoute, configText: string | null): number {
  if (configText === null) return 1;
  const written = [...configText.matchAll(/([A-Za-z]+)\s*:/g)].map((m) => m[1] as string);
  for (const area of refused.areas) {
    const found = written
      .filter((w) => w.toUpperCase() === area)
      .map((spelled) => configAnnotations([`areas.${spelled}.repo: x`], configText)[0]?.startLine ?? 1);
    const line = Math.max(1, ...found);
    if (line > 1) return line;
  }
  return 1;
}

/** Create-label actions per repository: each target gets the labels its issues need, tagged with it. */
export function routedLabelActions(
  outcomes: readonly PlanOutcome[],
  existing: ReadonlyMap<string | null, LabelRecord[]>,
  config: PlanSyncConfig,
): SyncAction[] {
  const byRepo = new Map<string | null, { repo: string | undefined; outcomes: PlanOutcome[] }>();
  for (const o of outcomes) {
    for (const a of o.actions) {
      const key = a.repo?.toLowerCase() ?? null;
      const entry = byRepo.get(key) ?? { repo: a.repo, outcomes: [] };
      entry.outcomes.push({ ...o, actions: [a] });
      byRepo.set(key, entry);
    }
  }
  const out: SyncAction[] = [];
  for (const [key, { repo, outcomes: mine }] of byRepo) {
    const names = wantedLabels(mine);
    if (names.length === 0) continue;
    for (const label of labelActions(names, existing.get(key) ?? [], config))
      out.push(repo ? { ...label, repo } : label);
  }
  return out;
}
