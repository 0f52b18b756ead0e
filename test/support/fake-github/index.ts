export { FakeGitHub, type FakeGitHubOptions, type RepoRef, type RequestInfo } from "./fake-github.js";
export { blobSha } from "./git-model.js";
export { ZERO_SHA } from "./webhook-payloads.js";
export { MAX_ANNOTATIONS_PER_REQUEST } from "./routes/check-routes.js";
export type { ContentLimitOptions } from "./rate-limits.js";
export type { PermissionLevel, TokenPermissions } from "./token-permissions.js";
export type { CommitAuthor } from "./model.js";
export type * from "./types.js";
export type { HookDelivery, HookDeliveryLog } from "./routes/hook-delivery-routes.js";
