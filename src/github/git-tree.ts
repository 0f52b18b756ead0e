import type { Gateway, RepoRef } from "./gateway.js";
import { wrapGateway } from "./wrap-gateway.js";

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
 * Lists every file of a commit. Not part of the Gateway contract (src/github/gateway.ts),
 * so it comes as an extra capability next to a gateway: see withGitTree.
 */
export interface TreeReader {
  readTree(ref: string): Promise<GitTree>;
}

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
