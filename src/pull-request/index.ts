// The public API of src/pull-request/: a pull request's status comment and check.
// What other folders use; test/lint/public-index.test.ts pins the names.
export { refreshPullRequestStatus, type RefreshStatusOptions, type RefreshStatusResult } from "./refresh-status.js";
