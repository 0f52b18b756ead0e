import type { Context } from "probot";
import { repoKey } from "../app/app-runtime.js";
import type { StatusScheduler } from "../app/status-scheduler.js";

type PullRequestContext = Context<
  "pull_request.opened" | "pull_request.synchronize" | "pull_request.reopened" | "pull_request.edited"
>;

export interface StatusHandlerOptions {
  /** The App's one scheduler (createApp), shared by the pull_request, issue_comment and check_run handlers. */
  scheduler: StatusScheduler;
}

/**
 * pull_request opened / synchronize / reopened / edited → the PR's status
 * comment and check run. Only stores a job: GitHub gets its answer at once.
 */
export function createPullRequestHandler(
  options: StatusHandlerOptions,
): (context: PullRequestContext) => Promise<void> {
  const { scheduler } = options;
  return async (context: PullRequestContext): Promise<void> => {
    const { action, pull_request: pr } = context.payload;
    if (pr.state !== "open") return;
    // An edit of the title or body changes references, not the commit: the head's check run stands, unless the base moved.
    const baseChanged =
      action === "edited" && Boolean((context.payload as { changes?: { base?: unknown } }).changes?.base);
    const checkRun = action !== "edited" || baseChanged;
    const repo = repoKey(context);
    const outcome = await scheduler.schedule(context, {
      prNumber: pr.number,
      // A redelivered opened/synchronize for the same head must not post a second check run.
      idempotencyKey:
        action === "edited"
          ? `pr-status:delivery:${context.id}`
          : `pr-status:${repo}#${pr.number}:${action}:${pr.head.sha}`,
      options: { checkRun, mayHaveComment: action !== "opened" },
    });
    context.log.debug(`PR #${pr.number} ${action}: status refresh ${outcome}`);
  };
}
