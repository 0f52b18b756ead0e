/**
 * The fake's in-memory model. camelCase records, not REST shapes: the routes
 * render them into GitHub's JSON (shapes.ts) so tests can read state directly.
 */

export type RepoKey = string | { owner: string; repo: string };

export interface Actor {
  login: string;
  id: number;
  type: "User" | "Bot";
}

export interface GitIdentity {
  name: string;
  email: string;
  date: string;
}

export interface Commit {
  sha: string;
  parents: string[];
  message: string;
  author: GitIdentity;
  committer: GitIdentity;
  /** GitHub account the commit is attributed to, when known. */
  authorLogin: string | null;
  tree: ReadonlyMap<string, string>;
  treeSha: string;
}

export interface Label {
  id: number;
  name: string;
  color: string;
  description: string | null;
}

export type StateReason = "completed" | "not_planned" | "reopened" | "duplicate" | null;

export interface Issue {
  id: number;
  number: number;
  title: string;
  body: string | null;
  state: "open" | "closed";
  stateReason: StateReason;
  /** Label names; the Label records live on the repository. */
  labels: string[];
  user: Actor;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  closedBy: Actor | null;
  /**
   * Who last closed or reopened the issue through an action (the API, a merge,
   * `fake.updateIssue`): the `sender` of the issues.closed/reopened webhook.
   * Null when the state was only seeded by `createIssue`.
   */
  stateChangedBy: Actor | null;
  /** Set when the issue is the conversation half of a pull request. */
  isPullRequest: boolean;
  /** `id` of the parent issue (sub-issues API); absent or null: none. */
  parentId?: number | null;
  /** Position among the parent's sub-issues. */
  subIssueOrder?: number;
  /** `id`s of the issues this one is blocked by (issue dependencies API), in the order they were added. */
  blockedBy?: number[];
}

export interface IssueComment {
  id: number;
  issueNumber: number;
  body: string;
  user: Actor;
  createdAt: string;
  updatedAt: string;
}

export interface PullRequest {
  id: number;
  number: number;
  headRepo: string;
  headRef: string;
  /** Pinned when the pull request is closed or merged; otherwise the live branch head. */
  headSha: string | null;
  baseRef: string;
  state: "open" | "closed";
  merged: boolean;
  mergeCommitSha: string | null;
  draft: boolean;
}

export interface CheckAnnotationInput {
  path: string;
  start_line: number;
  end_line: number;
  start_column?: number;
  end_column?: number;
  annotation_level: "notice" | "warning" | "failure";
  message: string;
  title?: string;
  raw_details?: string;
}

export interface CheckRun {
  id: number;
  name: string;
  headSha: string;
  status: "queued" | "in_progress" | "completed" | "waiting" | "requested" | "pending";
  conclusion: string | null;
  startedAt: string;
  completedAt: string | null;
  detailsUrl: string | null;
  externalId: string | null;
  output: { title: string | null; summary: string | null; text: string | null; annotations: CheckAnnotationInput[] };
  app: string;
}

export interface Repository {
  id: number;
  owner: Actor;
  name: string;
  fullName: string;
  defaultBranch: string;
  private: boolean;
  /** "owner/name" of the parent when this repository is a fork. */
  parent: string | null;
  branches: Map<string, string>;
  protectedBranches: Set<string>;
  tags: Map<string, string>;
  issues: Map<number, Issue>;
  pulls: Map<number, PullRequest>;
  comments: Map<number, IssueComment>;
  /** Keyed by lower-cased name: GitHub label names are case-insensitive. */
  labels: Map<string, Label>;
  checkRuns: Map<number, CheckRun>;
  nextNumber: number;
  createdAt: string;
  pushedAt: string;
}

export interface Installation {
  id: number;
  account: Actor;
  repos: Set<string>;
}

export interface RecordedRequest {
  method: string;
  /** Path without the `/api/v3` prefix and without the query string. */
  path: string;
  query: Record<string, string>;
  body: unknown;
  status: number;
  /** A content-changing request (POST/PUT/PATCH/DELETE), except minting an installation token. */
  write: boolean;
  /** Login of the caller, null when anonymous. */
  caller: string | null;
  /** No route matched. */
  unexpected: boolean;
  at: number;
}

export interface FailureRule {
  method?: string;
  path: RegExp | string;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** How many matching requests fail; default 1. */
  times?: number;
}
