import type { Gateway, IssueRecord } from "./gateway.js";
import { parseMarker } from "../render/marker.js";
import { isAuthoredBy } from "./managed-issues.js";
import type { SyncAction } from "./types.js";

type CreateIssue = Extract<SyncAction, { type: "create-issue" }>;

/** A task this sync would create an issue for, which already has a plan-sync issue by another author. */
export interface ForeignIssue {
  path: string;
  taskId: string;
  number: number;
  author: string;
}

/**
 * The tasks of `actions` to be created that already have a plan-sync issue
 * by someone other than `identity`: the App's bot when a token syncs, the
 * workflow's `github-actions[bot]` when the App does. The reconciler only
 * sees the identity's own issues (a copied marker must not hijack sync), so
 * without this look every task would get a second issue after a switch.
 * Lists only issues carrying the plan label, and only when something is to
 * be created: a sync that creates nothing costs no request for it.
 */
export async function findForeignIssues(
  gateway: Pick<Gateway, "listIssuesWithLabel">,
  input: { identity: string; label: string; actions: readonly SyncAction[] },
): Promise<ForeignIssue[]> {
  const creates = input.actions.filter((a): a is CreateIssue => a.type === "create-issue");
  if (creates.length === 0) return [];
  return foreignIssuesAmong(await gateway.listIssuesWithLabel(input.label), input.identity, creates);
}

/** The pure half of findForeignIssues: each clashing issue once, by plan path then issue number. */
export function foreignIssuesAmong(
  issues: readonly IssueRecord[],
  identity: string,
  creates: readonly CreateIssue[],
): ForeignIssue[] {
  const wanted = new Set(creates.map((c) => taskKey(c.path, c.taskId)));
  const found: ForeignIssue[] = [];
  for (const issue of issues) {
    if (isAuthoredBy(issue, identity)) continue;
    const marker = parseMarker(issue.body);
    if (!marker || !wanted.has(taskKey(marker.path, marker.task))) continue;
    found.push({ path: marker.path, taskId: marker.task, number: issue.number, author: issue.author });
  }
  return found.sort((a, b) => (a.path === b.path ? 0 : a.path < b.path ? -1 : 1) || a.number - b.number);
}

/** The create actions whose task is not among `found`; everything else unchanged. */
export function withoutForeignCreates(actions: readonly SyncAction[], found: readonly ForeignIssue[]): SyncAction[] {
  const taken = new Set(found.map((f) => taskKey(f.path, f.taskId)));
  return actions.filter((a) => a.type !== "create-issue" || !taken.has(taskKey(a.path, a.taskId)));
}

/** Thrown instead of creating when the caller asked to stop (the command): nothing was written. */
export class ForeignIssuesError extends Error {
  constructor(
    readonly identity: string,
    readonly found: readonly ForeignIssue[],
  ) {
    super(
      `${describeForeignIssues(found)} already have plan-sync issues by ${authorsOf(found).join(", ")}, not by ${identity}; nothing was written`,
    );
    this.name = "ForeignIssuesError";
  }
}

/**
 * What the check run says in a plan's section: which of its tasks were left
 * uncreated, and whose issues they have, linked when `repoUrl` is given (the
 * first ten: a plan's note is cut at 1,000 characters).
 */
export function foreignIssuesPlanNote(found: readonly ForeignIssue[], identity: string, repoUrl?: string): string {
  const one = found.length === 1;
  return (
    `${describeForeignIssues(found, 10, repoUrl)} already ${one ? "has a plan-sync issue" : "have plan-sync issues"} by ${authorsOf(found).join(" and ")}, ` +
    `so ${identity} created none for ${one ? "it" : "them"}: it only manages issues it created itself, and another would be a duplicate. See the note at the end.`
  );
}

/**
 * The way out, said once per check run (README, "Whose issues: switching
 * between the App and a token"): either the new identity takes over, or the
 * old one stays in charge.
 */
export function foreignIssuesHowTo(found: readonly ForeignIssue[], opts: { identity: string; label: string }): string {
  const by = authorsOf(found).join(" and ");
  return (
    `some tasks were not given issues because ${by} already made plan-sync issues for them. ` +
    `To move them to ${opts.identity}: stop the other sync (e.g. the workflow running \`plan-sync sync\`), remove the \`${opts.label}\` label ` +
    `from ${by}'s plan-sync issues (they stay as history; the issue list can do it for many at once), then push any change to the plan or re-run this check: ` +
    `${opts.identity} creates its own issues and relinks the plan. To keep ${by} in charge instead, uninstall the App from this repository. ` +
    `See "Whose issues" in plan-sync's README.`
  );
}

/** `DATA1 (#3), DATA2 (#4)`: the first `limit`, then how many more. */
export function describeForeignIssues(found: readonly ForeignIssue[], limit = 5, repoUrl?: string): string {
  const ref = (n: number) => (repoUrl ? `[#${n}](${repoUrl}/issues/${n})` : `#${n}`);
  const shown = found.slice(0, limit).map((f) => `${f.taskId} (${ref(f.number)})`);
  return shown.join(", ") + (found.length > limit ? `, and ${found.length - limit} more` : "");
}

/** Authors, the one with most issues first. */
export function authorsOf(found: readonly ForeignIssue[]): string[] {
  const counts = new Map<string, number>();
  for (const f of found) counts.set(f.author, (counts.get(f.author) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([author]) => author);
}

function taskKey(path: string, taskId: string): string {
  return `${path}\u0000${taskId}`;
}
