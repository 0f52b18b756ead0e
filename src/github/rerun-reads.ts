import type { RepoRef } from "./gateway.js";
import { nextLink } from "./rest/requests.js";
import { httpStatus } from "./errors.js";

/**
 * The three reads a re-run needs that the Gateway does not offer (yet): a
 * commit's parents and message, whether a commit is on a branch, and which
 * open pull requests have a given head. Kept apart so the Gateway contract
 * stays as it is; they move there if another engine needs them.
 */
export interface RerunReads {
  /** null when GitHub does not know the commit (force-pushed away and collected). */
  commit(sha: string): Promise<{ sha: string; parents: string[]; message: string } | null>;
  /** `sha` is `branch`'s head or one of its ancestors. */
  isOnBranch(branch: string, sha: string): Promise<boolean>;
  /** Numbers of open pull requests INTO this repository whose head is `sha` (forks included). */
  openPullRequestsAt(sha: string): Promise<number[]>;
}

/** `request` is all it needs, like the Octokit gateway, so Probot's and @octokit/rest's typings never matter. */
export interface RerunReadsOctokit {
  request(route: { method: "GET"; url: string }): Promise<{ data: unknown; headers: { link?: string } }>;
}

const MAX_PULL_PAGES = 10;

export function createRerunReads(octokit: RerunReadsOctokit, repo: RepoRef): RerunReads {
  const base = `/repos/${encodeURIComponent(repo.owner)}/${encodeURIComponent(repo.repo)}`;
  const get = (url: string) => octokit.request({ method: "GET", url });
  return {
    async commit(sha) {
      try {
        const { data } = await get(`${base}/commits/${encodeURIComponent(sha)}`);
        const c = data as { sha: string; parents?: Array<{ sha: string }>; commit?: { message?: string } };
        return { sha: c.sha, parents: (c.parents ?? []).map((p) => p.sha), message: c.commit?.message ?? "" };
      } catch (error) {
        if (httpStatus(error) === 404 || httpStatus(error) === 422) return null;
        throw error;
      }
    },

    async isOnBranch(branch, sha) {
      try {
        const { data } = await get(`${base}/compare/${encodeURIComponent(branch)}...${encodeURIComponent(sha)}`);
        // "behind": every commit of sha is on the branch; "identical": sha is its head.
        const status = (data as { status?: string }).status;
        return status === "identical" || status === "behind";
      } catch (error) {
        // No common history (a fork's unrelated commit) or an unknown commit: not on the branch.
        if (httpStatus(error) === 404 || httpStatus(error) === 422) return false;
        throw error;
      }
    },

    async openPullRequestsAt(sha) {
      // GitHub cannot filter pulls by head SHA: list the open ones, a page of 100 at a time.
      const numbers: number[] = [];
      let url: string | undefined = `${base}/pulls?state=open&per_page=100`;
      for (let page = 0; url !== undefined && page < MAX_PULL_PAGES; page++) {
        const res: { data: unknown; headers: { link?: string } } = await get(url);
        for (const pull of res.data as Array<{ number: number; head?: { sha?: string } }>) {
          if (pull.head?.sha === sha) numbers.push(pull.number);
        }
        url = nextLink(res.headers.link);
      }
      return numbers.sort((a, b) => a - b);
    },
  };
}
