import type { Octokit } from "@octokit/core";
import { composeConfigGet } from "@probot/octokit-plugin-config";
import merge from "deepmerge";
import { CONFIG_PATH } from "../config/config-path.js";

export type ConfigFile = { ok: true; raw: unknown } | { ok: false; problem: string };

/**
 * `.github/plan-sync.yml` at a ref, read exactly as the App's
 * `context.config` reads it (Probot's config plugin: the organisation's
 * `.github` repository as fallback, `_extends`, deep merge). `raw` is null
 * when there is no file. A file the plugin cannot read (bad YAML, a bad
 * `_extends`) is the user's to fix: `problem`. GitHub's own failures are
 * thrown as they came (see errors.ts).
 */
export async function readConfigFile(
  octokit: unknown,
  at: { owner: string; repo: string; ref: string },
): Promise<ConfigFile> {
  try {
    const { config, files } = await composeConfigGet(octokit as Octokit, {
      owner: at.owner,
      repo: at.repo,
      path: CONFIG_PATH,
      branch: at.ref,
      // Probot's Context#config merges the same way.
      defaults: (configs) => merge.all([{}, ...configs]) as Record<string, unknown>,
    });
    return { ok: true, raw: files.some((f) => f.config !== null) ? config : null };
  } catch (error) {
    if (typeof (error as { status?: unknown } | null)?.status === "number") throw error;
    // The plugin throws plain Errors for YAML it cannot parse and for a bad `_extends`.
    const message =
      error instanceof Error ? error.message.replace(/^\[@probot\/octokit-plugin-config\]\s*/, "") : String(error);
    return { ok: false, problem: message };
  }
}
