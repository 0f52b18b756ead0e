import { createHash } from "node:crypto";
import type { PlanSyncConfig } from "../config/config-schema.js";
import type { Plan } from "../plan/types.js";
import { renderIssue } from "../render/issue-render.js";

/**
 * Everything of a plan that decides what its issues should look like: each
 * task's ID, its rendered content hash (the one in the issue marker) and its
 * tick, plus the config and identity it was rendered for. Prose, line
 * numbers and issue links are left out, because changing them changes no
 * issue. Equal fingerprints mean the reconciler would want the same issues.
 */
export function planFingerprint(plan: Plan, opts: { config: PlanSyncConfig; identity: string }): string {
  // The hash never depends on the render context; any one will do.
  const ctx = { owner: "", repo: "", sha: "" };
  const tasks = plan.tasks.map((task) => [
    task.id,
    renderIssue(task, plan, ctx, opts.config).hash,
    task.done,
    // Dependencies are not in the hash (they are links, not text): a change of them alone must not be skipped.
    ...(task.dependsOn && task.dependsOn.length > 0 ? [task.dependsOn] : []),
  ]);
  return createHash("sha256")
    .update(JSON.stringify([opts.identity, opts.config, tasks]))
    .digest("hex");
}
