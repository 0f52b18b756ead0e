// The public API of src/github/: the one door to GitHub: the Octokit gateway, its wrappers, pacing and typed errors.
// What other folders use; test/lint/public-index.test.ts pins the names.
export { readConfigFile } from "./config-file.js";
export { githubMessage, httpStatus, ProtectedBranchError, StaleFileError } from "./errors.js";
export { EtagCache } from "./etag-cache.js";
export {
  type CheckAnnotation,
  type CheckConclusion,
  type Gateway,
  type IssueRecord,
  type PullRequestRecord,
  type RepoRef,
} from "./gateway.js";
export { octokitTreeReader, type TreeReader, withGitTree } from "./git-tree.js";
export { createOctokitGateway, type GatewayOctokit } from "./octokit-gateway.js";
export {
  createProbotOctokit,
  createRestOctokit,
  installationIdentity,
  type OctokitPolicy,
  tokenIdentity,
} from "./octokit-options.js";
export { type PacerLookup } from "./paced-fetch.js";
export { RedisWritePacerRegistry } from "./redis-write-pacer.js";
export { createRerunReads, type RerunReads, type RerunReadsOctokit } from "./rerun-reads.js";
export { readRepository } from "./rest/repository.js";
export { installationTargets, type RouteTargets, tokenTargets } from "./route-targets.js";
export { findStickyComment, upsertStickyComment } from "./sticky-comment.js";
export { readTokenLogin, type UserLookup } from "./token-user.js";
export {
  type AppJwtClient,
  type DeliveryRecord,
  listDeliveriesSince,
  redeliverDelivery,
} from "./webhook-deliveries.js";
export { GATEWAY_METHODS, type GatewayMethod, wrapGateway } from "./wrap-gateway.js";
export { sharedWritePacers, WritePacer, WritePacerRegistry } from "./write-pacer.js";
