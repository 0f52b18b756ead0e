import type { Gateway, IssueChanges, IssueRecord } from "../gateway.js";
import { toIssueRecord, type GitHubIssue } from "../map-records.js";
import type { RepoRequests } from "./requests.js";

export type IssueMethods = Pick<
  Gateway,
  "listIssuesByCreator" | "listIssuesWithLabel" | "getIssue" | "createIssue" | "updateIssue"
>;

/** GitHub's issue lists hold pull requests too; plan-sync manages issues only. */
const isIssue = (issue: GitHubIssue) => issue.pull_request === undefined || issue.pull_request === null;

/** Issues: `/repos/{owner}/{repo}/issues`. */
export function issueMethods(r: RepoRequests): IssueMethods {
  return {
    async listIssuesByCreator(creator) {
      const issues = await r.getAllPages<GitHubIssue>(
        `${r.base}/issues?creator=${encodeURIComponent(creator)}&state=all&per_page=100`,
      );
      return issues.filter(isIssue).map(toIssueRecord);
    },

    async listIssuesWithLabel(label) {
      const issues = await r.getAllPages<GitHubIssue>(
        `${r.base}/issues?labels=${encodeURIComponent(label)}&state=all&per_page=100`,
      );
      return issues.filter(isIssue).map(toIssueRecord);
    },

    async getIssue(number) {
      const issue = await r.getOrNull<GitHubIssue>(`${r.base}/issues/${number}`);
      if (issue === null || !isIssue(issue)) return null;
      return toIssueRecord(issue);
    },

    async createIssue(input) {
      const issue = await r.write<GitHubIssue>(
        "POST",
        `${r.base}/issues`,
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
      return toIssueRecord(await r.write<GitHubIssue>("PATCH", `${r.base}/issues/${number}`, body));
    },
  };
}
