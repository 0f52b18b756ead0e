import type { PlanSyncConfig } from "../config/config-schema.js";
import { parsePlanBudgeted, planParser } from "../parse-worker/plan-parser.js";
import type { Plan } from "../plan/types.js";
import { planParseOptions } from "../sync/plan-parse-options.js";

/**
 * A plan read as the App reads it for this config (its area prefixes), so
 * `check` and `preview` pass exactly the plans a push syncs. The one place
 * the offline commands parse, through the App's budgeted worker parse: a
 * hostile plan ends in a positioned `plan-too-complex`, never a hang or a
 * stack overflow.
 */
export async function parseWithConfig(text: string, path: string, config: PlanSyncConfig): Promise<Plan> {
  return parsePlanBudgeted(text, path, planParseOptions(config));
}

/**
 * Starts the parse worker now, so it loads remark while this thread reads the
 * config and the files (two cores: the start-up overlaps instead of adding up).
 */
export function startParser(): void {
  planParser();
}
