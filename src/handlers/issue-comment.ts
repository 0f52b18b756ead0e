import type { Context } from "probot";
import { repoKey } from "../app/app-runtime.js";
import type { StatusHandlerOptions } from "./pull-request.js";

type IssueCommentContext = Context<"issue_comment.created">;

/** `/plan-sync status` on its own line, any case. */
const STATUS_COMMAND = /^\s*\/plan-sync\s+status\s*$/im;

export function isStatusCommand(body: string): boolean {
  return STATUS_COMMAND.test(body);
}

/**
 * `/plan-sync status` in a comment on a pull request (by a person, not a bot)
 * → the status comment is brought up to date, and posted even when the PR
 * touches no plan, so the person asking gets an answer.
 */
export function createIssueCommentHandler(
  options: StatusHandlerOptions,
): (context: IssueCommentContext) => Promise<void> {
  const { scheduler } = options;
  return async (context: IssueCommentContext): Promise<void> => {
    const { issue, comment } = context.payload;
    if (!issue.pull_request || comment.user?.type === "Bot" || !isStatusCommand(comment.body)) return;
    const outcome = await scheduler.schedule(context, {
      prNumber: issue.number,
      idempotencyKey: `pr-status:comment:${repoKey(context)}:${comment.id}`,
      options: { checkRun: false, mayHaveComment: true, alwaysComment: true },
    });
    context.log.debug(`/plan-sync status on #${issue.number}: status refresh ${outcome}`);
  };
}
