import type { IssueRecord } from "./gateway.js";
import { parseMarker, type Marker } from "../render/marker.js";

export interface ManagedIssue {
  issue: IssueRecord;
  marker: Marker;
}

export interface ManagedIssues {
  /** Every issue of the plan, duplicates included, by number. */
  all: ManagedIssue[];
  /** The issue that stands for each task of the plan: the lowest number when there are several. */
  byTask: Map<string, ManagedIssue>;
  /** Higher-numbered issues for a task that already has one, by task ID. */
  duplicates: Map<string, IssueRecord[]>;
  /** App-authored issues whose marker is gone: candidates for re-adoption. */
  markerless: IssueRecord[];
  /** Task IDs that app-authored issues of other plans carry. */
  otherPlansTaskIds: Set<string>;
}

/** GitHub logins are case-insensitive ("Plan-Sync[bot]" is "plan-sync[bot]"); a missing login is nobody. */
export function isSameLogin(login: string | null | undefined, identity: string): boolean {
  return typeof login === "string" && login.toLowerCase() === identity.toLowerCase();
}

/** Issues, pull requests and comments alike: only what the app itself wrote may steer it. */
export function isAuthoredBy(item: { author: string }, identity: string): boolean {
  return isSameLogin(item.author, identity);
}

/**
 * The (plan path, task ID) an issue stands for, when it is the app's issue:
 * authored by the app AND carrying its marker. A marker copied into a
 * person's issue gives null, so it cannot hijack a task.
 */
export function appIssueMarker(issue: Pick<IssueRecord, "author" | "body">, identity: string): Marker | null {
  return isAuthoredBy(issue, identity) ? parseMarker(issue.body) : null;
}

/**
 * Sorts the caller's issue list into what belongs to this plan. Only issues
 * the app itself wrote count: a marker pasted into someone else's issue would
 * otherwise let them steer (or close) the plan's issues.
 */
export function collectManagedIssues(issues: IssueRecord[], identity: string, paths: string[]): ManagedIssues {
  const all: ManagedIssue[] = [];
  const byTask = new Map<string, ManagedIssue>();
  const duplicates = new Map<string, IssueRecord[]>();
  const markerless: IssueRecord[] = [];
  const otherPlansTaskIds = new Set<string>();
  const ours = issues.filter((i) => isAuthoredBy(i, identity)).sort((a, b) => a.number - b.number);
  for (const issue of ours) {
    const marker = parseMarker(issue.body);
    if (!marker) {
      markerless.push(issue);
      continue;
    }
    if (!paths.includes(marker.path)) {
      otherPlansTaskIds.add(marker.task);
      continue;
    }
    all.push({ issue, marker });
    const kept = byTask.get(marker.task);
    if (kept) duplicates.set(marker.task, [...(duplicates.get(marker.task) ?? []), issue]);
    else byTask.set(marker.task, { issue, marker });
  }
  return { all, byTask, duplicates, markerless, otherPlansTaskIds };
}
