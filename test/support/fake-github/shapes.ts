import { blobSha, type FileChange } from "./git-model.js";
import type { GitHubModel } from "./model.js";
import type { Actor, CheckRun, Commit, Issue, IssueComment, Label, PullRequest, Repository } from "./types.js";

export const HTML_BASE = "https://github.com";

type Json = Record<string, unknown>;

const ONE_MB = 1024 * 1024;

/** Renders model records as GitHub's REST JSON (fields trimmed to those clients read, types as documented). */
export class Shapes {
  constructor(
    private readonly model: GitHubModel,
    private readonly apiBase: () => string,
  ) {}

  private api(path: string): string {
    return `${this.apiBase()}${path}`;
  }

  user(actor: Actor): Json {
    const isBot = actor.type === "Bot";
    const slug = actor.login.replace(/\[bot\]$/, "");
    return {
      login: actor.login,
      id: actor.id,
      node_id: Buffer.from(`04:User${actor.id}`).toString("base64"),
      avatar_url: `https://avatars.githubusercontent.com/u/${actor.id}?v=4`,
      gravatar_id: "",
      url: this.api(`/users/${encodeURIComponent(actor.login)}`),
      html_url: isBot ? `${HTML_BASE}/apps/${slug}` : `${HTML_BASE}/${actor.login}`,
      type: actor.type,
      site_admin: false,
    };
  }

  app(): Json {
    const { app } = this.model;
    return {
      id: app.id,
      slug: app.slug,
      node_id: Buffer.from(`03:Integration${app.id}`).toString("base64"),
      client_id: `Iv1.${app.id.toString(16).padStart(16, "0")}`,
      owner: this.user(this.model.user(app.owner)),
      name: app.name,
      description: "",
      external_url: `${HTML_BASE}/${app.owner}`,
      html_url: `${HTML_BASE}/apps/${app.slug}`,
      created_at: "2024-01-01T00:00:00Z",
      updated_at: "2024-01-01T00:00:00Z",
      permissions: { checks: "write", contents: "write", issues: "write", metadata: "read", pull_requests: "write" },
      events: ["check_run", "issue_comment", "issues", "pull_request", "push"],
      installations_count: this.model.installations.size,
    };
  }

  repository(repo: Repository): Json {
    const url = this.api(`/repos/${repo.fullName}`);
    const parent = repo.parent ? this.model.repo(repo.parent) : undefined;
    return {
      id: repo.id,
      node_id: Buffer.from(`010:Repository${repo.id}`).toString("base64"),
      name: repo.name,
      full_name: repo.fullName,
      private: repo.private,
      owner: this.user(repo.owner),
      html_url: `${HTML_BASE}/${repo.fullName}`,
      description: null,
      fork: repo.parent !== null,
      url,
      issues_url: `${url}/issues{/number}`,
      pulls_url: `${url}/pulls{/number}`,
      contents_url: `${url}/contents/{+path}`,
      compare_url: `${url}/compare/{base}...{head}`,
      git_url: `git://github.com/${repo.fullName}.git`,
      clone_url: `${HTML_BASE}/${repo.fullName}.git`,
      created_at: repo.createdAt,
      updated_at: repo.pushedAt,
      pushed_at: repo.pushedAt,
      default_branch: repo.defaultBranch,
      visibility: repo.private ? "private" : "public",
      archived: false,
      disabled: false,
      has_issues: true,
      open_issues_count: [...repo.issues.values()].filter((i) => i.state === "open").length,
      ...(parent
        ? { parent: { id: parent.id, full_name: parent.fullName, owner: this.user(parent.owner), name: parent.name } }
        : {}),
    };
  }

  label(repo: Repository, label: Label): Json {
    return {
      id: label.id,
      node_id: Buffer.from(`05:Label${label.id}`).toString("base64"),
      url: this.api(`/repos/${repo.fullName}/labels/${encodeURIComponent(label.name)}`),
      name: label.name,
      color: label.color,
      default: false,
      description: label.description,
    };
  }

  issue(repo: Repository, issue: Issue): Json {
    const url = this.api(`/repos/${repo.fullName}/issues/${issue.number}`);
    const kind = issue.isPullRequest ? "pull" : "issues";
    const comments = [...repo.comments.values()].filter((c) => c.issueNumber === issue.number).length;
    const pull = repo.pulls.get(issue.number);
    return {
      id: issue.id,
      node_id: Buffer.from(`05:Issue${issue.id}`).toString("base64"),
      url,
      repository_url: this.api(`/repos/${repo.fullName}`),
      labels_url: `${url}/labels{/name}`,
      comments_url: `${url}/comments`,
      events_url: `${url}/events`,
      html_url: `${HTML_BASE}/${repo.fullName}/${kind}/${issue.number}`,
      number: issue.number,
      state: issue.state,
      state_reason: issue.stateReason,
      title: issue.title,
      body: issue.body,
      user: this.user(issue.user),
      labels: issue.labels.map((name) => this.label(repo, this.model.ensureLabel(repo, name))),
      assignee: null,
      assignees: [],
      milestone: null,
      locked: false,
      active_lock_reason: null,
      comments,
      created_at: issue.createdAt,
      updated_at: issue.updatedAt,
      closed_at: issue.closedAt,
      closed_by: issue.closedBy ? this.user(issue.closedBy) : null,
      author_association: issue.user.login === repo.owner.login ? "OWNER" : "NONE",
      performed_via_github_app: issue.user.login === this.model.botLogin ? this.app() : null,
      ...(pull
        ? {
            pull_request: {
              url: this.api(`/repos/${repo.fullName}/pulls/${issue.number}`),
              html_url: `${HTML_BASE}/${repo.fullName}/pull/${issue.number}`,
              diff_url: `${HTML_BASE}/${repo.fullName}/pull/${issue.number}.diff`,
              patch_url: `${HTML_BASE}/${repo.fullName}/pull/${issue.number}.patch`,
              merged_at: pull.merged ? issue.closedAt : null,
            },
          }
        : {}),
    };
  }

  comment(repo: Repository, comment: IssueComment): Json {
    return {
      id: comment.id,
      node_id: Buffer.from(`012:IssueComment${comment.id}`).toString("base64"),
      url: this.api(`/repos/${repo.fullName}/issues/comments/${comment.id}`),
      html_url: `${HTML_BASE}/${repo.fullName}/issues/${comment.issueNumber}#issuecomment-${comment.id}`,
      issue_url: this.api(`/repos/${repo.fullName}/issues/${comment.issueNumber}`),
      body: comment.body,
      user: this.user(comment.user),
      created_at: comment.createdAt,
      updated_at: comment.updatedAt,
      author_association: comment.user.login === repo.owner.login ? "OWNER" : "NONE",
      performed_via_github_app: comment.user.login === this.model.botLogin ? this.app() : null,
    };
  }

  private gitUser(c: Commit["author"]): Json {
    return { name: c.name, email: c.email, date: c.date };
  }

  /** The `commit` object of the contents API and the git data API. */
  gitCommit(repo: Repository, commit: Commit): Json {
    return {
      sha: commit.sha,
      node_id: Buffer.from(`06:Commit${commit.sha}`).toString("base64"),
      url: this.api(`/repos/${repo.fullName}/git/commits/${commit.sha}`),
      html_url: `${HTML_BASE}/${repo.fullName}/commit/${commit.sha}`,
      author: this.gitUser(commit.author),
      committer: this.gitUser(commit.committer),
      message: commit.message,
      tree: { sha: commit.treeSha, url: this.api(`/repos/${repo.fullName}/git/trees/${commit.treeSha}`) },
      parents: commit.parents.map((sha) => ({
        sha,
        url: this.api(`/repos/${repo.fullName}/git/commits/${sha}`),
        html_url: `${HTML_BASE}/${repo.fullName}/commit/${sha}`,
      })),
      verification: { verified: false, reason: "unsigned", signature: null, payload: null },
    };
  }

  /** The commit object of the commits and compare APIs. */
  commit(repo: Repository, commit: Commit, files?: FileChange[]): Json {
    const author = commit.authorLogin ? this.user(this.model.user(commit.authorLogin)) : null;
    const stats = files
      ? {
          additions: files.reduce((n, f) => n + f.additions, 0),
          deletions: files.reduce((n, f) => n + f.deletions, 0),
          total: files.reduce((n, f) => n + f.additions + f.deletions, 0),
        }
      : undefined;
    return {
      sha: commit.sha,
      node_id: Buffer.from(`06:Commit${commit.sha}`).toString("base64"),
      commit: {
        author: this.gitUser(commit.author),
        committer: this.gitUser(commit.committer),
        message: commit.message,
        tree: { sha: commit.treeSha, url: this.api(`/repos/${repo.fullName}/git/trees/${commit.treeSha}`) },
        url: this.api(`/repos/${repo.fullName}/git/commits/${commit.sha}`),
        comment_count: 0,
        verification: { verified: false, reason: "unsigned", signature: null, payload: null },
      },
      url: this.api(`/repos/${repo.fullName}/commits/${commit.sha}`),
      html_url: `${HTML_BASE}/${repo.fullName}/commit/${commit.sha}`,
      comments_url: this.api(`/repos/${repo.fullName}/commits/${commit.sha}/comments`),
      author,
      committer: author,
      parents: commit.parents.map((sha) => ({
        sha,
        url: this.api(`/repos/${repo.fullName}/commits/${sha}`),
        html_url: `${HTML_BASE}/${repo.fullName}/commit/${sha}`,
      })),
      ...(stats ? { stats } : {}),
      ...(files ? { files: files.map((f) => this.file(repo, commit.sha, f)) } : {}),
    };
  }

  file(repo: Repository, ref: string, change: FileChange): Json {
    const path = change.filename.split("/").map(encodeURIComponent).join("/");
    return {
      sha: change.sha,
      filename: change.filename,
      status: change.status,
      additions: change.additions,
      deletions: change.deletions,
      changes: change.additions + change.deletions,
      blob_url: `${HTML_BASE}/${repo.fullName}/blob/${ref}/${path}`,
      raw_url: `${HTML_BASE}/${repo.fullName}/raw/${ref}/${path}`,
      contents_url: this.api(`/repos/${repo.fullName}/contents/${path}?ref=${ref}`),
      ...(change.previousFilename !== undefined ? { previous_filename: change.previousFilename } : {}),
    };
  }

  /** A file in the contents API (`withContent` false for directory listings). */
  content(repo: Repository, ref: string, path: string, text: string, withContent: boolean): Json {
    const sha = blobSha(text);
    const encoded = path.split("/").map(encodeURIComponent).join("/");
    const url = this.api(`/repos/${repo.fullName}/contents/${encoded}?ref=${encodeURIComponent(ref)}`);
    const gitUrl = this.api(`/repos/${repo.fullName}/git/blobs/${sha}`);
    const htmlUrl = `${HTML_BASE}/${repo.fullName}/blob/${ref}/${encoded}`;
    const size = Buffer.byteLength(text, "utf8");
    return {
      type: "file",
      // Files over 1 MB come without content; clients must fall back to the blobs API.
      ...(withContent && size > ONE_MB ? { encoding: "none", content: "" } : {}),
      ...(withContent && size <= ONE_MB
        ? {
            encoding: "base64",
            // GitHub wraps base64 at 60 columns with "\n"; clients must cope.
            content:
              (
                Buffer.from(text, "utf8")
                  .toString("base64")
                  .match(/.{1,60}/g) ?? [""]
              ).join("\n") + "\n",
          }
        : {}),
      size,
      name: path.split("/").pop(),
      path,
      sha,
      url,
      git_url: gitUrl,
      html_url: htmlUrl,
      download_url: `https://raw.githubusercontent.com/${repo.fullName}/${ref}/${encoded}`,
      _links: { self: url, git: gitUrl, html: htmlUrl },
    };
  }

  blob(repo: Repository, sha: string, text: string): Json {
    const bytes = Buffer.from(text, "utf8");
    return {
      sha,
      node_id: Buffer.from(`04:Blob${sha}`).toString("base64"),
      size: bytes.length,
      url: this.api(`/repos/${repo.fullName}/git/blobs/${sha}`),
      content: (bytes.toString("base64").match(/.{1,60}/g) ?? [""]).join("\n") + "\n",
      encoding: "base64",
    };
  }

  /** GET /git/trees/{sha}: `entries` already listed (recursively or not), in git's order. */
  tree(
    repo: Repository,
    sha: string,
    entries: ReadonlyArray<{ path: string; type: "blob" | "tree"; sha: string; size?: number }>,
    truncated: boolean,
  ): Json {
    return {
      sha,
      url: this.api(`/repos/${repo.fullName}/git/trees/${sha}`),
      tree: entries.map((e) =>
        e.type === "blob"
          ? {
              path: e.path,
              mode: "100644",
              type: "blob",
              sha: e.sha,
              size: e.size,
              url: this.api(`/repos/${repo.fullName}/git/blobs/${e.sha}`),
            }
          : {
              path: e.path,
              mode: "040000",
              type: "tree",
              sha: e.sha,
              url: this.api(`/repos/${repo.fullName}/git/trees/${e.sha}`),
            },
      ),
      truncated,
    };
  }

  directoryEntry(repo: Repository, ref: string, path: string): Json {
    const encoded = path.split("/").map(encodeURIComponent).join("/");
    const url = this.api(`/repos/${repo.fullName}/contents/${encoded}?ref=${encodeURIComponent(ref)}`);
    return {
      type: "dir",
      size: 0,
      name: path.split("/").pop(),
      path,
      sha: blobSha(`dir:${path}`),
      url,
      git_url: null,
      html_url: `${HTML_BASE}/${repo.fullName}/tree/${ref}/${encoded}`,
      download_url: null,
      _links: { self: url, git: null, html: `${HTML_BASE}/${repo.fullName}/tree/${ref}/${encoded}` },
    };
  }

  branchRef(repo: Repository, branch: string, sha: string): Json {
    return {
      ref: `refs/heads/${branch}`,
      node_id: Buffer.from(`03:Ref${repo.id}:${branch}`).toString("base64"),
      url: this.api(`/repos/${repo.fullName}/git/refs/heads/${branch}`),
      object: { sha, type: "commit", url: this.api(`/repos/${repo.fullName}/git/commits/${sha}`) },
    };
  }

  pull(repo: Repository, pull: PullRequest): Json {
    const issue = repo.issues.get(pull.number)!;
    const headRepo = this.model.repo(pull.headRepo);
    const headSha = this.model.pullHeadSha(pull);
    const baseSha = repo.branches.get(pull.baseRef) ?? "";
    const url = this.api(`/repos/${repo.fullName}/pulls/${pull.number}`);
    const side = (r: Repository | undefined, ref: string, sha: string): Json => ({
      label: `${r?.owner.login ?? "unknown"}:${ref}`,
      ref,
      sha,
      user: r ? this.user(r.owner) : null,
      repo: r ? this.repository(r) : null,
    });
    return {
      url,
      id: pull.id,
      node_id: Buffer.from(`011:PullRequest${pull.id}`).toString("base64"),
      html_url: `${HTML_BASE}/${repo.fullName}/pull/${pull.number}`,
      diff_url: `${HTML_BASE}/${repo.fullName}/pull/${pull.number}.diff`,
      patch_url: `${HTML_BASE}/${repo.fullName}/pull/${pull.number}.patch`,
      issue_url: this.api(`/repos/${repo.fullName}/issues/${pull.number}`),
      commits_url: `${url}/commits`,
      comments_url: this.api(`/repos/${repo.fullName}/issues/${pull.number}/comments`),
      number: pull.number,
      state: pull.state,
      locked: false,
      title: issue.title,
      user: this.user(issue.user),
      body: issue.body,
      labels: issue.labels.map((name) => this.label(repo, this.model.ensureLabel(repo, name))),
      created_at: issue.createdAt,
      updated_at: issue.updatedAt,
      closed_at: issue.closedAt,
      merged_at: pull.merged ? issue.closedAt : null,
      merge_commit_sha: pull.mergeCommitSha,
      draft: pull.draft,
      head: side(headRepo, pull.headRef, headSha),
      base: side(repo, pull.baseRef, baseSha),
      author_association: issue.user.login === repo.owner.login ? "OWNER" : "CONTRIBUTOR",
      merged: pull.merged,
      mergeable: null,
      comments: this.model.issueComments(repo, pull.number).length,
    };
  }

  checkRun(repo: Repository, run: CheckRun): Json {
    const url = this.api(`/repos/${repo.fullName}/check-runs/${run.id}`);
    return {
      id: run.id,
      head_sha: run.headSha,
      node_id: Buffer.from(`08:CheckRun${run.id}`).toString("base64"),
      external_id: run.externalId ?? "",
      url,
      html_url: `${HTML_BASE}/${repo.fullName}/runs/${run.id}`,
      details_url: run.detailsUrl ?? `${HTML_BASE}/apps/${this.model.app.slug}`,
      status: run.status,
      conclusion: run.conclusion,
      started_at: run.startedAt,
      completed_at: run.completedAt,
      output: {
        title: run.output.title,
        summary: run.output.summary,
        text: run.output.text,
        annotations_count: run.output.annotations.length,
        annotations_url: `${url}/annotations`,
      },
      name: run.name,
      check_suite: { id: run.id + 1 },
      app: this.app(),
      pull_requests: [],
    };
  }

  installation(installationId: number): Json {
    const installation = this.model.installations.get(installationId)!;
    return {
      id: installation.id,
      account: this.user(installation.account),
      repository_selection: "selected",
      access_tokens_url: this.api(`/app/installations/${installation.id}/access_tokens`),
      repositories_url: this.api("/installation/repositories"),
      html_url: `${HTML_BASE}/settings/installations/${installation.id}`,
      app_id: this.model.app.id,
      app_slug: this.model.app.slug,
      target_id: installation.account.id,
      target_type: installation.account.type === "Bot" ? "User" : "Organization",
      permissions: this.app().permissions,
      events: this.app().events,
      created_at: "2024-01-01T00:00:00Z",
      updated_at: "2024-01-01T00:00:00Z",
      single_file_name: null,
      suspended_at: null,
      suspended_by: null,
    };
  }
}
