// The public API of src/handlers/: the Probot event handlers.
// What other folders use; test/lint/public-index.test.ts pins the names.
export { type CheckRunHandler, type CheckRunHandlerOptions, createCheckRunHandler } from "./check-run.js";
export { createIssueCommentHandler } from "./issue-comment.js";
export { createIssuesHandler, type IssuesHandler } from "./issues.js";
export { createPullRequestHandler } from "./pull-request.js";
export { createPushHandler, type PushHandler } from "./push.js";
