import { randomBytes } from "node:crypto";
import { GitStore } from "./git-model.js";
import type { TokenPermissions } from "./token-permissions.js";
import type {
  Actor,
  CheckRun,
  Installation,
  Issue,
  IssueComment,
  Label,
  PullRequest,
  RepoKey,
  Repository,
  StateReason,
} from "./types.js";

export interface AppIdentity {
  id: number;
  slug: string;
  name: string;
  owner: string;
}

export interface Caller {
  actor: Actor;
  /** Set when the caller is an installation token minted by the fake. */
  installationId: number | null;
  /** Authenticated with the App's JWT (only /app endpoints accept it). */
  isAppJwt: boolean;
  /** An installation token (minted here, or registered as one, e.g. a workflow's GITHUB_TOKEN): GET /user refuses it. */
  isInstallationToken: boolean;
  /** Grants of a limited token; null: everything its identity may do. */
  permissions: TokenPermissions | null;
}

export interface TokenRecord {
  login: string;
  installationId: number | null;
  installationToken?: boolean;
  permissions?: TokenPermissions;
}

export interface CommitAuthor {
  login?: string;
  name?: string;
  email?: string;
}

/** A 4xx/5xx the routes raise; the server turns it into GitHub's error body. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** A repository by name, or the record itself (what the routes already hold). */
export type RepoArg = RepoKey | Repository;

export function repoKeyString(key: RepoArg): string {
  if (typeof key === "string") return key;
  return "fullName" in key ? key.fullName : `${key.owner}/${key.repo}`;
}

/** All state of the fake and the operations both the HTTP routes and the test helpers use. */
export class GitHubModel {
  readonly git = new GitStore();
  readonly repos = new Map<string, Repository>();
  readonly installations = new Map<number, Installation>();
  readonly users = new Map<string, Actor>();
  /** token → caller identity (installation tokens and registered personal tokens). */
  readonly tokens = new Map<string, TokenRecord>();
  /** Most entries a recursive git tree lists before GitHub answers `truncated: true` (GitHub: 100,000 entries or 7 MB). */
  treeEntryLimit = 100_000;
  private nextId = 1000;
  private nextUserId = 100;

  constructor(
    readonly app: AppIdentity,
    readonly now: () => Date,
  ) {}

  get botLogin(): string {
    return `${this.app.slug}[bot]`;
  }

  id(): number {
    return ++this.nextId;
  }

  timestamp(): string {
    return this.now()
      .toISOString()
      .replace(/\.\d{3}Z$/, "Z");
  }

  user(login: string): Actor {
    const known = this.users.get(login.toLowerCase());
    if (known) return known;
    const actor: Actor = { login, id: ++this.nextUserId, type: login.endsWith("[bot]") ? "Bot" : "User" };
    this.users.set(login.toLowerCase(), actor);
    return actor;
  }

  createRepo(input: {
    owner: string;
    name: string;
    defaultBranch?: string;
    private?: boolean;
    files?: Record<string, string>;
    forkOf?: RepoArg;
  }): Repository {
    const fullName = `${input.owner}/${input.name}`;
    if (this.repos.has(fullName.toLowerCase())) throw new Error(`fake: repository ${fullName} already exists`);
    const defaultBranch = input.defaultBranch ?? "main";
    const now = this.timestamp();
    const repo: Repository = {
      id: this.id(),
      owner: this.user(input.owner),
      name: input.name,
      fullName,
      defaultBranch,
      private: input.private ?? false,
      parent: null,
      branches: new Map(),
      protectedBranches: new Set(),
      tags: new Map(),
      issues: new Map(),
      pulls: new Map(),
      comments: new Map(),
      labels: new Map(),
      checkRuns: new Map(),
      nextNumber: 1,
      createdAt: now,
      pushedAt: now,
    };
    if (input.forkOf !== undefined) {
      const parent = this.mustRepo(input.forkOf);
      repo.parent = parent.fullName;
      for (const [branch, sha] of parent.branches) repo.branches.set(branch, sha);
    } else {
      const tree = new Map(Object.entries(input.files ?? { "README.md": `# ${input.name}\n` }));
      const commit = this.git.create({
        parents: [],
        tree,
        message: "Initial commit",
        author: this.identity(input.owner),
        authorLogin: input.owner,
      });
      repo.branches.set(defaultBranch, commit.sha);
    }
    this.repos.set(fullName.toLowerCase(), repo);
    return repo;
  }

  repo(key: RepoArg): Repository | undefined {
    if (typeof key === "object" && "fullName" in key) return key;
    return this.repos.get(repoKeyString(key).toLowerCase());
  }

  mustRepo(key: RepoArg): Repository {
    const repo = this.repo(key);
    if (!repo) throw new Error(`fake: no repository ${repoKeyString(key)}`);
    return repo;
  }

  identity(login: string, email?: string): { name: string; email: string; date: string } {
    const actor = this.user(login);
    return {
      name: login,
      email: email ?? `${actor.id}+${login}@users.noreply.github.com`,
      date: this.timestamp(),
    };
  }

  /** A branch name, `heads/x`, `refs/heads/x`, a tag or a (short) commit SHA → commit SHA. */
  resolveRef(repo: Repository, ref: string): string | undefined {
    const name = ref.replace(/^refs\//, "");
    if (name.startsWith("heads/")) return repo.branches.get(name.slice(6));
    if (name.startsWith("tags/")) return repo.tags.get(name.slice(5));
    const branch = repo.branches.get(ref) ?? repo.tags.get(ref);
    if (branch) return branch;
    return this.git.get(ref)?.sha;
  }

  /** Files: text to write, null to delete. Returns the new commit SHA; creates the branch from the default branch when missing. */
  commit(
    key: RepoArg,
    branch: string,
    files: Record<string, string | null>,
    message: string,
    author: CommitAuthor = {},
  ): string {
    const repo = this.mustRepo(key);
    const parentSha = repo.branches.get(branch) ?? repo.branches.get(repo.defaultBranch);
    const parent = parentSha ? this.git.get(parentSha) : undefined;
    const tree = new Map(parent?.tree ?? []);
    for (const [path, text] of Object.entries(files)) {
      if (text === null) tree.delete(path);
      else tree.set(path, text);
    }
    const login = author.login ?? repo.owner.login;
    const commit = this.git.create({
      parents: parent ? [parent.sha] : [],
      tree,
      message,
      author: { ...this.identity(login, author.email), ...(author.name ? { name: author.name } : {}) },
      authorLogin: login,
    });
    repo.branches.set(branch, commit.sha);
    repo.pushedAt = this.timestamp();
    return commit.sha;
  }

  ensureLabel(repo: Repository, name: string): Label {
    const existing = repo.labels.get(name.toLowerCase());
    if (existing) return existing;
    // GitHub creates unknown labels on the fly when an issue is given them.
    const label: Label = { id: this.id(), name, color: "ededed", description: null };
    repo.labels.set(name.toLowerCase(), label);
    return label;
  }

  createLabel(key: RepoArg, input: { name: string; color?: string; description?: string | null }): Label {
    const repo = this.mustRepo(key);
    if (repo.labels.has(input.name.toLowerCase()))
      throw new HttpError(422, "Validation Failed", {
        errors: [{ resource: "Label", code: "already_exists", field: "name" }],
      });
    const label: Label = {
      id: this.id(),
      name: input.name,
      color: (input.color ?? "ededed").replace(/^#/, "").toLowerCase(),
      description: input.description ?? null,
    };
    repo.labels.set(input.name.toLowerCase(), label);
    return label;
  }

  private canonicalLabels(repo: Repository, names: readonly string[]): string[] {
    const out: string[] = [];
    for (const name of names) {
      const label = this.ensureLabel(repo, name);
      if (!out.includes(label.name)) out.push(label.name);
    }
    return out;
  }

  createIssue(
    key: RepoArg,
    input: {
      title: string;
      body?: string | null;
      labels?: string[];
      user?: string;
      state?: "open" | "closed";
      stateReason?: StateReason;
    },
  ): Issue {
    const repo = this.mustRepo(key);
    const now = this.timestamp();
    const user = this.user(input.user ?? repo.owner.login);
    const issue: Issue = {
      id: this.id(),
      number: repo.nextNumber++,
      title: input.title,
      body: input.body ?? null,
      state: "open",
      stateReason: null,
      labels: this.canonicalLabels(repo, input.labels ?? []),
      user,
      createdAt: now,
      updatedAt: now,
      closedAt: null,
      closedBy: null,
      stateChangedBy: null,
      isPullRequest: false,
    };
    repo.issues.set(issue.number, issue);
    if (input.state === "closed") {
      this.updateIssue(repo, issue.number, { state: "closed", stateReason: input.stateReason ?? "completed" }, user);
      // Seeded, not acted: nobody is the sender of a close that never happened as an event.
      issue.stateChangedBy = null;
    }
    return issue;
  }

  mustIssue(repo: Repository, number: number): Issue {
    const issue = repo.issues.get(number);
    // GitHub answers 410 for an issue deleted from a repository the caller can read.
    if (!issue)
      throw this.deletedIssues.has(`${repo.fullName}#${number}`)
        ? new HttpError(410, "This issue was deleted")
        : new HttpError(404, "Not Found");
    return issue;
  }

  /** Issues an admin deleted, as `owner/name#number`. */
  readonly deletedIssues = new Set<string>();

  deleteIssue(repo: Repository, number: number): void {
    if (!repo.issues.delete(number)) throw new Error(`no issue #${number}`);
    this.deletedIssues.add(`${repo.fullName}#${number}`);
  }

  updateIssue(
    key: RepoArg,
    number: number,
    changes: {
      title?: string;
      body?: string | null;
      state?: "open" | "closed";
      stateReason?: StateReason;
      labels?: string[];
    },
    actor: Actor,
  ): Issue {
    const repo = this.mustRepo(key);
    const issue = this.mustIssue(repo, number);
    const now = this.timestamp();
    if (changes.title !== undefined) issue.title = changes.title;
    if (changes.body !== undefined) issue.body = changes.body;
    if (changes.labels !== undefined) issue.labels = this.canonicalLabels(repo, changes.labels);
    if (changes.state === "closed") {
      if (issue.state !== "closed") {
        issue.closedAt = now;
        issue.closedBy = actor;
        issue.stateChangedBy = actor;
      }
      issue.state = "closed";
      // GitHub records "completed" when a close names no reason.
      issue.stateReason = changes.stateReason && changes.stateReason !== "reopened" ? changes.stateReason : "completed";
      const pull = repo.pulls.get(number);
      if (pull && pull.state === "open") {
        pull.headSha = this.pullHeadSha(pull);
        pull.state = "closed";
      }
    } else if (changes.state === "open") {
      if (issue.state === "closed") {
        issue.stateReason = "reopened";
        issue.stateChangedBy = actor;
      }
      issue.state = "open";
      issue.closedAt = null;
      issue.closedBy = null;
      const pull = repo.pulls.get(number);
      if (pull && pull.state === "closed" && !pull.merged) {
        pull.state = "open";
        pull.headSha = null;
      }
    } else if (changes.stateReason !== undefined && issue.state === "closed" && changes.stateReason !== "reopened") {
      issue.stateReason = changes.stateReason;
    }
    issue.updatedAt = now;
    return issue;
  }

  addComment(key: RepoArg, issueNumber: number, body: string, login?: string): IssueComment {
    const repo = this.mustRepo(key);
    const issue = this.mustIssue(repo, issueNumber);
    const now = this.timestamp();
    const comment: IssueComment = {
      id: this.id(),
      issueNumber,
      body,
      user: this.user(login ?? repo.owner.login),
      createdAt: now,
      updatedAt: now,
    };
    repo.comments.set(comment.id, comment);
    issue.updatedAt = now;
    return comment;
  }

  issueComments(repo: Repository, issueNumber: number): IssueComment[] {
    return [...repo.comments.values()].filter((c) => c.issueNumber === issueNumber).sort((a, b) => a.id - b.id);
  }

  openPullRequest(
    key: RepoArg,
    input: {
      head: string;
      base?: string;
      title: string;
      body?: string | null;
      user?: string;
      headRepo?: RepoArg;
      draft?: boolean;
    },
  ): PullRequest {
    const repo = this.mustRepo(key);
    const headRepo = input.headRepo !== undefined ? this.mustRepo(input.headRepo) : repo;
    const base = input.base ?? repo.defaultBranch;
    if (!headRepo.branches.has(input.head))
      throw new HttpError(422, "Validation Failed", {
        errors: [{ resource: "PullRequest", field: "head", code: "invalid" }],
      });
    if (!repo.branches.has(base))
      throw new HttpError(422, "Validation Failed", {
        errors: [{ resource: "PullRequest", field: "base", code: "invalid" }],
      });
    const duplicate = [...repo.pulls.values()].find(
      (p) => p.state === "open" && p.headRepo === headRepo.fullName && p.headRef === input.head && p.baseRef === base,
    );
    if (duplicate) {
      throw new HttpError(422, "Validation Failed", {
        errors: [
          {
            resource: "PullRequest",
            code: "custom",
            message: `A pull request already exists for ${headRepo.owner.login}:${input.head}.`,
          },
        ],
      });
    }
    const issue = this.createIssue(repo, {
      title: input.title,
      body: input.body ?? null,
      user: input.user ?? headRepo.owner.login,
    });
    issue.isPullRequest = true;
    const pull: PullRequest = {
      id: this.id(),
      number: issue.number,
      headRepo: headRepo.fullName,
      headRef: input.head,
      headSha: null,
      baseRef: base,
      state: "open",
      merged: false,
      mergeCommitSha: null,
      draft: input.draft ?? false,
    };
    repo.pulls.set(pull.number, pull);
    return pull;
  }

  pullHeadSha(pull: PullRequest): string {
    if (pull.headSha) return pull.headSha;
    const head = this.repo(pull.headRepo)?.branches.get(pull.headRef);
    if (!head) throw new Error(`fake: head branch ${pull.headRepo}:${pull.headRef} is gone`);
    return head;
  }

  /** Merges the pull request's tree onto the base branch as a merge commit. */
  mergePullRequest(key: RepoArg, number: number, login?: string): string {
    const repo = this.mustRepo(key);
    const pull = repo.pulls.get(number);
    if (!pull || pull.state !== "open") throw new Error(`fake: pull request #${number} is not open`);
    const headSha = this.pullHeadSha(pull);
    const baseSha = repo.branches.get(pull.baseRef)!;
    const head = this.git.get(headSha)!;
    const base = this.git.get(baseSha)!;
    const mergeBase = this.git.mergeBase(baseSha, headSha);
    const ancestorTree = mergeBase ? this.git.get(mergeBase)!.tree : new Map<string, string>();
    // Three-way at file granularity: files the head changed win; everything else keeps base.
    const tree = new Map(base.tree);
    for (const path of new Set([...ancestorTree.keys(), ...head.tree.keys()])) {
      if (ancestorTree.get(path) === head.tree.get(path)) continue;
      const text = head.tree.get(path);
      if (text === undefined) tree.delete(path);
      else tree.set(path, text);
    }
    const actor = login ?? repo.owner.login;
    const commit = this.git.create({
      parents: [baseSha, headSha],
      tree,
      message: `Merge pull request #${number} from ${pull.headRepo.split("/")[0]}/${pull.headRef}`,
      author: this.identity(actor),
      authorLogin: actor,
    });
    repo.branches.set(pull.baseRef, commit.sha);
    pull.headSha = headSha;
    pull.merged = true;
    pull.mergeCommitSha = commit.sha;
    pull.state = "closed";
    const issue = repo.issues.get(number)!;
    issue.state = "closed";
    issue.stateReason = null;
    issue.closedAt = this.timestamp();
    issue.closedBy = this.user(actor);
    issue.stateChangedBy = issue.closedBy;
    issue.updatedAt = issue.closedAt;
    return commit.sha;
  }

  createCheckRun(key: RepoArg, run: Omit<CheckRun, "id">): CheckRun {
    const repo = this.mustRepo(key);
    const created: CheckRun = { ...run, id: this.id() };
    repo.checkRuns.set(created.id, created);
    return created;
  }

  install(repos: RepoArg[], opts: { id?: number; account?: string } = {}): number {
    const id = opts.id ?? this.id();
    const names = repos.map((r) => this.mustRepo(r).fullName);
    const account = opts.account ?? names[0]?.split("/")[0] ?? "octo-org";
    const existing = this.installations.get(id);
    if (existing) {
      for (const n of names) existing.repos.add(n);
      return id;
    }
    this.installations.set(id, { id, account: this.user(account), repos: new Set(names) });
    return id;
  }

  installationFor(repo: Repository): Installation | undefined {
    for (const installation of this.installations.values())
      if (installation.repos.has(repo.fullName)) return installation;
    return undefined;
  }

  mintToken(installationId: number): string {
    const token = `ghs_${randomBytes(18).toString("base64url")}`;
    this.tokens.set(token, { login: this.botLogin, installationId, installationToken: true });
    return token;
  }

  /** Anyone sees public repositories; an installation sees its own private ones; a personal token sees all (tests register trusted users). */
  canSee(caller: Caller | null, repo: Repository): boolean {
    if (!repo.private) return true;
    if (caller?.installationId != null) return this.isInstalledOn(caller, repo);
    return caller !== null;
  }

  isInstalledOn(caller: Caller, repo: Repository): boolean {
    return (
      caller.installationId != null &&
      (this.installations.get(caller.installationId)?.repos.has(repo.fullName) ?? false)
    );
  }
}
