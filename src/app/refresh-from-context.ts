import type { Log } from "../log/log.js";
import type { AppRuntime, RuntimeContext } from "./app-runtime.js";
import { CONFIG_PATH } from "../config/config-path.js";
import type { GatewayOctokit } from "../github/octokit-gateway.js";
import { installationTargets } from "../github/route-targets.js";
import {
  refreshPullRequestStatus,
  type RefreshStatusOptions,
  type RefreshStatusResult,
} from "../pull-request/refresh-status.js";

/** The slice of a Probot context the refresh needs; pull_request and issue_comment contexts both fit. */
export interface StatusContext extends RuntimeContext {
  log: Log;
}

/** Composition (app, not the pull-request feature, which never imports the app): the engine's dependencies from the shared runtime (config, identity, a paced gateway), then the PR's status. */
export async function refreshFromContext(
  context: StatusContext,
  prNumber: number,
  options: RefreshStatusOptions,
  runtime: AppRuntime,
): Promise<RefreshStatusResult> {
  // An invalid config is the engine's to report: on the PR's check when the PR touches a plan or the config.
  const parsed = await runtime.config(context);
  const result = await refreshPullRequestStatus(
    {
      // Paced: the comment and the check run count against the installation's write budget, like push sync's writes.
      gateway: runtime.pacedGateway(context),
      identity: await runtime.identity(context),
      config: parsed,
      serverUrl: new URL(context.payload.repository.html_url).origin,
      log: context.log,
      // The installation's token reaches the repositories areas are routed to (reads only: the preview writes none there).
      targets: installationTargets(context.octokit as GatewayOctokit, { identity: runtime.installationKey(context) }),
    },
    prNumber,
    options,
  );
  if (result.kind === "skipped") {
    if (result.reason.startsWith(CONFIG_PATH)) context.log.warn(`PR #${prNumber}: ${result.reason}; no status comment`);
    else context.log.debug(`PR #${prNumber}: ${result.reason}`);
  }
  return result;
}
