import type { Gateway } from "../gateway.js";
import type { RepoRequests } from "./requests.js";

export type IssueLinkMethods = Required<Pick<Gateway, "addSubIssue" | "addBlockedBy" | "removeBlockedBy">>;

/** Links between issues: sub-issues (`…/sub_issues`) and dependencies (`…/dependencies/blocked_by`). */
export function issueLinkMethods(r: RepoRequests): IssueLinkMethods {
  return {
    async addSubIssue(parentNumber, childId) {
      // Not retried: a POST that timed out may have landed; the next sync sees the link (or its 422) instead.
      await r.write("POST", `${r.base}/issues/${parentNumber}/sub_issues`, { sub_issue_id: childId }, false);
    },

    async addBlockedBy(number, blockingId) {
      // Not retried, like sub-issues: a link that landed anyway answers 422 next time, which the sync takes as linked.
      await r.write("POST", `${r.base}/issues/${number}/dependencies/blocked_by`, { issue_id: blockingId }, false);
    },

    async removeBlockedBy(number, blockingId) {
      await r.write("DELETE", `${r.base}/issues/${number}/dependencies/blocked_by/${blockingId}`, {});
    },
  };
}
