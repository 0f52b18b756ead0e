import { sharedEtagCache, type EtagCache } from "./etag-cache.js";
import type { Gateway, RepoRef } from "./gateway.js";
import { branchMethods } from "./rest/branches.js";
import { checkMethods } from "./rest/checks.js";
import { commentMethods } from "./rest/comments.js";
import { contentMethods } from "./rest/contents.js";
import { issueLinkMethods } from "./rest/issue-links.js";
import { issueMethods } from "./rest/issues.js";
import { labelMethods } from "./rest/labels.js";
import { pullMethods } from "./rest/pulls.js";
import { repoRequests, type GatewayOctokit } from "./rest/requests.js";

export type { GatewayOctokit } from "./rest/requests.js";

export interface OctokitGatewayOptions {
  /**
   * Who the requests are made as (e.g. `installation:123`, or `token:` + a hash).
   * ETags are only reused within one identity: two installations may see
   * different data behind the same URL. Without it, this gateway's cache is
   * private to the gateway instance.
   */
  identity?: string;
  etagCache?: EtagCache;
}

let anonymousGateways = 0;

/**
 * The Gateway over GitHub's REST API, composed of one module per resource in
 * ./rest/ (as Renovate's platform/github/{issue,branch,pr}.ts), all sharing
 * one repository's request layer: its ETag cache scope and write invalidation.
 */
export function createOctokitGateway(
  octokit: GatewayOctokit,
  repo: RepoRef,
  opts: OctokitGatewayOptions = {},
): Gateway {
  const requests = repoRequests(octokit, repo, {
    cache: opts.etagCache ?? sharedEtagCache,
    identity: opts.identity ?? `gateway-${++anonymousGateways}`,
  });
  return {
    repo: { owner: repo.owner, repo: repo.repo },
    ...issueMethods(requests),
    ...issueLinkMethods(requests),
    ...labelMethods(requests),
    ...commentMethods(requests),
    ...contentMethods(requests),
    ...branchMethods(requests),
    ...checkMethods(requests),
    ...pullMethods(requests),
  };
}
