import { type Log } from "../log/log.js";
import type { Gateway } from "../github/gateway.js";
import { findStickyComment, upsertStickyComment } from "../github/sticky-comment.js";
import type { CountedIssue } from "./desired-from-issues.js";
import {
  renderFailureComment,
  renderWrittenComment,
  WRITE_BACK_COMMENT_MARKER,
  type WriteBackCommentPlace,
  type WriteBackDone,
  type WriteBackFailure,
} from "./failure-comment.js";

export interface WriteBackNoticeInput extends WriteBackCommentPlace {
  /** Paced: these comments share the installation's write budget with everything else. */
  gateway: Pick<Gateway, "listComments" | "createComment" | "updateComment">;
  /** The app's login: only its own comment (marker AND author) is edited. */
  identity: string;
  log: Log;
}

/**
 * Tells each issue whose close or reopen was not written why, in the one
 * write-back comment it has (created, or edited in place; the same text
 * again writes nothing). One issue's comment failing does not stop the
 * others'; it is logged, and the write-back's own outcome stands.
 */
export async function noticeFailure(
  input: WriteBackNoticeInput,
  issues: readonly CountedIssue[],
  failure: WriteBackFailure,
): Promise<void> {
  for (const issue of issues) {
    try {
      const { action } = await upsertStickyComment(
        input.gateway,
        issue.number,
        renderFailureComment(input, issue, failure),
        {
          marker: WRITE_BACK_COMMENT_MARKER,
          identity: input.identity,
        },
      );
      input.log.info(
        `write-back ${input.path}: #${issue.number} told why ${issue.task} was not written (comment ${action})`,
      );
    } catch (error) {
      input.log.warn(
        `write-back ${input.path}: could not comment on #${issue.number}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}

/**
 * Edits the failure comment of issues whose state has now reached the plan,
 * so it stops saying it has not. An issue without one gets nothing.
 */
export async function noticeWritten(
  input: WriteBackNoticeInput,
  issues: readonly CountedIssue[],
  done: WriteBackDone,
): Promise<void> {
  for (const issue of issues) {
    try {
      const comment = await findStickyComment(input.gateway, issue.number, {
        marker: WRITE_BACK_COMMENT_MARKER,
        identity: input.identity,
      });
      const body = renderWrittenComment(input, issue, done);
      if (!comment || comment.body === body) continue;
      await input.gateway.updateComment(comment.id, body);
      input.log.info(`write-back ${input.path}: #${issue.number}'s comment now says ${issue.task} was written`);
    } catch (error) {
      input.log.warn(
        `write-back ${input.path}: could not update the comment on #${issue.number}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}
