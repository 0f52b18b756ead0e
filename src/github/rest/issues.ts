import type { Gateway, IssueChanges, IssueRecord } from "../gateway.js";
import { toIssueRecord, type GitHubIssue } from "../map-records.js";
import { nextLink, type RepoRequests } from "./requests.js";

export type IssueMethods = Pick<
  Gateway,
  "listIssuesByCreator" | "listIssuesSince" | "listIssuesWithLabel" | "getIssue" | "createIssue" | "updateIssue"
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

    async listIssuesSince(creator, since) {
      // Not through the ETag cache: a `since` URL is asked once, and its pages would only push useful ones out.
      let url: string | undefined =
        `${r.base}/issues?creator=${encodeURIComponent(creator)}&state=all&per_page=100` +
        (since === null ? "" : `&since=${encodeURIComponent(since)}`);
      const issues: GitHubIssue[] = [];
      let listedAt: string | null = null;
      while (url !== undefined) {
        const res = await r.octokit.request({ method: "GET", url });
        if (!Array.isArray(res.data)) throw new Error(`GET ${url}: expected a list`);
        // The first page's time: whatever changed after it is in the next `since` listing.
        listedAt ??= httpDate(res.headers.date);
        issues.push(...(res.data as GitHubIssue[]));
        url = nextLink(res.headers.link);
      }
      return { issues: issues.filter(isIssue).map(toIssueRecord), listedAt };
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

/** An HTTP `Date` header as ISO (GitHub's `since` format), or null when absent or unreadable. */
function httpDate(header: string | undefined): string | null {
  const ms = header === undefined ? NaN : Date.parse(header);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}
