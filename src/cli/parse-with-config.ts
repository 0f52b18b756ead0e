import type { PlanSyncConfig } from "../config/config-schema.js";
import { parsePlan } from "../plan/parse-plan.js";
import type { Plan } from "../plan/types.js";
import { planParseOptions } from "../pull-request/plan-parse-options.js";

/**
 * A plan read as the App reads it for this config (its area prefixes), so
 * `check` and `preview` pass exactly the plans a push syncs. The one place
 * the offline commands parse: the budgeted parse replaces this call.
 */
export async function parseWithConfig(text: string, path: string, config: PlanSyncConfig): Promise<Plan> {
  return parsePlan(text, path, planParseOptions(config));
}
