import type { RepoRef } from "../github/gateway.js";

/** A managed task issue, as far as references are concerned. */
export interface ManagedTask {
  issueNumber: number;
  path: string;
  taskId: string;
}

export interface FoundReference extends ManagedTask {
  /** Named by a closing keyword: GitHub closes the issue when the PR merges. */
  closes: boolean;
}

// GitHub's own closing keywords, any case, optional colon: "Closes #12", "fixes: #3", "Resolved acme/app#4".
const CLOSING = /\b(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?)\b:?\s+(?:([\w.-]+)\/([\w.-]+))?#(\d+)\b/gi;

/** Does a PR body close any issue by a closing keyword (of this repository or another)? */
export function hasClosingKeyword(body: string): boolean {
  // matchAll works on a copy of the global pattern, so no lastIndex is carried between calls.
  return body.matchAll(CLOSING).next().done !== true;
}

/**
 * The managed task issues a PR works on: closing keywords in its body (which
 * close the issue on merge), and task IDs in its title or branch name (which
 * only refer to it). An ID matches as a whole token, any case: `gain2-search`
 * refers to GAIN2, `GAIN21` does not.
 */
export function findTaskReferences(
  pr: { title: string; body: string; headRef: string },
  repo: RepoRef,
  managed: readonly ManagedTask[],
): FoundReference[] {
  const closing = new Set<number>();
  for (const match of (pr.body ?? "").matchAll(CLOSING)) {
    const [, owner, name, number] = match;
    if (owner && (owner.toLowerCase() !== repo.owner.toLowerCase() || name?.toLowerCase() !== repo.repo.toLowerCase()))
      continue;
    closing.add(Number(number));
  }
  const mentioned = `${pr.title}\n${pr.headRef}`;
  const found: FoundReference[] = [];
  for (const task of managed) {
    const closes = closing.has(task.issueNumber);
    if (closes || mentionsId(mentioned, task.taskId)) found.push({ ...task, closes });
  }
  return found.sort((a, b) => a.issueNumber - b.issueNumber);
}

function mentionsId(text: string, id: string): boolean {
  const escaped = id.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(?<![A-Za-z0-9])${escaped}(?![A-Za-z0-9])`, "i").test(text);
}
