// The write-back's public surface, for push sync, the CLI and the handler.
export {
  writeBack,
  DEFAULT_MAX_ATTEMPTS,
  type WriteBackInput,
  type WriteBackResult,
  type TaskPatch,
} from "./write-back.js";
export { writeLinks, type WriteLinksInput } from "./write-links.js";
export { writeBackBurst, type WriteBackBurstInput, type WriteBackBurstResult } from "./write-back-burst.js";
export { isOwnCommit, WRITE_BACK_TRAILER, WRITE_BACK_TRAILER_KEY, type CommitIdentityFields } from "./own-commit.js";
export { writeBackMessage, type WriteBackChanges } from "./commit-message.js";
export { writeBackBranch } from "./branch-name.js";
export { WRITE_BACK_CHECK_RUN_NAME } from "./write-via-pull-request.js";
export { WriteBackConflictError } from "./write-back-errors.js";
export type { WriteBackLogFields, WriteBackOutcome } from "./logger.js";
