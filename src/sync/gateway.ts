/**
 * The engine's port: everything plan-sync asks of GitHub, in plan-sync's own
 * terms. The engine (src/sync) defines it and src/github implements it: the
 * App (Probot's octokit) and the `plan-sync sync` command (Octokit's REST client over
 * a token) both do, so the engine never knows which it talks to, and never
 * imports the layer above it. No octokit types leak through this file. The
 * failures an implementation throws are in ./gateway-errors.ts.
 */

export interface RepoRef {
  owner: string;
  repo: string;
}

export interface IssueRecord {
  number: number;
  /** GitHub's id (not the number): what the sub-issues API takes. Absent where a caller built the record by hand. */
  id?: number;
  title: string;
  body: string;
  state: "open" | "closed";
  stateReason: "completed" | "not_planned" | "reopened" | "duplicate" | null;
  labels: string[];
  /** Login of the issue's author, e.g. "plan-sync[bot]". */
  author: string;
  htmlUrl: string;
  /** ISO time of the last close (GitHub clears it on reopen); absent when the source does not say. */
  closedAt?: string | null;
  /** ISO time of the issue's last change of any kind; absent when the source does not say. */
  updatedAt?: string | null;
}

/** One listing of a creator's issues, and when GitHub answered it. */
export interface IssueListing {
  issues: IssueRecord[];
  /** GitHub's clock when it answered (its `Date` header), ISO; null when it did not say. */
  listedAt: string | null;
}

export interface LabelRecord {
  name: string;
  color: string;
}

export interface FileRecord {
  path: string;
  text: string;
  /** Blob SHA: the precondition for a later write. */
  sha: string;
}

export interface IssueChanges {
  title?: string;
  body?: string;
  labels?: string[];
  state?: "open" | "closed";
  stateReason?: "completed" | "not_planned" | "reopened";
}

export interface CommentRecord {
  id: number;
  body: string;
  author: string;
}

export type CheckConclusion = "success" | "failure" | "neutral";

export interface CheckAnnotation {
  path: string;
  startLine: number;
  endLine: number;
  level: "failure" | "warning" | "notice";
  message: string;
  title?: string;
}

export interface CheckRunInput {
  headSha: string;
  name: string;
  status: "in_progress" | "completed";
  conclusion?: CheckConclusion;
  title: string;
  summary: string;
  text?: string;
  annotations?: CheckAnnotation[];
}

export interface Gateway {
  readonly repo: RepoRef;
  /** Issues (not pull requests) authored by `creator`, open and closed, all pages. */
  listIssuesByCreator(creator: string): Promise<IssueRecord[]>;
  /**
   * Like listIssuesByCreator, but only the issues updated at or after `since`
   * (ISO, GitHub's `since`; null: all of them), with GitHub's time of the
   * answer, so a later listing can ask for what changed after it. Optional:
   * without it every listing is a full one.
   */
  listIssuesSince?(creator: string, since: string | null): Promise<IssueListing>;
  /**
   * Issues (not pull requests) carrying `label`, by any author, open and closed,
   * all pages: the other identities' plan-sync issues, looked for before a sync
   * creates any.
   */
  listIssuesWithLabel(label: string): Promise<IssueRecord[]>;
  getIssue(number: number): Promise<IssueRecord | null>;
  createIssue(input: { title: string; body: string; labels: string[] }): Promise<IssueRecord>;
  updateIssue(number: number, changes: IssueChanges): Promise<IssueRecord>;
  listLabels(): Promise<LabelRecord[]>;
  createLabel(label: { name: string; color: string; description?: string }): Promise<void>;
  listComments(issueNumber: number): Promise<CommentRecord[]>;
  createComment(issueNumber: number, body: string): Promise<CommentRecord>;
  updateComment(commentId: number, body: string): Promise<void>;
  /** A file's text at a ref (`""`: the default branch); null when it does not exist there. */
  getFile(path: string, ref: string): Promise<FileRecord | null>;
  /** Commit new text for `path` on `branch`, only if the blob is still `sha`. Throws StaleFileError / ProtectedBranchError. Returns the new commit SHA. */
  putFile(input: { path: string; branch: string; text: string; sha: string; message: string }): Promise<string>;
  /** Files changed between two commits, with renames. */
  compareCommits(
    base: string,
    head: string,
  ): Promise<Array<{ path: string; status: "added" | "modified" | "removed" | "renamed"; previousPath?: string }>>;
  createCheckRun(input: CheckRunInput): Promise<number>;
  updateCheckRun(id: number, input: Partial<CheckRunInput>): Promise<void>;

  // Branches and pull requests: write-back to a protected branch goes through a PR,
  // and the PR status comment needs the PR and its files.
  /** Head commit SHA of a branch; null when the branch does not exist. */
  getBranchSha(branch: string): Promise<string | null>;
  /** Create `branch` at `sha`, or move it there (force) when it exists. */
  setBranch(branch: string, sha: string): Promise<void>;
  getPullRequest(number: number): Promise<PullRequestRecord | null>;
  /** The open PR from `head` (a branch of this repo) into `base`, if any. */
  findOpenPullRequest(head: string, base: string): Promise<PullRequestRecord | null>;
  createPullRequest(input: { head: string; base: string; title: string; body: string }): Promise<PullRequestRecord>;
  updatePullRequest(number: number, changes: { title?: string; body?: string }): Promise<void>;
  listPullRequestFiles(
    number: number,
  ): Promise<Array<{ path: string; status: "added" | "modified" | "removed" | "renamed"; previousPath?: string }>>;
  /**
   * Makes the issue with id `childId` (any repository of the owner) a
   * sub-issue of issue `parentNumber` here. Optional: a gateway without it
   * cannot keep a tracking issue.
   */
  addSubIssue?(parentNumber: number, childId: number): Promise<void>;
  /**
   * Issue dependencies: issue `number` here is blocked by the issue with id
   * `blockingId` (any repository of the owner), or no longer. Optional: a
   * gateway without them syncs no `Depends on` column.
   */
  addBlockedBy?(number: number, blockingId: number): Promise<void>;
  removeBlockedBy?(number: number, blockingId: number): Promise<void>;
}

export interface PullRequestRecord {
  number: number;
  title: string;
  body: string;
  state: "open" | "closed";
  htmlUrl: string;
  headRef: string;
  headSha: string;
  /** "owner/name" of the head repository: differs from the base repo for forks. */
  headRepo: string | null;
  baseRef: string;
  baseSha: string;
  author: string;
}

/** One entry of a recursive git tree listing: a file ("blob"), a directory ("tree") or a submodule ("commit"). */
export interface GitTreeEntry {
  path: string;
  type: "blob" | "tree" | "commit";
  /** Bytes; files only. */
  size?: number;
}

export interface GitTree {
  entries: GitTreeEntry[];
  /** GitHub stopped listing (over 100,000 entries or 7 MB): files may be missing from `entries`. */
  truncated: boolean;
}

/**
 * Lists every file of a commit. Not part of the Gateway contract, so it comes
 * as an extra capability next to a gateway (src/github/git-tree.ts: withGitTree).
 */
export interface TreeReader {
  readTree(ref: string): Promise<GitTree>;
}

/** Another repository a plan's area is routed to: its gateway, or why it cannot be written to. */
export type TargetAccess = { ok: true; gateway: Gateway } | { ok: false; reason: string };

/**
 * Opens the repositories a plan routes areas to (`areas.<ID>.repo`), with
 * the credentials of the sync: the App's installation, or the command's
 * token (src/github/route-targets.ts). Consent (the target's own `accept`) is
 * the sync's to check; this only says whether the credentials reach the
 * repository at all.
 */
export interface RouteTargets {
  open(repo: RepoRef): Promise<TargetAccess>;
}
