import type { RepoRef } from "../gateway.js";
import type { GatewayOctokit } from "./requests.js";

export interface RepositoryRecord {
  defaultBranch: string;
  htmlUrl: string;
}

/** `GET /repos/{owner}/{repo}`: the default branch a sync reads and writes, and the page links point at. */
export async function readRepository(octokit: GatewayOctokit, repo: RepoRef): Promise<RepositoryRecord> {
  const res = await octokit.request({
    method: "GET",
    url: `/repos/${encodeURIComponent(repo.owner)}/${encodeURIComponent(repo.repo)}`,
  });
  const data = res.data as { default_branch: string; html_url: string };
  return { defaultBranch: data.default_branch, htmlUrl: data.html_url };
}
