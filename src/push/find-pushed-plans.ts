import type { PlanSyncConfig } from "../config/config-schema.js";
import type { Gateway } from "../github/gateway.js";
import { parseChangedPlan, readChangedPlans } from "../sync/plan-files.js";
import { pairRenames } from "./pair-renames.js";
import { ZERO_SHA, type PushToSync } from "../sync/push-event.js";
import type { PushedPlan } from "../sync/pushed-plan.js";

export type ChangedFile = Awaited<ReturnType<Gateway["compareCommits"]>>[number];

/**
 * The files a push changed: one compare of before...after (a new branch has
 * no `before`: the head commit's own list stands in).
 */
export async function listPushedFiles(
  gateway: Pick<Gateway, "compareCommits">,
  push: PushToSync,
): Promise<ChangedFile[]> {
  return push.before === ZERO_SHA
    ? [...(push.headCommit?.added ?? []), ...(push.headCommit?.modified ?? [])].map((path) => ({
        path,
        status: "added" as const,
      }))
    : await gateway.compareCommits(push.before, push.after);
}

/**
 * The plans a push changed, read at `after` and at `before`. The file list
 * is listPushedFiles', unless the caller has it already. Plan detection is the pull request
 * preview's (readChangedPlans), so what a PR promises is what the push does.
 * `alsoPaths`: plans to look at even if the push did not change them (a
 * `plan-sync: confirm-close` push confirming closes held back earlier).
 */
export async function findPushedPlans(
  gateway: Pick<Gateway, "compareCommits" | "getFile">,
  push: PushToSync,
  config: Pick<PlanSyncConfig, "paths" | "ignore"> & Partial<Pick<PlanSyncConfig, "areas">>,
  alsoPaths: Iterable<string> = [],
  listed?: readonly ChangedFile[],
  options: { deferBase?: boolean } = {},
): Promise<PushedPlan[]> {
  const files: ChangedFile[] = [...(listed ?? (await listPushedFiles(gateway, push)))];
  const seen = new Set(files.flatMap((f) => [f.path, f.previousPath ?? f.path]));
  for (const path of alsoPaths) {
    if (!seen.has(path)) files.push({ path, status: push.before === ZERO_SHA ? "added" : "modified" });
  }
  // A deleted or moved plan may pair with an added one (pairRenames), which needs both sides read.
  const deferBase =
    options.deferBase === true &&
    push.before !== ZERO_SHA &&
    files.every((f) => f.status === "added" || f.status === "modified");
  const changed = await readChangedPlans(gateway, { headSha: push.after, baseSha: push.before }, files, config, {
    deferBase,
  });
  const plans: PushedPlan[] = [];
  for (const file of changed)
    plans.push({
      path: file.path,
      change: file.change,
      previousPath: file.previousPath,
      ...(await parseChangedPlan(file, config)),
      ...(file.baseDeferred ? { previousRef: push.before } : {}),
    });
  return pairRenames(plans);
}
