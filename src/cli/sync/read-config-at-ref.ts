import type { Octokit } from "@octokit/core";
import { composeConfigGet } from "@probot/octokit-plugin-config";
import merge from "deepmerge";
import type { PlanSyncConfig } from "../../config/config-schema.js";
import { parseConfig } from "../../config/parse-config.js";
import { CONFIG_PATH } from "../../config/config-path.js";
import { httpStatus } from "../../github/request-errors.js";
import { describeFailure } from "./github-failure.js";

export type ConfigAtRef = { ok: true; config: PlanSyncConfig } | { ok: false; errors: string[] };

/**
 * `.github/plan-sync.yml` at the ref, read exactly as the App's
 * `context.config` reads it (Probot's config plugin: the organisation's
 * `.github` repository as fallback, `_extends`, deep merge), then validated by
 * the same parseConfig. No file means the defaults.
 */
export async function readConfigAtRef(
  octokit: unknown,
  at: { owner: string; repo: string; ref: string },
): Promise<ConfigAtRef> {
  let raw: unknown;
  try {
    const { config, files } = await composeConfigGet(octokit as Octokit, {
      owner: at.owner,
      repo: at.repo,
      path: CONFIG_PATH,
      branch: at.ref,
      // Probot's Context#config merges the same way.
      defaults: (configs) => merge.all([{}, ...configs]) as Record<string, unknown>,
    });
    raw = files.some((f) => f.config !== null) ? config : null;
  } catch (error) {
    if (httpStatus(error) !== undefined) throw describeFailure(error, "read-config", `${at.owner}/${at.repo}`);
    // The plugin throws plain Errors for YAML it cannot parse and for a bad `_extends`: the user's to fix.
    const message =
      error instanceof Error ? error.message.replace(/^\[@probot\/octokit-plugin-config\]\s*/, "") : String(error);
    return { ok: false, errors: [`(file): ${message}`] };
  }
  return parseConfig(raw);
}
