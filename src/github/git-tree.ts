import type { Gateway, GitTreeEntry, RepoRef, TreeReader } from "../sync/gateway.js";

import { wrapGateway } from "./wrap-gateway.js";

export type { GitTree, GitTreeEntry, TreeReader } from "../sync/gateway.js";

/** What readTree needs of an Octokit; Probot's `context.octokit` and `@octokit/rest` both have it. */
interface RequestOctokit {
  request(options: { method: "GET"; url: string }): Promise<{ data: unknown }>;
}

/** `GET /repos/{owner}/{repo}/git/trees/{ref}?recursive=1`: one request, whatever the repository's size. */
export function octokitTreeReader(octokit: unknown, repo: RepoRef): TreeReader {
  const client = octokit as RequestOctokit;
  const base = `/repos/${encodeURIComponent(repo.owner)}/${encodeURIComponent(repo.repo)}`;
  return {
    async readTree(ref) {
      const { data } = await client.request({
        method: "GET",
        url: `${base}/git/trees/${encodeURIComponent(ref)}?recursive=1`,
      });
      const body = data as { tree?: Array<{ path?: unknown; type?: unknown; size?: unknown }>; truncated?: unknown };
      const entries: GitTreeEntry[] = [];
      for (const e of body.tree ?? []) {
        if (typeof e.path !== "string" || (e.type !== "blob" && e.type !== "tree" && e.type !== "commit")) continue;
        entries.push(
          typeof e.size === "number" ? { path: e.path, type: e.type, size: e.size } : { path: e.path, type: e.type },
        );
      }
      return { entries, truncated: body.truncated === true };
    },
  };
}

/** The gateway plus readTree, for findAllPlans (wrapGateway, the one way to extend a gateway). */
export function withGitTree(gateway: Gateway, tree: TreeReader): Gateway & TreeReader {
  return wrapGateway(gateway, { add: { readTree: (ref: string) => tree.readTree(ref) } });
}
