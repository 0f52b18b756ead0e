import type { PlanSyncConfig } from "../config/config-schema.js";
import { matchesPlanPaths } from "../config/matches-plan-paths.js";
import type { Gateway } from "./gateway.js";
import { looksLikePlan } from "../plan/is-plan.js";
import { parsePlanBudgeted } from "../parse-worker/plan-parser.js";
import type { Plan } from "../plan/types.js";
import { planParseOptions } from "./plan-parse-options.js";
import type { TreeReader } from "./gateway.js";
import { isMarkdown } from "./push-event.js";

export interface FoundPlan {
  path: string;
  text: string;
  plan: Plan;
}

export interface AllPlans {
  /** Every plan of the commit, by path. */
  plans: FoundPlan[];
  /** GitHub cut the file listing short: plans may be missing from `plans`. Say so; never treat a missing plan as deleted. */
  truncated: boolean;
  /** What a person should be told about this listing (the truncation), ready for a check run's notes. */
  notes: string[];
}

/**
 * Every plan in the repository at `ref`: one recursive tree listing, then
 * only the Markdown files under `paths` (minus `ignore`) are read, and only
 * those whose text looks like a plan are parsed, the same test a push or a
 * pull request applies to the files it changes.
 */
export async function findAllPlans(
  gateway: Pick<Gateway, "getFile"> & TreeReader,
  ref: string,
  config: Pick<PlanSyncConfig, "paths" | "ignore"> & Partial<Pick<PlanSyncConfig, "areas">>,
): Promise<AllPlans> {
  const tree = await gateway.readTree(ref);
  const candidates = tree.entries
    .filter((e) => e.type === "blob" && isMarkdown(e.path) && matchesPlanPaths(e.path, config))
    .map((e) => e.path)
    .sort(compare);
  const plans: FoundPlan[] = [];
  const options = planParseOptions(config);
  for (const path of candidates) {
    const file = await gateway.getFile(path, ref);
    if (!file || !looksLikePlan(file.text, path)) continue;
    plans.push({ path, text: file.text, plan: await parsePlanBudgeted(file.text, path, options) });
  }
  const notes = tree.truncated
    ? [
        `GitHub listed only the first ${tree.entries.length} files and folders of this repository (its limit for one listing), ` +
          "so plans beyond them were not looked at. Each of them syncs when a push changes it.",
      ]
    : [];
  return { plans, truncated: tree.truncated, notes };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
