import type { Plan } from "../plan/types.js";
import type { PushedPlan } from "../sync/pushed-plan.js";

/**
 * A move GitHub did not report as a rename (the file was also edited a lot,
 * or the push payload split it) still reads as one: a deleted plan and an
 * added plan with the same feature name and the same task IDs become one
 * renamed plan, so its issues move with it instead of being closed and
 * created again.
 */
export function pairRenames(plans: readonly PushedPlan[]): PushedPlan[] {
  const added = plans.filter((p) => p.change === "added" && p.plan !== null);
  const used = new Set<PushedPlan>();
  const renamed = new Map<PushedPlan, PushedPlan>();
  for (const gone of plans) {
    if (gone.change !== "deleted" || !gone.previousPlan) continue;
    const key = identityOf(gone.previousPlan);
    if (key === null) continue;
    const match = added.find((a) => !used.has(a) && identityOf(a.plan as Plan) === key);
    if (!match) continue;
    used.add(match);
    renamed.set(gone, { ...match, change: "renamed", previousPath: gone.path, previousPlan: gone.previousPlan });
  }
  const out: PushedPlan[] = [];
  for (const p of plans) {
    if (used.has(p)) continue;
    out.push(renamed.get(p) ?? p);
  }
  return out;
}

/** Feature name plus the sorted task IDs; null when the plan has no feature name or no tasks (too little to be sure). */
function identityOf(plan: Plan): string | null {
  const feature = plan.featureName?.trim();
  if (!feature || plan.tasks.length === 0) return null;
  return `${feature}\n${plan.tasks
    .map((t) => t.id)
    .sort()
    .join(",")}`;
}
