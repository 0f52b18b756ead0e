import type { Context } from "probot";
import { appRuntime, repoKey } from "../app/app-runtime.js";
import { refreshFromContext } from "../pull-request/refresh-from-context.js";
import { statusSchedulerFor, type StatusHandler, type StatusHandlerOptions } from "./pull-request.js";

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
export function createIssueCommentHandler(options: StatusHandlerOptions = {}): StatusHandler<IssueCommentContext> {
  const runtime = options.runtime ?? appRuntime;
  const scheduler = options.scheduler ?? statusSchedulerFor(runtime);
  const handler = async (context: IssueCommentContext): Promise<void> => {
    const { issue, comment } = context.payload;
    if (!issue.pull_request || comment.user?.type === "Bot" || !isStatusCommand(comment.body)) return;
    const repo = repoKey(context);
    scheduler.schedule({
      repo,
      prNumber: issue.number,
      idempotencyKey: `pr-status:comment:${repo}:${comment.id}`,
      options: { checkRun: false, mayHaveComment: true, alwaysComment: true },
      run: async (merged) => {
        await refreshFromContext(context, issue.number, merged, runtime);
      },
    });
  };
  return Object.assign(handler, { idle: () => scheduler.idle() });
}

/** The instance src/index.ts wires to issue_comment.created. */
export const handleIssueComment = createIssueCommentHandler();
