import { parseConfig } from "../config/parse-config.js";
import { createOctokitGateway, type GatewayOctokit } from "../github/octokit-gateway.js";
import type { AppLookupOctokit } from "../write-back/app-identity.js";
import { refreshPullRequestStatus, type RefreshStatusOptions, type RefreshStatusResult } from "./refresh-status.js";

const CONFIG_FILE = "plan-sync.yml";

/** The slice of a Probot context the refresh needs; pull_request and issue_comment contexts both fit. */
export interface StatusContext {
  octokit: unknown;
  repo(): { owner: string; repo: string };
  config(fileName: string): Promise<unknown>;
  log: { info(message: string): void; debug(message: string): void; warn(message: string): void };
  payload: { installation?: { id: number }; repository: { html_url: string } };
}
export type IdentityResolver = (octokit: AppLookupOctokit) => Promise<string>;

/** Builds the engine's dependencies from a Probot context, then refreshes the PR's status. */
export async function refreshFromContext(
  context: StatusContext,
  prNumber: number,
  options: RefreshStatusOptions,
  resolveIdentity: IdentityResolver,
): Promise<RefreshStatusResult> {
  const parsed = parseConfig(await context.config(CONFIG_FILE));
  if (!parsed.ok) {
    // Without valid settings the plan paths are unknown; the push sync reports the config errors.
    context.log.warn(`PR #${prNumber}: .github/${CONFIG_FILE} is invalid (${parsed.errors.join("; ")}); no status posted`);
    return { kind: "skipped", reason: "invalid config" };
  }
  const identity = await resolveIdentity(context.octokit as unknown as AppLookupOctokit);
  const installation = context.payload.installation?.id;
  const gateway = createOctokitGateway(context.octokit as unknown as GatewayOctokit, context.repo(), {
    identity: installation === undefined ? undefined : `installation:${installation}`,
  });
  const result = await refreshPullRequestStatus(
    {
      gateway,
      identity,
      config: parsed.config,
      serverUrl: new URL(context.payload.repository.html_url).origin,
      log: { info: (m) => context.log.info(m), debug: (m) => context.log.debug(m) },
    },
    prNumber,
    options,
  );
  if (result.kind === "skipped") context.log.debug(`PR #${prNumber}: ${result.reason}`);
  return result;
}
