import { looksLikePlan } from "../plan/is-plan.js";
import type { Diagnostic, Plan } from "../plan/types.js";

/**
 * The plan's diagnostics with the path as the user typed it, plus one the CLI
 * adds: a file with no task table at all (a typo in the path, the wrong file)
 * must not pass as a clean plan with "0 errors".
 */
export function planDiagnostics(plan: Plan, text: string, path: string): Diagnostic[] {
  const diagnostics = plan.diagnostics.map((d) => ({ ...d, path }));
  if (plan.tasks.length === 0 && diagnostics.length === 0 && !looksLikePlan(text, path)) {
    diagnostics.push({
      path,
      line: 1,
      column: 1,
      severity: "warning",
      code: "not-a-plan",
      message:
        'No task table found (a table with a "Task ID" column): this file would produce no issues. Is it a plan?',
    });
  }
  return diagnostics;
}
