import type { CheckAnnotation, CommentRecord, IssueRecord, LabelRecord, PullRequestRecord } from "./gateway.js";

/**
 * GitHub's JSON → plan-sync's plain records. Inputs are typed loosely on
 * purpose: Probot and @octokit/rest ship different @octokit/types versions and
 * a fake GitHub may omit fields GitHub always sends.
 */

interface GitHubUser {
  login?: string;
}

export interface GitHubIssue {
  number: number;
  id?: number;
  title: string;
  body?: string | null;
  state: string;
  state_reason?: string | null;
  labels?: Array<string | { name?: string }>;
  user?: GitHubUser | null;
  html_url: string;
  pull_request?: unknown;
  closed_at?: string | null;
  updated_at?: string | null;
}

const STATE_REASONS = new Set(["completed", "not_planned", "reopened", "duplicate"]);

export function toIssueRecord(issue: GitHubIssue): IssueRecord {
  const reason = issue.state_reason ?? null;
  return {
    number: issue.number,
    ...(typeof issue.id === "number" ? { id: issue.id } : {}),
    title: issue.title,
    body: issue.body ?? "",
    state: issue.state === "closed" ? "closed" : "open",
    stateReason: reason !== null && STATE_REASONS.has(reason) ? (reason as IssueRecord["stateReason"]) : null,
    labels: (issue.labels ?? []).map((l) => (typeof l === "string" ? l : (l.name ?? ""))).filter((name) => name !== ""),
    author: issue.user?.login ?? "",
    htmlUrl: issue.html_url,
    ...(issue.closed_at !== undefined ? { closedAt: issue.closed_at } : {}),
    ...(issue.updated_at !== undefined ? { updatedAt: issue.updated_at } : {}),
  };
}

export function toLabelRecord(label: { name: string; color?: string | null }): LabelRecord {
  return { name: label.name, color: label.color ?? "" };
}

export function toCommentRecord(comment: {
  id: number;
  body?: string | null;
  user?: GitHubUser | null;
}): CommentRecord {
  return { id: comment.id, body: comment.body ?? "", author: comment.user?.login ?? "" };
}

export function toGitHubAnnotation(a: CheckAnnotation) {
  return {
    path: a.path,
    start_line: a.startLine,
    end_line: a.endLine,
    annotation_level: a.level,
    message: a.message,
    ...(a.title !== undefined ? { title: a.title } : {}),
  };
}

export type ChangedFileStatus = "added" | "modified" | "removed" | "renamed";

export interface ChangedFile {
  path: string;
  status: ChangedFileStatus;
  previousPath?: string;
}

/** GitHub also reports "copied", "changed" (mode only) and "unchanged"; plan-sync only needs to know whether the text may differ. */
export function toChangedFile(file: {
  filename: string;
  status: string;
  previous_filename?: string;
}): ChangedFile | null {
  const status: ChangedFileStatus | null =
    file.status === "added" || file.status === "copied"
      ? "added"
      : file.status === "removed"
        ? "removed"
        : file.status === "renamed"
          ? "renamed"
          : file.status === "modified" || file.status === "changed"
            ? "modified"
            : null;
  if (status === null) return null;
  return {
    path: file.filename,
    status,
    ...(file.previous_filename !== undefined && status === "renamed" ? { previousPath: file.previous_filename } : {}),
  };
}

export interface GitHubPull {
  number: number;
  title: string;
  body?: string | null;
  state: string;
  user?: GitHubUser | null;
  html_url: string;
  head: { ref: string; sha: string; repo?: { full_name?: string } | null };
  base: { ref: string; sha: string };
}

export function toPullRequestRecord(pr: GitHubPull): PullRequestRecord {
  return {
    number: pr.number,
    title: pr.title,
    body: pr.body ?? "",
    state: pr.state === "closed" ? "closed" : "open",
    author: pr.user?.login ?? "",
    htmlUrl: pr.html_url,
    headRef: pr.head.ref,
    headSha: pr.head.sha,
    headRepo: pr.head.repo?.full_name ?? null,
    baseRef: pr.base.ref,
    baseSha: pr.base.sha,
  };
}
