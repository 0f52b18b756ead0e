import type { PlanSyncConfig } from "../config/config-schema.js";
import { scanPlanText } from "../plan/scan-plan-text.js";
import type { Plan } from "../plan/types.js";
import { planParseOptions } from "../sync/plan-parse-options.js";

/**
 * Below this pre-scan pressure (see PlanTextScan.pressure) remark reads a
 * plan in about linear time: ordinary plans, even 2,000-task ones, stay
 * under 0.1, every bomb in fixtures/hostile is at 0.25 or above.
 */
const IN_PROCESS_PRESSURE = 0.2;

/**
 * A plan read as the App reads it for this config (its area prefixes), so
 * `check` and `preview` pass exactly the plans a push syncs.
 *
 * An ordinary plan is parsed on this thread: starting a worker thread and
 * loading remark into it costs more than the parse of most plans, and the CLI
 * has no webhook to keep answering. Text the pre-scan finds demanding (deep
 * nesting, marker-heavy paragraphs, very wide rows) goes through the App's
 * budgeted worker parse instead, so a hostile plan ends in a positioned
 * `plan-too-complex`, never a hang or a stack overflow.
 */
export async function parseWithConfig(text: string, path: string, config: PlanSyncConfig): Promise<Plan> {
  const options = planParseOptions(config);
  const scan = scanPlanText(text, path);
  if (scan.problems.length === 0 && scan.pressure < IN_PROCESS_PRESSURE) {
    // Loaded on demand: `check --help` or a run over unreadable files never pays for remark.
    const { parsePlan } = await import("../plan/parse-plan.js");
    return parsePlan(text, path, options);
  }
  // The worker pool (piscina) too: an ordinary plan never needs it.
  const { parsePlanBudgeted } = await import("../parse-worker/plan-parser.js");
  return parsePlanBudgeted(text, path, options);
}
