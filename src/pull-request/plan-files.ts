import type { PlanSyncConfig } from "../config/config-schema.js";
import { matchesPlanPaths } from "../config/matches-plan-paths.js";
import type { Gateway } from "../github/gateway.js";
import { looksLikePlan } from "../plan/is-plan.js";

export type PlanFileChange = "added" | "modified" | "renamed" | "deleted";

/** A plan file a pull request changes, with its text on both sides. */
export interface ChangedPlanFile {
  /** Path at the head; for a deleted plan, its path at the base. */
  path: string;
  change: PlanFileChange;
  /** Path at the base when it differs (a rename). */
  previousPath: string | null;
  /** Text at the PR head; null when the plan is gone there. */
  headText: string | null;
  /** Text at the base; null when the plan is new. */
  baseText: string | null;
}

type PullRequestFile = Awaited<ReturnType<Gateway["listPullRequestFiles"]>>[number];

/**
 * The plans among a PR's changed files: Markdown files under the configured
 * paths whose text looks like a plan at the head, or did at the base (a plan
 * the PR deletes, or moves out of the plan paths). Only those are read.
 */
export async function readChangedPlans(
  gateway: Pick<Gateway, "getFile">,
  pr: { headSha: string; baseSha: string },
  files: readonly PullRequestFile[],
  config: Pick<PlanSyncConfig, "paths" | "ignore">,
): Promise<ChangedPlanFile[]> {
  const isCandidate = (path: string | undefined): path is string => path !== undefined && /\.md$/i.test(path) && matchesPlanPaths(path, config);
  const plans: ChangedPlanFile[] = [];
  for (const file of files) {
    const headPath = file.status !== "removed" && isCandidate(file.path) ? file.path : null;
    const basePathRaw = file.status === "added" ? undefined : (file.previousPath ?? file.path);
    const basePath = isCandidate(basePathRaw) ? basePathRaw : null;
    if (!headPath && !basePath) continue;

    const headText = headPath ? await readPlanText(gateway, headPath, pr.headSha) : null;
    const baseText = basePath ? await readPlanText(gateway, basePath, pr.baseSha) : null;
    if (headPath && headText !== null) {
      const change: PlanFileChange = baseText === null ? "added" : basePath !== headPath ? "renamed" : "modified";
      plans.push({ path: headPath, change, previousPath: change === "renamed" ? basePath : null, headText, baseText: baseText });
    } else if (basePath && baseText !== null) {
      plans.push({ path: basePath, change: "deleted", previousPath: null, headText: null, baseText });
    }
  }
  return plans.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** The file's text when it exists and looks like a plan; otherwise null. */
async function readPlanText(gateway: Pick<Gateway, "getFile">, path: string, ref: string): Promise<string | null> {
  const file = await gateway.getFile(path, ref);
  return file && looksLikePlan(file.text) ? file.text : null;
}
