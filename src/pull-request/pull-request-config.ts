import { CONFIG_PATH } from "../config/config-path.js";
import type { PlanSyncConfig } from "../config/config-schema.js";
import type { ParseConfigResult } from "../config/parse-config.js";
import type { Gateway, PullRequestRecord } from "../github/gateway.js";
import { configErrorOutput } from "../sync/failure-output.js";
import { readHeadConfig } from "./head-config.js";
import { readChangedPlans } from "../sync/plan-files.js";

type PullRequestFile = Awaited<ReturnType<Gateway["listPullRequestFiles"]>>[number];

export type PullRequestConfig =
  | { ok: true; config: PlanSyncConfig }
  | { ok: false; errors: string[]; where: "head" | "base"; checkRunId: number | null }
  /** The base config is invalid and the PR touches neither a plan nor the config: nothing to say on it. */
  | { ok: false; errors: string[]; where: "none"; checkRunId: null };

/**
 * The config a pull request's status is computed with, or its errors as a
 * failed `plan-sync` check on the head: the PR's own `.github/plan-sync.yml`
 * when it changes it and that version is broken (caught before the merge),
 * else the base's when that is broken and the PR touches a plan. A PR that
 * fixes a broken config is previewed with its fixed version.
 */
export async function settlePullRequestConfig(
  gateway: Pick<Gateway, "getFile" | "createCheckRun">,
  pr: Pick<PullRequestRecord, "headSha" | "baseSha">,
  files: readonly PullRequestFile[],
  base: ParseConfigResult,
  postCheckRun: boolean,
): Promise<PullRequestConfig> {
  const head = await readHeadConfig(gateway, pr.headSha, files);
  if (head && !head.result.ok) {
    const summary =
      `\`${CONFIG_PATH}\` as this pull request changes it is not valid: merged, it would stop plan-sync from syncing any plan. ` +
      "Fix it in this pull request:";
    return {
      ok: false,
      errors: head.result.errors,
      where: "head",
      checkRunId: await report(gateway, pr, head.result.errors, head.text, summary, postCheckRun),
    };
  }
  if (base.ok) return { ok: true, config: base.config };
  if (head?.result.ok) return { ok: true, config: head.result.config };

  // Without valid settings the plan paths are unknown: any Markdown file with a task table counts as a plan.
  const plans = await readChangedPlans(gateway, pr, files, { paths: ["**/*.md"], ignore: [] });
  if (plans.length === 0) return { ok: false, errors: base.errors, where: "none", checkRunId: null };
  const summary =
    `\`${CONFIG_PATH}\` on the base branch is not valid, so plan-sync cannot preview this pull request's plans, and syncs nothing once it is merged. ` +
    "Fix it (in this pull request or on the base branch):";
  return {
    ok: false,
    errors: base.errors,
    where: "base",
    checkRunId: await report(gateway, pr, base.errors, await baseText(gateway, pr.baseSha), summary, postCheckRun),
  };
}

async function report(
  gateway: Pick<Gateway, "createCheckRun">,
  pr: Pick<PullRequestRecord, "headSha">,
  errors: readonly string[],
  text: string | null,
  intro: string,
  postCheckRun: boolean,
): Promise<number | null> {
  if (!postCheckRun) return null;
  const output = configErrorOutput(errors, text);
  // The push wording ("synced nothing for this push") does not fit a pull request; the errors and annotations do.
  const summary = [intro, "", ...errors.map((e) => `- ${e}`)].join("\n");
  return gateway.createCheckRun({ headSha: pr.headSha, ...output, summary });
}

/** The config at the base, to place errors about its keys on their lines; null when it is inherited or cannot be read. */
async function baseText(gateway: Pick<Gateway, "getFile">, sha: string): Promise<string | null> {
  try {
    return (await gateway.getFile(CONFIG_PATH, sha))?.text ?? null;
  } catch {
    // Only the annotations' lines depend on it: the errors are reported all the same.
    return null;
  }
}
