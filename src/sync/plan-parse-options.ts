import type { PlanSyncConfig } from "../config/config-schema.js";
import type { ParseOptions } from "../plan/parse-plan.js";

/**
 * The parse options a configured repository gives: its area prefixes, so the
 * `missing-task-id-column` rule recognises `OPS1` under a misspelt header
 * when `areas: { OPS: … }` is configured even if no OPS task parsed yet.
 *
 * ParseOptions.areas also renames a task's area (prefix → name), and the
 * area feeds labels and the issue hash; each prefix therefore maps to itself,
 * which leaves every task's area, label and hash exactly as without options.
 */
export function planParseOptions(config: Partial<Pick<PlanSyncConfig, "areas">> | undefined): ParseOptions {
  if (!config?.areas) return {};
  return { areas: Object.fromEntries(Object.keys(config.areas).map((prefix) => [prefix, prefix])) };
}
