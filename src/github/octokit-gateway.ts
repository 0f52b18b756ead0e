import type { Octokit } from "@octokit/rest";
import { EtagCache, sharedEtagCache, type CachedPage } from "./etag-cache.js";
import {
  type CheckRunInput,
  type FileRecord,
  type Gateway,
  type IssueChanges,
  type IssueRecord,
  type PullRequestRecord,
  type RepoRef,
} from "./gateway.js";
import {
  toChangedFile,
  toCommentRecord,
  toGitHubAnnotation,
  toIssueRecord,
  toLabelRecord,
  toPullRequestRecord,
  type ChangedFile,
  type GitHubIssue,
  type GitHubPull,
} from "./map-records.js";
import { AlreadyExistsError, classifyPutFileError, githubMessage, httpStatus, isAlreadyExists } from "./errors.js";
import { decodePlanBytes } from "../plan/decode-plan-bytes.js";

/**
 * What the gateway needs from an Octokit. Both Probot's `context.octokit` and a
 * plain `@octokit/rest` Octokit have it; only `request` is used so that the two
 * packages' slightly different typings never matter.
 */
export type GatewayOctokit = Pick<Octokit, "request">;

export interface OctokitGatewayOptions {
  /**
   * Who the requests are made as (e.g. `installation:123`, or `token:` + a hash).
   * ETags are only reused within one identity: two installations may see
   * different data behind the same URL. Without it, this gateway's cache is
   * private to the gateway instance.
   */
  identity?: string;
  etagCache?: EtagCache;
}

/** GitHub caps annotations at 50 per create/update request. */
export const ANNOTATIONS_PER_REQUEST = 50;

let anonymousGateways = 0;

/** Never retried by plugin-retry: a POST that timed out may have created the issue, and a retry would duplicate it. The next sync reconciles instead. */
const NO_RETRY = { request: { retries: 0 } };

export function createOctokitGateway(
  octokit: GatewayOctokit,
  repo: RepoRef,
  opts: OctokitGatewayOptions = {},
): Gateway {
  const { owner, repo: name } = repo;
  const cache = opts.etagCache ?? sharedEtagCache;
  const identity = opts.identity ?? `gateway-${++anonymousGateways}`;
  const base = `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(name)}`;
  // Writes by any identity make every identity's pages of this repo stale.
  const repoScope = `${owner.toLowerCase()}/${name.toLowerCase()}\n`;
  const cacheKey = (url: string) => `${repoScope}${identity}\n${url}`;
  const invalidate = () => cache.deletePrefix(repoScope);
  /** Outputs sent so far, so a later annotations-only update can repeat the required title/summary. */
  const checkOutputs = new Map<number, { title: string; summary: string; text?: string }>();

  async function conditionalGet(url: string): Promise<CachedPage> {
    const key = cacheKey(url);
    const cached = cache.get(key);
    try {
      const res = await octokit.request({
        method: "GET",
        url,
        headers: cached ? { "if-none-match": cached.etag } : {},
      });
      const etag = res.headers.etag;
      const page: CachedPage = { etag: etag ?? "", data: res.data, link: res.headers.link };
      if (etag) cache.set(key, page);
      return page;
    } catch (error) {
      if (httpStatus(error) === 304 && cached) return cached;
      throw error;
    }
  }

  async function getAllPages<T>(firstUrl: string): Promise<T[]> {
    const items: T[] = [];
    let url: string | undefined = firstUrl;
    while (url !== undefined) {
      const page: CachedPage = await conditionalGet(url);
      if (!Array.isArray(page.data)) throw new Error(`GET ${url}: expected a list`);
      items.push(...(page.data as T[]));
      url = nextLink(page.link);
    }
    return items;
  }

  async function getOrNull<T>(url: string): Promise<T | null> {
    try {
      return (await conditionalGet(url)).data as T;
    } catch (error) {
      const status = httpStatus(error);
      if (status === 404 || status === 410) return null;
      throw error;
    }
  }

  async function write<T>(
    method: "POST" | "PATCH" | "PUT" | "DELETE",
    url: string,
    body: object,
    retry = true,
  ): Promise<T> {
    try {
      const res = await octokit.request({ method, url, ...body, ...(retry ? {} : NO_RETRY) });
      return res.data as T;
    } finally {
      // Also after a failure: the write may have landed even though we saw an error.
      invalidate();
    }
  }

  async function getBlobText(sha: string): Promise<string> {
    const blob = (await conditionalGet(`${base}/git/blobs/${sha}`)).data as { content: string; encoding: string };
    return decodeContent(blob.content, blob.encoding);
  }

  async function sendCheckOutput(
    id: number,
    input: Partial<CheckRunInput>,
    annotations: ReturnType<typeof toGitHubAnnotation>[],
  ) {
    const known = checkOutputs.get(id);
    const title = input.title ?? known?.title;
    const summary = input.summary ?? known?.summary;
    const text = input.text ?? known?.text;
    if (title === undefined || summary === undefined) {
      throw new Error(`check run ${id}: GitHub needs a title and summary with any output`);
    }
    checkOutputs.set(id, { title, summary, ...(text !== undefined ? { text } : {}) });
    return { title, summary, ...(text !== undefined ? { text } : {}), annotations };
  }

  async function patchRemainingAnnotations(id: number, rest: ReturnType<typeof toGitHubAnnotation>[]) {
    for (let i = 0; i < rest.length; i += ANNOTATIONS_PER_REQUEST) {
      const output = await sendCheckOutput(id, {}, rest.slice(i, i + ANNOTATIONS_PER_REQUEST));
      await octokit.request({ method: "PATCH", url: `${base}/check-runs/${id}`, output });
    }
  }

  const gateway: Gateway = {
    repo: { owner, repo: name },

    async listIssuesByCreator(creator) {
      const issues = await getAllPages<GitHubIssue>(
        `${base}/issues?creator=${encodeURIComponent(creator)}&state=all&per_page=100`,
      );
      return issues.filter((i) => i.pull_request === undefined || i.pull_request === null).map(toIssueRecord);
    },

    async listIssuesSince(creator, since) {
      // Not through the ETag cache: a `since` URL is asked once, and its pages would only push useful ones out.
      let url: string | undefined =
        `${base}/issues?creator=${encodeURIComponent(creator)}&state=all&per_page=100` +
        (since === null ? "" : `&since=${encodeURIComponent(since)}`);
      const issues: GitHubIssue[] = [];
      let listedAt: string | null = null;
      while (url !== undefined) {
        const res = await octokit.request({ method: "GET", url });
        if (!Array.isArray(res.data)) throw new Error(`GET ${url}: expected a list`);
        // The first page's time: whatever changed after it is in the next `since` listing.
        listedAt ??= httpDate(res.headers.date);
        issues.push(...(res.data as GitHubIssue[]));
        url = nextLink(res.headers.link);
      }
      return { issues: issues.filter(isIssue).map(toIssueRecord), listedAt };
    },

    async listIssuesWithLabel(label) {
      const issues = await getAllPages<GitHubIssue>(
        `${base}/issues?labels=${encodeURIComponent(label)}&state=all&per_page=100`,
      );
      return issues.filter((i) => i.pull_request === undefined || i.pull_request === null).map(toIssueRecord);
    },

    async getIssue(number) {
      const issue = await getOrNull<GitHubIssue>(`${base}/issues/${number}`);
      if (issue === null || (issue.pull_request !== undefined && issue.pull_request !== null)) return null;
      return toIssueRecord(issue);
    },

    async createIssue(input) {
      const issue = await write<GitHubIssue>(
        "POST",
        `${base}/issues`,
        { title: input.title, body: input.body, labels: input.labels },
        false,
      );
      return toIssueRecord(issue);
    },

    async updateIssue(number, changes: IssueChanges): Promise<IssueRecord> {
      const body: Record<string, unknown> = {};
      if (changes.title !== undefined) body.title = changes.title;
      if (changes.body !== undefined) body.body = changes.body;
      if (changes.labels !== undefined) body.labels = changes.labels;
      if (changes.state !== undefined) body.state = changes.state;
      if (changes.stateReason !== undefined) body.state_reason = changes.stateReason;
      return toIssueRecord(await write<GitHubIssue>("PATCH", `${base}/issues/${number}`, body));
    },

    async addSubIssue(parentNumber, childId) {
      // Not retried: a POST that timed out may have landed; the next sync sees the link (or its 422) instead.
      await write("POST", `${base}/issues/${parentNumber}/sub_issues`, { sub_issue_id: childId }, false);
    },

    async addBlockedBy(number, blockingId) {
      // Not retried, like sub-issues: a link that landed anyway answers 422 next time, which the sync takes as linked.
      await write("POST", `${base}/issues/${number}/dependencies/blocked_by`, { issue_id: blockingId }, false);
    },

    async removeBlockedBy(number, blockingId) {
      await write("DELETE", `${base}/issues/${number}/dependencies/blocked_by/${blockingId}`, {});
    },

    async listLabels() {
      const labels = await getAllPages<{ name: string; color?: string }>(`${base}/labels?per_page=100`);
      return labels.map(toLabelRecord);
    },

    async createLabel(label) {
      try {
        await write("POST", `${base}/labels`, {
          name: label.name,
          color: label.color,
          ...(label.description !== undefined ? { description: label.description } : {}),
        });
      } catch (error) {
        if (isAlreadyExists(error)) throw new AlreadyExistsError("label", label.name);
        throw error;
      }
    },

    async listComments(issueNumber) {
      const comments = await getAllPages<{ id: number; body?: string; user?: { login?: string } }>(
        `${base}/issues/${issueNumber}/comments?per_page=100`,
      );
      return comments.map(toCommentRecord);
    },

    async createComment(issueNumber, body) {
      const comment = await write<{ id: number; body?: string; user?: { login?: string } }>(
        "POST",
        `${base}/issues/${issueNumber}/comments`,
        { body },
        false,
      );
      return toCommentRecord(comment);
    },

    async updateComment(commentId, body) {
      await write("PATCH", `${base}/issues/comments/${commentId}`, { body });
    },

    async getFile(path, ref): Promise<FileRecord | null> {
      // No ref: the default branch, as GitHub reads it when the parameter is left out.
      const at = ref === "" ? "" : `?ref=${encodeURIComponent(ref)}`;
      const data = await getOrNull<unknown>(`${base}/contents/${encodePath(path)}${at}`);
      if (data === null || Array.isArray(data)) return null;
      const file = data as { type?: string; sha: string; content?: string; encoding?: string; size?: number };
      if (file.type !== undefined && file.type !== "file") return null;
      // Files over 1 MB come back without content ("encoding": "none"); the blob API has them.
      const inline =
        typeof file.content === "string" && file.encoding !== "none" && (file.content !== "" || (file.size ?? 0) === 0);
      const text = inline ? decodeContent(file.content ?? "", "base64") : await getBlobText(file.sha);
      return { path, text, sha: file.sha };
    },

    async putFile(input) {
      try {
        const res = await write<{ commit: { sha: string } }>("PUT", `${base}/contents/${encodePath(input.path)}`, {
          message: input.message,
          content: Buffer.from(input.text, "utf8").toString("base64"),
          sha: input.sha,
          branch: input.branch,
        });
        return res.commit.sha;
      } catch (error) {
        throw classifyPutFileError(error, input.path, input.branch);
      }
    },

    async compareCommits(baseSha, headSha) {
      const data = (
        await conditionalGet(`${base}/compare/${encodeURIComponent(baseSha)}...${encodeURIComponent(headSha)}`)
      ).data as { files?: Array<{ filename: string; status: string; previous_filename?: string }> };
      return (data.files ?? []).map(toChangedFile).filter((f): f is ChangedFile => f !== null);
    },

    async createCheckRun(input) {
      const annotations = (input.annotations ?? []).map(toGitHubAnnotation);
      const output = {
        title: input.title,
        summary: input.summary,
        ...(input.text !== undefined ? { text: input.text } : {}),
      };
      const res = await octokit.request({
        method: "POST",
        url: `${base}/check-runs`,
        name: input.name,
        head_sha: input.headSha,
        status: input.status,
        ...(input.conclusion !== undefined ? { conclusion: input.conclusion } : {}),
        output: { ...output, annotations: annotations.slice(0, ANNOTATIONS_PER_REQUEST) },
      });
      const id = (res.data as { id: number }).id;
      checkOutputs.set(id, output);
      await patchRemainingAnnotations(id, annotations.slice(ANNOTATIONS_PER_REQUEST));
      return id;
    },

    async updateCheckRun(id, input) {
      const annotations = (input.annotations ?? []).map(toGitHubAnnotation);
      const hasOutput =
        input.title !== undefined || input.summary !== undefined || input.text !== undefined || annotations.length > 0;
      await octokit.request({
        method: "PATCH",
        url: `${base}/check-runs/${id}`,
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.status !== undefined ? { status: input.status } : {}),
        ...(input.conclusion !== undefined ? { conclusion: input.conclusion } : {}),
        ...(hasOutput
          ? { output: await sendCheckOutput(id, input, annotations.slice(0, ANNOTATIONS_PER_REQUEST)) }
          : {}),
      });
      await patchRemainingAnnotations(id, annotations.slice(ANNOTATIONS_PER_REQUEST));
    },

    async getBranchSha(branch) {
      const ref = await getOrNull<{ object: { sha: string } }>(`${base}/git/ref/heads/${encodePath(branch)}`);
      return ref?.object.sha ?? null;
    },

    async setBranch(branch, sha) {
      try {
        await write("POST", `${base}/git/refs`, { ref: `refs/heads/${branch}`, sha });
      } catch (error) {
        if (!(httpStatus(error) === 422 && /reference already exists/i.test(githubMessage(error)))) throw error;
        // Only ever called for plan-sync's own work branch, so moving it by force loses nobody's work.
        await write("PATCH", `${base}/git/refs/heads/${encodePath(branch)}`, { sha, force: true });
      }
    },

    async getPullRequest(number): Promise<PullRequestRecord | null> {
      const pr = await getOrNull<GitHubPull>(`${base}/pulls/${number}`);
      return pr === null ? null : toPullRequestRecord(pr);
    },

    async findOpenPullRequest(head, baseRef) {
      const pulls = await getAllPages<GitHubPull>(
        `${base}/pulls?state=open&head=${encodeURIComponent(`${owner}:${head}`)}&base=${encodeURIComponent(baseRef)}&per_page=100`,
      );
      const first = pulls[0];
      return first === undefined ? null : toPullRequestRecord(first);
    },

    async createPullRequest(input) {
      const pr = await write<GitHubPull>("POST", `${base}/pulls`, { ...input, maintainer_can_modify: true }, false);
      return toPullRequestRecord(pr);
    },

    async updatePullRequest(number, changes) {
      await write("PATCH", `${base}/pulls/${number}`, { ...changes });
    },

    async listPullRequestFiles(number) {
      const files = await getAllPages<{ filename: string; status: string; previous_filename?: string }>(
        `${base}/pulls/${number}/files?per_page=100`,
      );
      return files.map(toChangedFile).filter((f): f is ChangedFile => f !== null);
    },
  };
  return gateway;
}

/** `rel="next"` target of a Link header. */
/** GitHub's issue lists hold pull requests too; plan-sync manages issues only. */
function isIssue(issue: GitHubIssue): boolean {
  return issue.pull_request === undefined || issue.pull_request === null;
}

/** An HTTP `Date` header as ISO (GitHub's `since` format), or null when absent or unreadable. */
function httpDate(header: string | undefined): string | null {
  const ms = header === undefined ? NaN : Date.parse(header);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

export function nextLink(link: string | undefined): string | undefined {
  if (!link) return undefined;
  for (const part of link.split(",")) {
    const match = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part);
    if (match?.[1]) return match[1];
  }
  return undefined;
}

function encodePath(path: string): string {
  return path.split("/").map(encodeURIComponent).join("/");
}

/**
 * Exact bytes → text, BOM and CRLF kept. Strict UTF-8: bytes that are not
 * stay visible as surrogate escapes (decodePlanBytes), so a Latin-1 plan is
 * reported at its first bad byte instead of syncing `Caf� cr�me` titles.
 */
function decodeContent(content: string, encoding: string): string {
  if (encoding !== "base64") return content;
  return decodePlanBytes(Buffer.from(content.replace(/\n/g, ""), "base64"));
}
