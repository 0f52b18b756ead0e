import type { IssueRecord } from "../github/gateway.js";
import type { TaskPatch } from "../plan/patch-plan.js";
import { parseMarker } from "../render/marker.js";
import { isAuthoredBy } from "../sync/managed-issues.js";

/** An issue that speaks for its task in a write-back, as read. */
export interface CountedIssue {
  number: number;
  task: string;
  /** Closed as completed: the task is to be ticked. */
  done: boolean;
}

export interface DesiredFromIssues {
  desired: Map<string, TaskPatch>;
  /** The issues `desired` comes from, one per task, by number. */
  counted: CountedIssue[];
  /** Why an issue of the burst contributes nothing, for the log. */
  ignored: string[];
}

/** Only this counts as done: an issue closed as not planned (or as a duplicate) stays unticked. */
export function isDone(issue: Pick<IssueRecord, "state" | "stateReason">): boolean {
  return issue.state === "closed" && issue.stateReason === "completed";
}

/**
 * The wanted plan state for one plan, from the issues AS THEY ARE NOW (read at
 * write time, not from the event payloads: a close quickly followed by a
 * reopen must end unticked). Only issues authored by the app with a marker for
 * this plan count; a marker copied into a person's issue changes nothing.
 */
export function desiredFromIssues(
  issues: ReadonlyArray<IssueRecord | null>,
  opts: {
    path: string;
    identity: string;
    links: boolean;
    /** The issues are in another repository than the plan: their markers must name the plan's (`owner/name`). Absent: they are in the plan's own, and must name no other. */
    planRepo?: string;
  },
): DesiredFromIssues {
  const desired = new Map<string, TaskPatch>();
  const owner = new Map<string, number>();
  const ignored: string[] = [];
  const counted: CountedIssue[] = [];
  const sorted = issues.filter((i): i is IssueRecord => i !== null).sort((a, b) => a.number - b.number);
  for (const issue of sorted) {
    if (!isAuthoredBy(issue, opts.identity)) {
      ignored.push(`#${issue.number} is by ${issue.author}, not ${opts.identity}`);
      continue;
    }
    const marker = parseMarker(issue.body);
    if (!marker) {
      ignored.push(`#${issue.number} has no plan-sync marker`);
      continue;
    }
    if ((marker.repo?.toLowerCase() ?? null) !== (opts.planRepo?.toLowerCase() ?? null)) {
      ignored.push(`#${issue.number} belongs to the plans of ${marker.repo ?? "its own repository"}`);
      continue;
    }
    if (marker.path !== opts.path) {
      ignored.push(`#${issue.number} now belongs to ${marker.path}`);
      continue;
    }
    const first = owner.get(marker.task);
    if (first !== undefined) {
      // Duplicates from an old race: the lowest number is the task's issue, as the sync keeps it.
      ignored.push(`#${issue.number} duplicates #${first} for ${marker.task}`);
      continue;
    }
    owner.set(marker.task, issue.number);
    const patch: TaskPatch = { done: isDone(issue) };
    counted.push({ number: issue.number, task: marker.task, done: patch.done === true });
    if (opts.links) patch.issue = { number: issue.number, url: issue.htmlUrl };
    desired.set(marker.task, patch);
  }
  return { desired, counted, ignored };
}
