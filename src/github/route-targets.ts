import type { Gateway, RouteTargets } from "../sync/gateway.js";

import { createOctokitGateway, type GatewayOctokit, type OctokitGatewayOptions } from "./octokit-gateway.js";
import { httpStatus } from "./errors.js";

export type { RouteTargets, TargetAccess } from "../sync/gateway.js";

/**
 * The App: a repository is reachable when it is one of the installation's
 * (`GET /installation/repositories`, listed once per sync, only when a plan
 * routes somewhere). A public repository outside the installation can be
 * read but not written, so readability alone would not do.
 */
export function installationTargets(
  octokit: GatewayOctokit,
  opts: OctokitGatewayOptions & { wrap?: (gateway: Gateway) => Gateway } = {},
): RouteTargets {
  let installed: Promise<Set<string>> | null = null;
  const list = async (): Promise<Set<string>> => {
    const names = new Set<string>();
    for (let page = 1; ; page++) {
      const res = await octokit.request({ method: "GET", url: `/installation/repositories?per_page=100&page=${page}` });
      const data = res.data as { total_count: number; repositories: Array<{ full_name: string }> };
      for (const r of data.repositories) names.add(r.full_name.toLowerCase());
      if (data.repositories.length < 100 || names.size >= data.total_count) return names;
    }
  };
  return {
    async open(repo) {
      installed ??= list();
      const name = `${repo.owner}/${repo.repo}`;
      if (!(await installed).has(name.toLowerCase()))
        return { ok: false, reason: `the plan-sync App is not installed on ${name}` };
      const gateway = createOctokitGateway(octokit, repo, opts);
      return { ok: true, gateway: opts.wrap ? opts.wrap(gateway) : gateway };
    },
  };
}

/**
 * The command over a token: a repository is reachable when the token sees it
 * and may triage its issues (`permissions` of `GET /repos/{owner}/{repo}`,
 * which GitHub fills in for the token's user).
 */
export function tokenTargets(
  octokit: GatewayOctokit,
  opts: OctokitGatewayOptions & { wrap?: (gateway: Gateway) => Gateway } = {},
): RouteTargets {
  return {
    async open(repo) {
      const name = `${repo.owner}/${repo.repo}`;
      let permissions: { push?: boolean; triage?: boolean; admin?: boolean; maintain?: boolean } | undefined;
      try {
        const res = await octokit.request({
          method: "GET",
          url: `/repos/${encodeURIComponent(repo.owner)}/${encodeURIComponent(repo.repo)}`,
        });
        permissions = (res.data as { permissions?: typeof permissions }).permissions;
      } catch (error) {
        const status = httpStatus(error);
        if (status === 404 || status === 403 || status === 401)
          return { ok: false, reason: `the token cannot see ${name}` };
        throw error;
      }
      // A token without `permissions` in the answer (an installation token) is trusted to reach what it sees.
      if (permissions && !(permissions.triage || permissions.push || permissions.maintain || permissions.admin))
        return { ok: false, reason: `the token may not write issues in ${name} (it needs triage or write access)` };
      const gateway = createOctokitGateway(octokit, repo, opts);
      return { ok: true, gateway: opts.wrap ? opts.wrap(gateway) : gateway };
    },
  };
}
