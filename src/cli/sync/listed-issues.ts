import type { Gateway, IssueRecord } from "../../github/gateway.js";
import { wrapGateway } from "../../github/wrap-gateway.js";

/**
 * The gateway, with `getIssue` answered from issues just listed. The App's
 * write-back re-reads each issue of a burst; the command hands it every issue
 * of a plan at once, read a moment ago in one paginated list, so a 300-task
 * plan costs no 300 further requests. Everything else goes to GitHub.
 */
export function answerIssuesFrom(gateway: Gateway, issues: readonly IssueRecord[]): Gateway {
  const byNumber = new Map(issues.map((issue) => [issue.number, issue]));
  const getIssue = (number: number) => Promise.resolve(byNumber.get(number) ?? null);
  return wrapGateway(gateway, { replace: { getIssue } });
}
