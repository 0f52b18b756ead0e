import { parseConfig, type ParseConfigResult } from "../config/parse-config.js";
import type { Gateway, RepoRef } from "../github/gateway.js";
import { createOctokitGateway, type GatewayOctokit } from "../github/octokit-gateway.js";
import type { AppRuntime, RuntimeContext } from "./app-runtime.js";
import { CONFIG_PATH } from "../config/config-path.js";
import { describeConfigFileError } from "./config-file-error.js";
import { pacedGateway } from "./paced-gateway.js";
import { readRepository } from "../github/rest/repository.js";

/** What a write-back needs of the plan's repository when the event came from a repository an area is routed to. */
export interface PlanRepository {
  repo: RepoRef;
  /** Paced with the installation's pacer, like the event repository's. */
  gateway: Gateway;
  branch: string;
  htmlUrl: string;
  config: ParseConfigResult;
}

interface ConfigOctokit {
  config: { get(params: { owner: string; repo: string; path: string }): Promise<{ config: unknown }> };
}

/**
 * The plan repository named by a routed issue's marker, opened with the
 * event's installation token (the App must be installed on both; the
 * routing's consent check made sure of that when the issue was created).
 * Its config is read fresh: write-backs are rare, and the cache is keyed by
 * the event's repository.
 */
export async function openPlanRepository(
  runtime: AppRuntime,
  context: RuntimeContext,
  repo: RepoRef,
): Promise<PlanRepository> {
  const octokit = context.octokit as GatewayOctokit & ConfigOctokit;
  const data = await readRepository(octokit, repo);
  let config: ParseConfigResult;
  try {
    config = parseConfig((await octokit.config.get({ ...repo, path: CONFIG_PATH })).config);
  } catch (error) {
    const problem = describeConfigFileError(error, repo);
    if (problem === null) throw error;
    config = { ok: false, errors: [problem] };
  }
  const gateway = createOctokitGateway(octokit, repo, { identity: runtime.installationKey(context) });
  return {
    repo,
    gateway: pacedGateway(gateway, runtime.pacer(context)),
    branch: data.defaultBranch,
    htmlUrl: data.htmlUrl,
    config,
  };
}
