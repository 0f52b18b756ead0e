import type { PlanSyncConfig } from "../config/config-schema.js";
import type { ApplyResult } from "./apply-actions.js";
import type { Gateway, IssueRecord } from "./gateway.js";
import { httpStatus } from "./gateway-errors.js";
import type { Pacer } from "./pacer.js";
import { hasErrors } from "../plan/types.js";
import { parseMarker } from "../render/marker.js";
import { parseTrackingMarker, renderTrackingIssue, type TrackingRender } from "../render/tracking-issue.js";
import { isAuthoredBy } from "./managed-issues.js";
import type { PushedPlan } from "./pushed-plan.js";
import type { Routing } from "./routing.js";

/** GitHub's cap on sub-issues per parent issue. */
export const SUB_ISSUE_LIMIT = 100;

/** What a tracking issue is rendered from: the plan at its path (null: deleted), and where it was before a move. */
export type TrackedPlan = Pick<PushedPlan, "path" | "previousPath" | "plan">;

/** What one plan's tracking issue needs, decided before any write. */
export interface TrackingNeed {
  plan: TrackedPlan;
  existing: IssueRecord | null;
  /** Null for a deleted plan: its tracking issue is closed as not planned. */
  rendered: TrackingRender | null;
  /** The existing issue's title/body/state differ from the rendered ones. */
  changed: boolean;
}

/** Every plan gets a tracking issue unless the config turns it off (`tracking: false`). */
export function trackingEnabled(config: Pick<PlanSyncConfig, "tracking">): boolean {
  return config.tracking;
}

/** An app-authored tracking issue, by the plan path its marker names. */
export function isTrackingIssue(issue: Pick<IssueRecord, "author" | "body">, identity: string): boolean {
  return isAuthoredBy(issue, identity) && parseTrackingMarker(issue.body) !== null;
}

/**
 * Pure: for each plan (without errors), its tracking issue as it is among
 * the listed issues and as the plan renders it. Plans whose tracking issue
 * is as rendered need nothing, so a push that changes nothing writes nothing.
 */
export function trackingNeeds(input: {
  plans: readonly TrackedPlan[];
  homeIssues: readonly IssueRecord[];
  identity: string;
  config: PlanSyncConfig;
  planRepo: string;
  serverUrl: string;
  /** The plan is linked on its branch, not at the commit: a link that changed with every push would cost a write each time. */
  branch: string;
  /**
   * Ticks and unticks this sync writes into each plan (by path) to follow issues closed or reopened without
   * a webhook: the tracking issue shows them now, as the app's own commit that writes them syncs nothing.
   */
  heals?: ReadonlyMap<string, readonly { taskId: string; done: boolean }[]>;
}): TrackingNeed[] {
  const out: TrackingNeed[] = [];
  for (const p of input.plans) {
    if (p.plan && hasErrors(p.plan)) continue;
    const paths = [p.path, ...(p.previousPath ? [p.previousPath] : [])];
    const existing =
      input.homeIssues
        .filter((i) => isAuthoredBy(i, input.identity) && paths.includes(parseTrackingMarker(i.body) ?? ""))
        .sort((a, b) => a.number - b.number)[0] ?? null;
    if (!p.plan) {
      if (existing && existing.state === "open") out.push({ plan: p, existing, rendered: null, changed: true });
      continue;
    }
    if (p.plan.tasks.length === 0 && !existing) continue;
    const healed = new Map((input.heals?.get(p.path) ?? []).map((h) => [h.taskId, h.done]));
    const tasks =
      healed.size === 0 ? p.plan.tasks : p.plan.tasks.map((t) => ({ ...t, done: healed.get(t.id) ?? t.done }));
    const rendered = renderTrackingIssue(
      { ...p.plan, tasks },
      {
        planUrl: `${input.serverUrl}/${input.planRepo}/blob/${encodeURIComponent(input.branch)}/${p.path.split("/").map(encodeURIComponent).join("/")}`,
        repoOfArea: (area) => input.config.areas[area]?.repo ?? input.planRepo,
        titleLength: input.config.titleLength,
      },
    );
    const changed =
      existing !== null &&
      (existing.title !== rendered.title ||
        existing.body !== rendered.body ||
        (existing.state === "closed") !== rendered.done);
    out.push({ plan: p, existing, rendered, changed });
  }
  return out;
}

/** Needs that cost a write: a tracking issue to create, or one whose text or state changed. */
export function pendingTracking(needs: readonly TrackingNeed[]): TrackingNeed[] {
  return needs.filter((n) => n.existing === null || n.changed);
}

/**
 * Creates, updates, closes and reopens the tracking issues, and links task
 * issues as their sub-issues: every task issue when the tracking issue is
 * new, the ones this sync created otherwise. Writes are paced; a tracking
 * issue whose text and state are as rendered costs nothing. Returns notes
 * for the check run (e.g. past GitHub's 100 sub-issues).
 */
export async function applyTracking(input: {
  gateway: Gateway;
  needs: readonly TrackingNeed[];
  routing: Routing;
  homeIssues: readonly IssueRecord[];
  applied: ApplyResult | null;
  identity: string;
  pacer?: Pacer;
}): Promise<string[]> {
  const { gateway } = input;
  const notes: string[] = [];
  const paced = async <T>(write: () => Promise<T>): Promise<T> => {
    await input.pacer?.acquire();
    return write();
  };
  for (const need of input.needs) {
    const { plan: p, existing, rendered } = need;
    if (!rendered) {
      if (existing)
        await paced(() => gateway.updateIssue(existing.number, { state: "closed", stateReason: "not_planned" }));
      continue;
    }
    const state = rendered.done
      ? ({ state: "closed", stateReason: "completed" } as const)
      : ({ state: "open", stateReason: "reopened" } as const);
    let parent: IssueRecord;
    let children: number[];
    if (!existing) {
      parent = await paced(() => gateway.createIssue({ title: rendered.title, body: rendered.body, labels: [] }));
      if (rendered.done) await paced(() => gateway.updateIssue(parent.number, state));
      children = taskIssueIds(p, input);
    } else {
      parent = existing;
      if (need.changed) {
        const stateChanged = (existing.state === "closed") !== rendered.done;
        await paced(() =>
          gateway.updateIssue(existing.number, {
            ...(existing.title !== rendered.title ? { title: rendered.title } : {}),
            ...(existing.body !== rendered.body ? { body: rendered.body } : {}),
            ...(stateChanged ? state : {}),
          }),
        );
      }
      children = (input.applied?.issues ?? [])
        .filter((i) => i.type === "create-issue" && i.path === p.path && i.id !== undefined)
        .map((i) => i.id as number);
    }
    if (children.length === 0 || !gateway.addSubIssue) continue;
    // A new tracking issue has no sub-issues yet; an existing one may be full, which GitHub answers with 422.
    const linked = existing ? children : children.slice(0, SUB_ISSUE_LIMIT);
    let refused = children.length - linked.length;
    for (const id of linked) {
      try {
        await paced(() => gateway.addSubIssue!(parent.number, id));
      } catch (error) {
        if (httpStatus(error) !== 422) throw error;
        refused += 1;
      }
    }
    if (refused > 0)
      notes.push(
        `${p.path}: ${refused} task issue${refused === 1 ? " is" : "s are"} not sub-issues of tracking issue #${parent.number}: GitHub allows ${SUB_ISSUE_LIMIT} sub-issues per issue, and one parent per issue.`,
      );
  }
  return notes;
}

/** The ids of the plan's task issues wherever they are (home, routed targets, created or reopened now): one per task, the lowest number. */
function taskIssueIds(
  p: TrackedPlan,
  input: { routing: Routing; homeIssues: readonly IssueRecord[]; applied: ApplyResult | null; identity: string },
): number[] {
  const tasks = new Set((p.plan?.tasks ?? []).map((t) => t.id));
  const routedTaskRepo = (task: string) =>
    input.routing.areaRepo.get(/^[A-Za-z]+/.exec(task)?.[0]?.toUpperCase() ?? "");
  const ids = new Map<string, number>();
  const consider = (issues: readonly IssueRecord[], where: string | undefined) => {
    for (const issue of [...issues].sort((a, b) => a.number - b.number)) {
      if (!isAuthoredBy(issue, input.identity) || issue.id === undefined) continue;
      if (issue.state === "closed" && issue.stateReason === "not_planned") continue;
      const marker = parseMarker(issue.body);
      if (!marker || marker.path !== p.path || !tasks.has(marker.task) || ids.has(marker.task)) continue;
      // An issue counts where the task is routed now: an old issue left in another repository is not the task's.
      if ((routedTaskRepo(marker.task) ?? undefined) !== where) continue;
      ids.set(marker.task, issue.id);
    }
  };
  consider(input.homeIssues, undefined);
  for (const [key, target] of input.routing.accepted) consider(target.issues, key);
  // Issues this sync created, or reopened for a task back in the plan (listed as closed not planned, so not counted
  // above). Either is the task's issue as the reconciler keeps it, the lowest-numbered of all, closed ones too: it
  // comes before an open duplicate listed above.
  for (const outcome of input.applied?.issues ?? []) {
    if (outcome.type !== "create-issue" && outcome.type !== "reopen-issue") continue;
    if (outcome.path !== p.path || outcome.id === undefined) continue;
    ids.set(outcome.taskId, outcome.id);
  }
  // Plan order: GitHub lists sub-issues in the order they were added.
  return (p.plan?.tasks ?? []).flatMap((t) => {
    const id = ids.get(t.id);
    return id === undefined ? [] : [id];
  });
}
