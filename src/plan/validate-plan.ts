import { PlanSchema, type Plan } from "./types.js";

/**
 * The parser's last step: its output must match the shared model, or every
 * layer after it (reconciler, patcher, renderers) works on data it cannot
 * trust. A mismatch is a plan-sync bug, not the author's; it is still shown
 * as a positioned error rather than a crash, and the plan comes back without
 * tasks or checklists, so a sync neither acts on bad data nor (the plan
 * having an error) closes anything.
 */
export function validatePlan(plan: Plan): Plan {
  const result = PlanSchema.safeParse(plan);
  if (result.success) return plan;
  const issue = result.error.issues[0];
  const where = issue ? `${issue.path.join(".") || "plan"}: ${issue.message}` : "unknown";
  return {
    ...plan,
    tasks: [],
    checklists: [],
    diagnostics: [
      ...plan.diagnostics.filter((d) => PlanSchema.shape.diagnostics.element.safeParse(d).success),
      {
        path: plan.path,
        line: 1,
        column: 1,
        severity: "error",
        code: "invalid-plan-model",
        message: `plan-sync read this plan into data that fails its own checks (${where}), so nothing in it is synced. This is a bug in plan-sync, not in the plan: please report it with the file.`,
      },
    ],
  };
}
