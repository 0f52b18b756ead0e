import type { Gateway, PullRequestRecord } from "../gateway.js";
import { toChangedFile, toPullRequestRecord, type ChangedFile, type GitHubPull } from "../map-records.js";
import type { RepoRequests } from "./requests.js";

export type PullMethods = Pick<
  Gateway,
  "getPullRequest" | "findOpenPullRequest" | "createPullRequest" | "updatePullRequest" | "listPullRequestFiles"
>;

/** Pull requests: `/repos/{owner}/{repo}/pulls`. */
export function pullMethods(r: RepoRequests): PullMethods {
  return {
    async getPullRequest(number): Promise<PullRequestRecord | null> {
      const pr = await r.getOrNull<GitHubPull>(`${r.base}/pulls/${number}`);
      return pr === null ? null : toPullRequestRecord(pr);
    },

    async findOpenPullRequest(head, baseRef) {
      const pulls = await r.getAllPages<GitHubPull>(
        `${r.base}/pulls?state=open&head=${encodeURIComponent(`${r.owner}:${head}`)}&base=${encodeURIComponent(baseRef)}&per_page=100`,
      );
      const first = pulls[0];
      return first === undefined ? null : toPullRequestRecord(first);
    },

    async createPullRequest(input) {
      const pr = await r.write<GitHubPull>("POST", `${r.base}/pulls`, { ...input, maintainer_can_modify: true }, false);
      return toPullRequestRecord(pr);
    },

    async updatePullRequest(number, changes) {
      await r.write("PATCH", `${r.base}/pulls/${number}`, { ...changes });
    },

    async listPullRequestFiles(number) {
      const files = await r.getAllPages<{ filename: string; status: string; previous_filename?: string }>(
        `${r.base}/pulls/${number}/files?per_page=100`,
      );
      return files.map(toChangedFile).filter((f): f is ChangedFile => f !== null);
    },
  };
}
