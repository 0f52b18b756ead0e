// The public API of src/write-back/: plan ticks and links committed back, for push sync, the CLI and the handlers.
// What other folders use; test/lint/public-index.test.ts pins the names.
export { applyToText, type TextOutcome } from "./apply-to-text.js";
export { writeBackBranch } from "./branch-name.js";
export { writeBackMessage, type WriteBackChanges } from "./commit-message.js";
export { type CountedIssue, desiredFromIssues } from "./desired-from-issues.js";
export { type WriteBackDone, type WriteBackFailure } from "./failure-comment.js";
export { noticeFailure, noticeWritten, type WriteBackNoticeInput } from "./failure-notice.js";
export type { WriteBackLogFields, WriteBackOutcome } from "./logger.js";
export { isOwnCommit, WRITE_BACK_TRAILER, WRITE_BACK_TRAILER_KEY, type CommitIdentityFields } from "./own-commit.js";
export { rerunWriteBack } from "./rerun-write-back.js";
export { UnwrittenIssues } from "./unwritten-issues.js";
export { writeBackBurst, type WriteBackBurstInput, type WriteBackBurstResult } from "./write-back-burst.js";
export { WriteBackConflictError } from "./write-back-errors.js";
export {
  writeBack,
  DEFAULT_MAX_ATTEMPTS,
  type WriteBackInput,
  type WriteBackResult,
  type TaskPatch,
} from "./write-back.js";
export { writeLinks, type WriteLinksInput } from "./write-links.js";
export { WRITE_BACK_CHECK_RUN_NAME } from "./write-via-pull-request.js";
