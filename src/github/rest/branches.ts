import type { Gateway } from "../gateway.js";
import { githubMessage, httpStatus } from "../errors.js";
import { encodePath, type RepoRequests } from "./requests.js";

export type BranchMethods = Pick<Gateway, "getBranchSha" | "setBranch">;

/** Branches: `/repos/{owner}/{repo}/git/ref(s)`. */
export function branchMethods(r: RepoRequests): BranchMethods {
  return {
    async getBranchSha(branch) {
      const ref = await r.getOrNull<{ object: { sha: string } }>(`${r.base}/git/ref/heads/${encodePath(branch)}`);
      return ref?.object.sha ?? null;
    },

    async setBranch(branch, sha) {
      try {
        await r.write("POST", `${r.base}/git/refs`, { ref: `refs/heads/${branch}`, sha });
      } catch (error) {
        if (!(httpStatus(error) === 422 && /reference already exists/i.test(githubMessage(error)))) throw error;
        // Only ever called for plan-sync's own work branch, so moving it by force loses nobody's work.
        await r.write("PATCH", `${r.base}/git/refs/heads/${encodePath(branch)}`, { sha, force: true });
      }
    },
  };
}
