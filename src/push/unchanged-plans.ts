import type { Gateway } from "../github/gateway.js";
import { looksLikePlan } from "../plan/is-plan.js";
import { parsePlanBudgeted } from "../parse-worker/plan-parser.js";
import type { FoundPlan } from "../sync/find-all-plans.js";
import { ZERO_SHA, type PushToSync } from "../sync/push-event.js";
import type { PushedPlan } from "../sync/pushed-plan.js";

/**
 * The push's own plans plus every other plan of the repository (a push that
 * changed the config: new labels, paths or areas reach plans the push did
 * not touch). Each added plan's previous version is the same file at
 * `before`, so only a checkbox this push changed closes or reopens an issue;
 * a plan new since `before` (pushed while the config was broken, say) syncs
 * as a new plan.
 */
export async function withUnchangedPlans(
  gateway: Pick<Gateway, "getFile">,
  push: Pick<PushToSync, "before">,
  pushed: readonly PushedPlan[],
  all: readonly FoundPlan[],
): Promise<PushedPlan[]> {
  const covered = new Set(pushed.flatMap((p) => (p.previousPath ? [p.path, p.previousPath] : [p.path])));
  const out = [...pushed];
  for (const found of all) {
    if (covered.has(found.path)) continue;
    const before = push.before === ZERO_SHA ? null : await gateway.getFile(found.path, push.before);
    const previousPlan =
      before && looksLikePlan(before.text, found.path) ? await parsePlanBudgeted(before.text, found.path) : null;
    out.push({
      path: found.path,
      change: previousPlan ? "modified" : "added",
      previousPath: null,
      plan: found.plan,
      previousPlan,
      untouched: true,
    });
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
