import type { IssueRecord } from "./gateway.js";
import { withDone } from "../render/marker.js";
import type { SyncAction } from "./types.js";

/**
 * The issues as they would be after the actions, computed in memory: what a
 * dry run shows, and what the idempotence tests reconcile against. New issues
 * get the next free numbers, as GitHub would hand out.
 */
export function applyToIssues(issues: IssueRecord[], actions: SyncAction[], identity: string): IssueRecord[] {
  const out = issues.map((i) => ({ ...i, labels: [...i.labels] }));
  let next = Math.max(0, ...out.map((i) => i.number)) + 1;
  const find = (n: number) => out.find((i) => i.number === n);
  for (const action of actions) {
    switch (action.type) {
      case "create-label":
        break;
      case "create-issue": {
        const number = next++;
        out.push({
          number,
          title: action.title,
          body: action.closeAsCompleted ? withDone(action.body, true) : action.body,
          labels: [...action.labels],
          state: action.closeAsCompleted ? "closed" : "open",
          stateReason: action.closeAsCompleted ? "completed" : null,
          author: identity,
          htmlUrl: `https://github.com/issues/${number}`,
        });
        break;
      }
      case "update-issue": {
        const issue = find(action.issueNumber);
        if (!issue) break;
        if (action.title !== undefined) issue.title = action.title;
        if (action.body !== undefined) issue.body = action.body;
        if (action.labels !== undefined) issue.labels = [...action.labels];
        break;
      }
      case "close-issue": {
        const issue = find(action.issueNumber);
        if (issue) Object.assign(issue, { state: "closed", stateReason: action.reason });
        if (issue && action.body !== undefined) issue.body = action.body;
        break;
      }
      case "reopen-issue": {
        const issue = find(action.issueNumber);
        if (issue) Object.assign(issue, { state: "open", stateReason: "reopened" });
        if (issue && action.body !== undefined) issue.body = action.body;
        break;
      }
    }
  }
  return out;
}
