import { createHash } from "node:crypto";
import { ProtectedBranchError, StaleFileError } from "../../../src/github/errors.js";
import type {
  CheckRunInput,
  CommentRecord,
  Gateway,
  IssueChanges,
  IssueRecord,
  PullRequestRecord,
} from "../../../src/github/gateway.js";

export interface MemoryCommit {
  sha: string;
  branch: string;
  path: string;
  text: string;
  message: string;
  by: "app" | "person";
}

const blobSha = (text: string) =>
  createHash("sha1")
    .update(`blob ${Buffer.byteLength(text)}\0${text}`)
    .digest("hex");

/**
 * Just enough of GitHub for the write-back engine: branches of files, blob-SHA
 * preconditions, protected branches, pull requests and check runs, and a hook
 * that lets a test commit "as a person" between the engine's read and write.
 * Anything else the engine calls fails the test.
 */
export class MemoryGateway implements Gateway {
  readonly repo = { owner: "acme", repo: "plans" };
  readonly branches = new Map<string, { sha: string; files: Map<string, string> }>();
  readonly commits: MemoryCommit[] = [];
  readonly protectedBranches = new Set<string>();
  readonly pullRequests: PullRequestRecord[] = [];
  readonly checkRuns: CheckRunInput[] = [];
  readonly issues = new Map<number, IssueRecord>();
  /** Each issue's comments, oldest first. */
  readonly comments = new Map<number, CommentRecord[]>();
  /** Every commit's files, by its SHA: a pull request's head can be read after its branch moved. */
  readonly snapshots = new Map<string, Map<string, string>>();
  readonly calls: string[] = [];
  /** Throws this error from the next call whose entry in `calls` starts with the key. */
  readonly failures = new Map<string, Error>();
  /** Runs before each putFile is judged, e.g. to land a person's commit first. */
  beforePut: ((attempt: number) => void) | null = null;
  private puts = 0;
  private seq = 0;
  private commentSeq = 0;

  constructor(
    files: Record<string, string>,
    readonly defaultBranch = "main",
  ) {
    const sha = this.nextSha();
    this.branches.set(defaultBranch, { sha, files: new Map(Object.entries(files)) });
    this.snapshots.set(sha, new Map(Object.entries(files)));
  }

  /** A person's commit straight to a branch. */
  commitAsPerson(branch: string, path: string, text: string, message = "Edit the plan"): string {
    return this.commit(branch, path, text, message, "person");
  }

  file(path: string, branch = this.defaultBranch): string | undefined {
    return this.branches.get(branch)?.files.get(path);
  }

  appCommits(): MemoryCommit[] {
    return this.commits.filter((c) => c.by === "app");
  }

  async getFile(path: string, ref: string) {
    this.call(`getFile ${path}@${ref}`);
    const text = (this.branches.get(ref)?.files ?? this.snapshots.get(ref))?.get(path);
    return text === undefined ? null : { path, text, sha: blobSha(text) };
  }

  async putFile(input: { path: string; branch: string; text: string; sha: string; message: string }): Promise<string> {
    this.call(`putFile ${input.path}@${input.branch}`);
    this.beforePut?.(++this.puts);
    if (this.protectedBranches.has(input.branch)) throw new ProtectedBranchError(input.branch);
    const current = this.file(input.path, input.branch);
    if (current === undefined || blobSha(current) !== input.sha) throw new StaleFileError(input.path);
    return this.commit(input.branch, input.path, input.text, input.message, "app");
  }

  async getIssue(number: number) {
    this.call(`getIssue ${number}`);
    return this.issues.get(number) ?? null;
  }

  /** GitHub's `creator` filter: only the issues that login opened. */
  async listIssuesByCreator(creator: string) {
    this.call(`listIssuesByCreator ${creator}`);
    return [...this.issues.values()].filter((i) => i.author === creator);
  }

  async updateIssue(number: number, changes: IssueChanges) {
    this.call(`updateIssue ${number} ${JSON.stringify(changes)}`);
    const issue = this.issues.get(number);
    if (!issue) throw Object.assign(new Error("Not Found"), { status: 404 });
    const updated = { ...issue, ...changes };
    this.issues.set(number, updated);
    return updated;
  }

  async getPullRequest(number: number) {
    this.call(`getPullRequest ${number}`);
    return this.pullRequests.find((p) => p.number === number) ?? null;
  }

  async listComments(issueNumber: number) {
    this.call(`listComments ${issueNumber}`);
    return [...(this.comments.get(issueNumber) ?? [])];
  }

  async createComment(issueNumber: number, body: string) {
    this.call(`createComment ${issueNumber}`);
    const comment = { id: ++this.commentSeq, body, author: "plan-sync[bot]" };
    this.comments.set(issueNumber, [...(this.comments.get(issueNumber) ?? []), comment]);
    return comment;
  }

  async updateComment(commentId: number, body: string) {
    this.call(`updateComment ${commentId}`);
    for (const list of this.comments.values()) {
      const comment = list.find((c) => c.id === commentId);
      if (comment) return void (comment.body = body);
    }
    throw new Error(`no comment ${commentId}`);
  }

  /** A person's comment on an issue. */
  commentAsPerson(issueNumber: number, body: string, author = "ada"): CommentRecord {
    const comment = { id: ++this.commentSeq, body, author };
    this.comments.set(issueNumber, [...(this.comments.get(issueNumber) ?? []), comment]);
    return comment;
  }

  private call(entry: string): void {
    this.calls.push(entry);
    for (const [key, error] of this.failures) {
      if (!entry.startsWith(key)) continue;
      this.failures.delete(key);
      throw error;
    }
  }

  async getBranchSha(branch: string) {
    this.call(`getBranchSha ${branch}`);
    return this.branches.get(branch)?.sha ?? null;
  }

  async setBranch(branch: string, sha: string) {
    this.call(`setBranch ${branch}`);
    const source = [...this.branches.values()].find((b) => b.sha === sha);
    if (!source) throw new Error(`no commit ${sha}`);
    this.branches.set(branch, { sha, files: new Map(source.files) });
  }

  async findOpenPullRequest(head: string, base: string) {
    this.call(`findOpenPullRequest ${head}`);
    return this.pullRequests.find((p) => p.headRef === head && p.baseRef === base && p.state === "open") ?? null;
  }

  async createPullRequest(input: { head: string; base: string; title: string; body: string }) {
    this.call(`createPullRequest ${input.head}`);
    const number = 100 + this.pullRequests.length;
    const pr: PullRequestRecord = {
      number,
      title: input.title,
      body: input.body,
      state: "open",
      htmlUrl: `https://github.com/acme/plans/pull/${number}`,
      headRef: input.head,
      headSha: this.branches.get(input.head)?.sha ?? "",
      headRepo: "acme/plans",
      baseRef: input.base,
      baseSha: this.branches.get(input.base)?.sha ?? "",
      author: "plan-sync[bot]",
    };
    this.pullRequests.push(pr);
    return pr;
  }

  async updatePullRequest(number: number, changes: { title?: string; body?: string }) {
    this.call(`updatePullRequest ${number}`);
    const pr = this.pullRequests.find((p) => p.number === number);
    if (!pr) throw new Error(`no PR #${number}`);
    Object.assign(pr, changes);
  }

  async createCheckRun(input: CheckRunInput) {
    this.call(`createCheckRun ${input.name}`);
    this.checkRuns.push(input);
    return this.checkRuns.length;
  }

  private commit(branch: string, path: string, text: string, message: string, by: "app" | "person"): string {
    const b = this.branches.get(branch);
    if (!b) throw new Error(`no branch ${branch}`);
    b.files.set(path, text);
    b.sha = this.nextSha();
    this.snapshots.set(b.sha, new Map(b.files));
    this.commits.push({ sha: b.sha, branch, path, text, message, by });
    return b.sha;
  }

  private nextSha(): string {
    return createHash("sha1").update(String(++this.seq)).digest("hex");
  }

  private unexpected(name: string): never {
    throw new Error(`write-back called Gateway.${name}, which it should not need`);
  }

  listIssuesWithLabel(): never {
    return this.unexpected("listIssuesWithLabel");
  }
  createIssue(): never {
    return this.unexpected("createIssue");
  }
  listLabels(): never {
    return this.unexpected("listLabels");
  }
  createLabel(): never {
    return this.unexpected("createLabel");
  }
  compareCommits(): never {
    return this.unexpected("compareCommits");
  }
  updateCheckRun(): never {
    return this.unexpected("updateCheckRun");
  }
  listPullRequestFiles(): never {
    return this.unexpected("listPullRequestFiles");
  }
}
