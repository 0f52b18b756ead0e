import type { ApplyResult } from "./apply-actions.js";
import type { Gateway, IssueRecord } from "./gateway.js";
import { httpStatus } from "./gateway-errors.js";
import type { Pacer } from "./pacer.js";
import { hasErrors } from "../plan/types.js";
import { parseMarker, withDeps, withDone } from "../render/marker.js";
import { isAuthoredBy } from "./managed-issues.js";
import type { SyncAction } from "./types.js";
import type { PushedPlan } from "./pushed-plan.js";
import type { Routing } from "./routing.js";

/**
 * One task whose "blocked by" links on GitHub are to follow its `Depends on`
 * cell. The last linked set is in the issue's marker (`deps`), so finding
 * these needs no read: a push that changes no dependency has none.
 */
export interface DependencyNeed {
  path: string;
  taskId: string;
  /** Task IDs to link as blocking, and to unlink. */
  add: string[];
  remove: string[];
  /** What the plan says now: recorded in the marker once linked. */
  desired: string[];
  /** The task's issue before this sync, or null: it is created by this sync (its marker records `desired` already). */
  issue: IssueRecord | null;
  /** Lower-cased `owner/name` of the repository the task's issue is in, null for the plan's. */
  where: string | null;
}

interface TaskIssue {
  issue: IssueRecord;
  where: string | null;
}

/**
 * The issue that stands for each task of the plan, wherever its area is
 * routed: app-authored, marker naming the plan, the lowest number, not one
 * closed as not planned. An issue left in a repository the task no longer
 * goes to is not the task's.
 */
export function taskIssues(p: PushedPlan, homeIssues: readonly IssueRecord[], routing: Routing, identity: string) {
  const tasks = new Map((p.plan?.tasks ?? []).map((t) => [t.id, t]));
  const paths = [p.path, ...(p.previousPath ? [p.previousPath] : [])];
  const out = new Map<string, TaskIssue>();
  const consider = (issues: readonly IssueRecord[], where: string | null) => {
    for (const issue of [...issues].sort((a, b) => a.number - b.number)) {
      if (!isAuthoredBy(issue, identity)) continue;
      if (issue.state === "closed" && issue.stateReason === "not_planned") continue;
      const marker = parseMarker(issue.body);
      const task = marker ? tasks.get(marker.task) : undefined;
      if (!marker || !task || !paths.includes(marker.path) || out.has(marker.task)) continue;
      if ((routing.areaRepo.get(task.area) ?? null) !== where) continue;
      out.set(marker.task, { issue, where });
    }
  };
  consider(homeIssues, null);
  for (const [key, target] of routing.accepted) consider(target.issues, key);
  return out;
}

/** Pure: the tasks of plans without errors whose dependencies differ from what their issue last recorded. */
export function dependencyNeeds(input: {
  plans: readonly PushedPlan[];
  homeIssues: readonly IssueRecord[];
  routing: Routing;
  identity: string;
}): DependencyNeed[] {
  const out: DependencyNeed[] = [];
  for (const p of input.plans) {
    if (!p.plan || hasErrors(p.plan)) continue;
    const issues = taskIssues(p, input.homeIssues, input.routing, input.identity);
    for (const task of p.plan.tasks) {
      const desired = task.dependsOn ?? [];
      const found = issues.get(task.id) ?? null;
      const where = input.routing.areaRepo.get(task.area) ?? null;
      // A task of a refused area gets no issue this sync: its links wait with it.
      if (where !== null && !input.routing.accepted.has(where)) continue;
      const recorded = found ? (parseMarker(found.issue.body)?.deps ?? []) : [];
      const add = desired.filter((d) => !recorded.includes(d));
      const remove = recorded.filter((d) => !desired.includes(d));
      if (add.length === 0 && remove.length === 0) continue;
      out.push({ path: p.path, taskId: task.id, add, remove, desired, issue: found?.issue ?? null, where });
    }
  }
  return out;
}

/**
 * Links and unlinks "blocked by" (REST issue dependencies: the blocking
 * issue's `id`, any repository of the owner), then records the linked set in
 * the marker of issues that existed before this sync (one body write; a new
 * issue recorded it when created). Paced writes, no reads: ids come from the
 * listings and from the issues this sync created. Returns notes for the
 * check run: links GitHub refused, tasks whose issues are missing.
 */
export async function applyDependencies(input: {
  gateway: Gateway;
  needs: readonly DependencyNeed[];
  plans: readonly PushedPlan[];
  homeIssues: readonly IssueRecord[];
  routing: Routing;
  identity: string;
  applied: ApplyResult | null;
  /** The actions applied: the last body written to an issue is where its marker is updated. */
  actions: readonly SyncAction[];
  pacer?: Pacer;
}): Promise<{ added: number; removed: number; notes: string[] }> {
  const { routing } = input;
  const notes: string[] = [];
  let added = 0;
  let removed = 0;
  const paced = async <T>(write: () => Promise<T>): Promise<T> => {
    await input.pacer?.acquire();
    return write();
  };
  const gatewayOf = (where: string | null): Gateway | null =>
    where === null ? input.gateway : (routing.accepted.get(where)?.gateway ?? null);
  const byPath = new Map(input.plans.map((p) => [p.path, p]));
  const indexes = new Map<string, Map<string, TaskIssue>>();
  const indexOf = (path: string) => {
    let index = indexes.get(path);
    if (!index) {
      const p = byPath.get(path);
      index = p ? taskIssues(p, input.homeIssues, routing, input.identity) : new Map<string, TaskIssue>();
      indexes.set(path, index);
    }
    return index;
  };
  // Created by this sync, or reopened for a task back in the plan (listed as closed not planned, so not in the index).
  const created = (path: string, taskId: string) =>
    input.applied?.issues.find(
      (i) => (i.type === "create-issue" || i.type === "reopen-issue") && i.path === path && i.taskId === taskId,
    );
  /** Number and id of a task's issue, wherever: listed before the sync, or created or reopened by it. */
  const issueOf = (path: string, taskId: string): { number: number; id: number | undefined } | null => {
    const listed = indexOf(path).get(taskId);
    if (listed) return { number: listed.issue.number, id: listed.issue.id };
    const made = created(path, taskId);
    return made ? { number: made.number, id: made.id } : null;
  };

  /** A task's issue created by this sync, with the body it was created with (its marker records every dependency). */
  const createdWith = (need: DependencyNeed): { number: number; body: string } | null => {
    const made = created(need.path, need.taskId);
    const action = input.actions.find(
      (a) => a.type === "create-issue" && a.path === need.path && a.taskId === need.taskId,
    );
    if (!made || !action || action.type !== "create-issue") return null;
    return { number: made.number, body: action.closeAsCompleted ? withDone(action.body, true) : action.body };
  };
  /**
   * A new issue's marker recorded every dependency when it was created, before any was linked. When a link fails
   * (GitHub down, a 500) the sync stops and is tried again, and the retry would read those records as linked and never
   * link them: so before the failure is passed on, the new issues not yet fully linked (the need at `from`, with what
   * it linked, and every later one) get their records taken back to what is linked. Best effort: if GitHub refuses
   * that write too, the failure is passed on all the same.
   */
  const takeBack = async (from: number, linkedNow: ReadonlySet<string>) => {
    for (const [i, need] of input.needs.entries()) {
      const made = i < from || need.issue ? null : createdWith(need);
      const gateway = gatewayOf(need.where);
      if (!made || !gateway) continue;
      const body = withDeps(
        made.body,
        need.desired.filter((d) => i === from && linkedNow.has(d)),
      );
      if (body !== made.body) await paced(() => gateway.updateIssue(made.number, { body })).catch(() => {});
    }
  };

  /** Links one task's issue; `linked` starts as what its marker records and ends as what is linked now. */
  const linkOne = async (need: DependencyNeed, linked: Set<string>): Promise<void> => {
    const gateway = gatewayOf(need.where);
    const blocked = issueOf(need.path, need.taskId);
    if (!gateway || !blocked || !gateway.addBlockedBy || !gateway.removeBlockedBy) return;
    const waiting: string[] = [];
    for (const dep of need.add) {
      const blocking = issueOf(need.path, dep);
      if (blocking?.id === undefined) {
        waiting.push(dep);
        continue;
      }
      try {
        await paced(() => gateway.addBlockedBy!(blocked.number, blocking.id as number));
        added += 1;
      } catch (error) {
        // 422: the link is there already (added by hand, or by a sync that stopped before recording it).
        if (httpStatus(error) !== 422) throw error;
      }
      linked.add(dep);
    }
    for (const dep of need.remove) {
      const blocking =
        indexOf(need.path).get(dep)?.issue.id ?? created(need.path, dep)?.id ?? removedTaskId(need, dep, input);
      if (blocking !== undefined) {
        try {
          await paced(() => gateway.removeBlockedBy!(blocked.number, blocking));
          removed += 1;
        } catch (error) {
          // 404: somebody removed it already.
          if (httpStatus(error) !== 404) throw error;
        }
      }
      linked.delete(dep);
    }
    if (waiting.length > 0)
      notes.push(
        `${need.path}: ${need.taskId} is not yet linked as blocked by ${waiting.join(", ")}: ${waiting.length === 1 ? "its issue does" : "their issues do"} not exist yet; the next sync links ${waiting.length === 1 ? "it" : "them"}.`,
      );
    // What is linked now, in the plan's order: recorded so the next push compares without reading.
    const record = need.desired.filter((d) => linked.has(d));
    if (need.issue) {
      const body = lastBody(input.actions, need) ?? need.issue.body;
      const next = withDeps(body, record);
      if (next !== body) await paced(() => gateway.updateIssue(need.issue!.number, { body: next }));
    } else if (waiting.length > 0) {
      // A new issue recorded every dependency when created: take back the ones that could not be linked.
      const made = createdWith(need);
      const body = made ? withDeps(made.body, record) : undefined;
      if (made && body !== made.body) await paced(() => gateway.updateIssue(made.number, { body }));
    }
  };

  for (const [at, need] of input.needs.entries()) {
    const linked = new Set((need.issue ? parseMarker(need.issue.body)?.deps : undefined) ?? []);
    try {
      await linkOne(need, linked);
    } catch (error) {
      await takeBack(at, linked);
      throw error;
    }
  }
  return { added, removed, notes };
}

/** The id of a blocking task's issue when that task has left the plan: its issue is in the listings all the same. */
function removedTaskId(
  need: DependencyNeed,
  dep: string,
  input: { homeIssues: readonly IssueRecord[]; routing: Routing; identity: string },
): number | undefined {
  const all = [...input.homeIssues, ...[...input.routing.accepted.values()].flatMap((t) => t.issues)];
  const match = all
    .filter((i) => isAuthoredBy(i, input.identity))
    .sort((a, b) => a.number - b.number)
    .find((i) => {
      const m = parseMarker(i.body);
      return m?.path === need.path && m.task === dep;
    });
  return match?.id;
}

/** The body this sync last wrote to the task's issue (an update, a close or a reopen), if any. */
function lastBody(actions: readonly SyncAction[], need: DependencyNeed): string | undefined {
  let body: string | undefined;
  for (const a of actions) {
    if (a.type === "create-label" || a.type === "create-issue") continue;
    if (a.path === need.path && a.taskId === need.taskId && a.body !== undefined) body = a.body;
  }
  return body;
}
