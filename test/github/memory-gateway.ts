import type { CommentRecord, Gateway, IssueRecord, LabelRecord } from "../../src/github/gateway.js";

/**
 * A small in-memory Gateway for the applier's tests: issues, labels and
 * comments, a log of every write, and a switch to fail a given write.
 */
export interface MemoryGateway extends Gateway {
  issues: Map<number, IssueRecord>;
  labels: LabelRecord[];
  comments: Map<number, CommentRecord[]>;
  writes: string[];
  /** Throw this error on the write whose log entry starts with `prefix`. */
  failOn(prefix: string, error: unknown): void;
}

export function createMemoryGateway(author = "plan-sync[bot]"): MemoryGateway {
  const issues = new Map<number, IssueRecord>();
  const labels: LabelRecord[] = [];
  const comments = new Map<number, CommentRecord[]>();
  const writes: string[] = [];
  const failures: Array<{ prefix: string; error: unknown }> = [];
  let nextNumber = 1;
  let nextComment = 1;

  const logWrite = (entry: string) => {
    const failure = failures.find((f) => entry.startsWith(f.prefix));
    if (failure) {
      failures.splice(failures.indexOf(failure), 1);
      throw failure.error;
    }
    writes.push(entry);
  };
  const unsupported = () => Promise.reject(new Error("not used by these tests"));

  return {
    repo: { owner: "acme", repo: "app" },
    issues,
    labels,
    comments,
    writes,
    failOn(prefix, error) {
      failures.push({ prefix, error });
    },
    async listIssuesByCreator(creator) {
      return [...issues.values()].filter((i) => i.author === creator);
    },
    async listIssuesWithLabel(label) {
      return [...issues.values()].filter((i) => i.labels.some((l) => l.toLowerCase() === label.toLowerCase()));
    },
    async getIssue(number) {
      return issues.get(number) ?? null;
    },
    async createIssue(input) {
      logWrite(`create-issue ${input.title}`);
      const number = nextNumber++;
      const issue: IssueRecord = {
        number,
        title: input.title,
        body: input.body,
        labels: input.labels,
        state: "open",
        stateReason: null,
        author,
        htmlUrl: `https://github.com/acme/app/issues/${number}`,
      };
      issues.set(number, issue);
      return issue;
    },
    async updateIssue(number, changes) {
      logWrite(`update-issue #${number} ${JSON.stringify(changes)}`);
      const issue = issues.get(number);
      if (!issue) throw Object.assign(new Error("Not Found"), { status: 404 });
      const updated: IssueRecord = {
        ...issue,
        ...(changes.title !== undefined ? { title: changes.title } : {}),
        ...(changes.body !== undefined ? { body: changes.body } : {}),
        ...(changes.labels !== undefined ? { labels: changes.labels } : {}),
        ...(changes.state !== undefined ? { state: changes.state } : {}),
        ...(changes.stateReason !== undefined ? { stateReason: changes.stateReason } : {}),
      };
      issues.set(number, updated);
      return updated;
    },
    async listLabels() {
      return [...labels];
    },
    async createLabel(label) {
      if (labels.some((l) => l.name.toLowerCase() === label.name.toLowerCase())) {
        throw Object.assign(new Error("Validation Failed: already_exists"), { status: 422 });
      }
      logWrite(`create-label ${label.name}`);
      labels.push({ name: label.name, color: label.color });
    },
    async listComments(issueNumber) {
      return comments.get(issueNumber) ?? [];
    },
    async createComment(issueNumber, body) {
      logWrite(`comment #${issueNumber} ${body}`);
      const comment = { id: nextComment++, body, author };
      comments.set(issueNumber, [...(comments.get(issueNumber) ?? []), comment]);
      return comment;
    },
    updateComment: unsupported,
    getFile: unsupported,
    putFile: unsupported,
    compareCommits: unsupported,
    createCheckRun: unsupported,
    updateCheckRun: unsupported,
    getBranchSha: unsupported,
    setBranch: unsupported,
    getPullRequest: unsupported,
    findOpenPullRequest: unsupported,
    createPullRequest: unsupported,
    updatePullRequest: unsupported,
    listPullRequestFiles: unsupported,
  };
}
