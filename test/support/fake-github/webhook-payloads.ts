import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { diffTrees } from "./git-model.js";
import { HttpError, type GitHubModel } from "./model.js";
import type { Shapes } from "./shapes.js";
import type { Commit, Issue, RepoKey, Repository } from "./types.js";

export const ZERO_SHA = "0000000000000000000000000000000000000000";

type Json = Record<string, unknown>;

interface Example {
  name: string;
  examples: Json[];
}

let examples: Example[] | null = null;

/** The recorded payloads of @octokit/webhooks-examples: the skeleton every payload here starts from. */
function exampleFor(event: string, action?: string): Json {
  if (!examples) {
    const require = createRequire(import.meta.url);
    examples = JSON.parse(readFileSync(require.resolve("@octokit/webhooks-examples"), "utf8")) as Example[];
  }
  const all = examples.find((e) => e.name === event)?.examples ?? [];
  const pick =
    all.find((e) => e.action === action && "installation" in e) ??
    all.find((e) => e.action === action) ??
    all.find((e) => "installation" in e && (event !== "push" || String(e.ref).startsWith("refs/heads/"))) ??
    all[0];
  if (!pick) throw new Error(`fake: no webhook example for ${event}`);
  return structuredClone(pick);
}

function isPlainObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The example's issue minus what would contradict ours (a `pull_request` key on a plain issue). */
function exampleIssue(example: Json, isPullRequest: boolean): Json {
  const issue = isPlainObject(example.issue) ? { ...example.issue } : {};
  if (!isPullRequest) delete issue.pull_request;
  return issue;
}

/** Our values win; fields only the example has (URLs templates etc.) stay for realism. */
function overlay(base: unknown, ours: Json): Json {
  const out: Json = isPlainObject(base) ? { ...base } : {};
  for (const [key, value] of Object.entries(ours)) {
    out[key] = isPlainObject(value) && isPlainObject(out[key]) ? overlay(out[key], value) : value;
  }
  return out;
}

export interface PayloadOptions {
  /** Login of the account that triggered the event; defaults to the natural actor. */
  sender?: string;
}

export class WebhookPayloads {
  constructor(
    private readonly model: GitHubModel,
    private readonly shapes: Shapes,
  ) {}

  private installation(repo: Repository): Json {
    const installation = this.model.installationFor(repo);
    return installation
      ? {
          installation: {
            id: installation.id,
            node_id: Buffer.from(`030:Installation${installation.id}`).toString("base64"),
          },
        }
      : {};
  }

  private envelope(example: Json, repo: Repository, sender: string, body: Json): Json {
    delete example.organization;
    delete example.installation;
    return {
      ...overlay(example, {
        ...body,
        repository: overlay(example.repository, this.shapes.repository(repo)),
        sender: overlay(example.sender, this.shapes.user(this.model.user(sender))),
      }),
      ...this.installation(repo),
    };
  }

  push(key: RepoKey, opts: { ref?: string; before?: string; after?: string } & PayloadOptions = {}): Json {
    const repo = this.model.mustRepo(key);
    const ref = opts.ref ?? `refs/heads/${repo.defaultBranch}`;
    const branch = ref.replace(/^refs\/heads\//, "");
    const after = opts.after ?? repo.branches.get(branch) ?? ZERO_SHA;
    const afterCommit = after === ZERO_SHA ? undefined : this.model.git.get(after);
    if (after !== ZERO_SHA && !afterCommit) throw new HttpError(500, `fake: unknown commit ${after}`);
    const before = opts.before ?? afterCommit?.parents[0] ?? ZERO_SHA;
    const pushed = afterCommit
      ? this.model.git.commitsBetween(before === ZERO_SHA ? null : before, afterCommit.sha)
      : [];
    const sender = opts.sender ?? afterCommit?.authorLogin ?? repo.owner.login;
    const pusher = this.model.identity(sender);
    const example = exampleFor("push");
    const payload = this.envelope(example, repo, sender, {
      ref,
      before,
      after,
      created: before === ZERO_SHA,
      deleted: after === ZERO_SHA,
      forced: false,
      base_ref: null,
      compare: `https://github.com/${repo.fullName}/compare/${before.slice(0, 12)}...${after.slice(0, 12)}`,
      commits: pushed.slice(-2048).map((c) => this.pushCommit(repo, c)),
      head_commit: afterCommit ? this.pushCommit(repo, afterCommit) : null,
      pusher: { name: pusher.name, email: pusher.email },
    });
    // Push events carry a few repository fields in their own legacy form.
    const repository = payload.repository as Json;
    repository.created_at = Math.floor(Date.parse(repo.createdAt) / 1000);
    repository.pushed_at = Math.floor(Date.parse(repo.pushedAt) / 1000);
    repository.master_branch = repo.defaultBranch;
    repository.owner = { ...(repository.owner as Json), name: repo.owner.login, email: null };
    return payload;
  }

  private pushCommit(repo: Repository, commit: Commit): Json {
    const parent = commit.parents[0] ? this.model.git.get(commit.parents[0]) : undefined;
    // Push payloads have no renames: a rename is one path added and one removed.
    const changes = diffTrees(parent?.tree ?? new Map(), commit.tree).flatMap((f) =>
      f.status === "renamed"
        ? [
            { ...f, status: "added" as const },
            { ...f, filename: f.previousFilename!, status: "removed" as const },
          ]
        : [f],
    );
    const pick = (status: string) => changes.filter((c) => c.status === status).map((c) => c.filename);
    const person = (who: Commit["author"], login: string | null) => ({
      name: who.name,
      email: who.email,
      ...(login ? { username: login } : {}),
    });
    return {
      id: commit.sha,
      tree_id: commit.treeSha,
      distinct: true,
      message: commit.message,
      timestamp: commit.committer.date,
      url: `https://github.com/${repo.fullName}/commit/${commit.sha}`,
      author: person(commit.author, commit.authorLogin),
      committer: person(commit.committer, commit.authorLogin),
      added: pick("added"),
      removed: pick("removed"),
      modified: pick("modified"),
    };
  }

  issues(
    key: RepoKey,
    number: number,
    action: string,
    opts: PayloadOptions & { changes?: Json; label?: string } = {},
  ): Json {
    const repo = this.model.mustRepo(key);
    const issue = this.model.mustIssue(repo, number);
    const sender = opts.sender ?? this.issueSender(repo, issue, action);
    const example = exampleFor("issues", action);
    delete example.changes;
    delete example.label;
    delete example.assignee;
    delete example.milestone;
    return this.envelope(example, repo, sender, {
      action,
      issue: overlay(exampleIssue(example, issue.isPullRequest), this.shapes.issue(repo, issue)),
      ...(opts.changes ? { changes: opts.changes } : {}),
      ...(opts.label ? { label: this.shapes.label(repo, this.model.ensureLabel(repo, opts.label)) } : {}),
    });
  }

  /**
   * Whoever did it, as GitHub reports it. A close or reopen is someone's
   * action, not the author's: the one the fake recorded, else the repository
   * owner — never the issue's author by default, which for the app's own
   * issues would be the bot and make every such event look like an echo.
   */
  private issueSender(repo: Repository, issue: Issue, action: string): string {
    if (action === "closed" || action === "reopened") return issue.stateChangedBy?.login ?? repo.owner.login;
    return issue.user.login;
  }

  pullRequest(
    key: RepoKey,
    number: number,
    action: string,
    opts: PayloadOptions & { before?: string; after?: string } = {},
  ): Json {
    const repo = this.model.mustRepo(key);
    const pull = repo.pulls.get(number);
    if (!pull) throw new HttpError(500, `fake: no pull request #${number}`);
    const issue = repo.issues.get(number)!;
    const example = exampleFor("pull_request", action);
    for (const k of ["before", "after", "label", "assignee", "requested_reviewer", "changes"]) delete example[k];
    const shape = this.shapes.pull(repo, pull);
    return this.envelope(example, repo, opts.sender ?? issue.user.login, {
      action,
      number,
      pull_request: overlay(example.pull_request, {
        ...shape,
        assignees: [],
        requested_reviewers: [],
        requested_teams: [],
        merged_by: null,
        head: overlay((example.pull_request as Json).head, shape.head as Json),
        base: overlay((example.pull_request as Json).base, shape.base as Json),
      }),
      ...(action === "synchronize"
        ? {
            before: opts.before ?? this.model.git.get(this.model.pullHeadSha(pull))?.parents[0] ?? ZERO_SHA,
            after: opts.after ?? this.model.pullHeadSha(pull),
          }
        : {}),
    });
  }

  issueComment(key: RepoKey, commentId: number, action: string, opts: PayloadOptions & { changes?: Json } = {}): Json {
    const repo = this.model.mustRepo(key);
    const comment = repo.comments.get(commentId);
    if (!comment) throw new HttpError(500, `fake: no comment ${commentId}`);
    const issue = this.model.mustIssue(repo, comment.issueNumber);
    const example = exampleFor("issue_comment", action);
    delete example.changes;
    return this.envelope(example, repo, opts.sender ?? comment.user.login, {
      action,
      issue: overlay(exampleIssue(example, issue.isPullRequest), this.shapes.issue(repo, issue)),
      comment: overlay(example.comment, this.shapes.comment(repo, comment)),
      ...(opts.changes ? { changes: opts.changes } : {}),
    });
  }
}
