import type { Gateway } from "../../github/gateway.js";
import { wrapGateway, type GatewayMethod } from "../../github/wrap-gateway.js";
import { githubMessage, httpStatus } from "../../github/errors.js";
import { describeFailure, type SyncStep } from "./github-failure.js";

const STEPS: Partial<Record<GatewayMethod, SyncStep>> = {
  listIssuesByCreator: "read-issues",
  listIssuesSince: "read-issues",
  listIssuesWithLabel: "read-issues",
  getIssue: "read-issues",
  createIssue: "write-issue",
  updateIssue: "write-issue",
  listLabels: "read-labels",
  createLabel: "write-label",
  listComments: "read-issues",
  createComment: "write-comment",
  updateComment: "write-comment",
  getFile: "read-plan",
  putFile: "write-plan",
  compareCommits: "read-plan",
  getBranchSha: "read-repository",
  setBranch: "write-plan",
  createPullRequest: "write-pull-request",
  updatePullRequest: "write-pull-request",
};

export interface CliGatewayOptions {
  repoName: string;
  /** Told about things skipped because the token may not do them and the sync does not need them. */
  note: (message: string) => void;
}

/**
 * The App's gateway, as a token sees it. GitHub errors become messages that
 * name the missing permission for the step; the gateway's own typed errors
 * (stale file, protected branch, label exists) pass through untouched, since
 * the write-back engine and the applier act on them.
 *
 * Two things the App does in passing are optional for a token, so a
 * workflow's `permissions:` block can stay at `contents` + `issues`: the
 * check run a protected-branch write-back leaves (`checks: write`), and
 * looking for plan-sync's pending pull request (`pull-requests: read`).
 */
export function createCliGateway(inner: Gateway, opts: CliGatewayOptions): Gateway {
  return wrapGateway(inner, {
    around: async (method, call) => {
      try {
        return await call();
      } catch (error) {
        const optional = optionalFallback(method, error, opts);
        if (optional.handled) return optional.value as Awaited<ReturnType<typeof call>>;
        const step = STEPS[method];
        if (httpStatus(error) === undefined || !step) throw error;
        throw describeFailure(error, step, opts.repoName);
      }
    },
  });
}

function optionalFallback(
  key: GatewayMethod,
  error: unknown,
  opts: CliGatewayOptions,
): { handled: boolean; value?: unknown } {
  const status = httpStatus(error);
  if ((status !== 403 && status !== 404) || /rate limit/i.test(githubMessage(error))) return { handled: false };
  if (key === "createCheckRun" || key === "updateCheckRun") {
    opts.note("the token may not create check runs (`checks: write`); the pull-request note on the commit was skipped");
    return { handled: true, value: 0 };
  }
  if (key === "findOpenPullRequest") {
    // Without `pull-requests: read` the token cannot have opened one either; only an App's pending pull request goes unseen.
    return { handled: true, value: null };
  }
  return { handled: false };
}
