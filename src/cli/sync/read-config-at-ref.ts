import type { PlanSyncConfig } from "../../config/config-schema.js";
import { parseConfig } from "../../config/parse-config.js";
import { readConfigFile } from "../../github/config-file.js";
import { httpStatus } from "../../github/errors.js";
import { describeFailure } from "./github-failure.js";

export type ConfigAtRef = { ok: true; config: PlanSyncConfig } | { ok: false; errors: string[] };

/**
 * `.github/plan-sync.yml` at the ref, read as the App reads it
 * (src/github/config-file.ts), then validated by the same parseConfig. No
 * file means the defaults.
 */
export async function readConfigAtRef(
  octokit: unknown,
  at: { owner: string; repo: string; ref: string },
): Promise<ConfigAtRef> {
  let file;
  try {
    file = await readConfigFile(octokit, at);
  } catch (error) {
    if (httpStatus(error) !== undefined) throw describeFailure(error, "read-config", `${at.owner}/${at.repo}`);
    throw error;
  }
  if (!file.ok) return { ok: false, errors: [`(file): ${file.problem}`] };
  return parseConfig(file.raw);
}
