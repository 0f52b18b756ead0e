import type { TaskPatch } from "../plan/patch-plan.js";
import type { Plan } from "../plan/types.js";
import type { WriteBackChanges } from "./commit-message.js";

export interface ScopedPatches {
  /** Patches for tasks the plan still has. */
  patches: Map<string, TaskPatch>;
  /** Task IDs asked for that the plan no longer contains (the row was deleted or renamed meanwhile). */
  missing: string[];
  changes: WriteBackChanges;
}

/**
 * Splits what is wanted into what applies to the plan as it is now, and names
 * each effective change for the commit message. The plan is re-read on every
 * attempt, so this runs again after a person's concurrent commit.
 */
export function scopePatches(plan: Plan, desired: ReadonlyMap<string, TaskPatch>): ScopedPatches {
  const patches = new Map<string, TaskPatch>();
  const changes: WriteBackChanges = { done: [], reopened: [], linked: [] };
  const ids = new Set(plan.tasks.map((t) => t.id));
  const missing = [...desired.keys()].filter((id) => !ids.has(id));
  for (const task of plan.tasks) {
    const patch = desired.get(task.id);
    if (!patch) continue;
    patches.set(task.id, patch);
    if (patch.done !== undefined && patch.done !== task.done) {
      (patch.done ? changes.done : changes.reopened).push(task.id);
    } else if (
      patch.issue &&
      (task.issueLink?.number !== patch.issue.number || task.issueLink.url !== patch.issue.url)
    ) {
      changes.linked.push(task.id);
    }
  }
  return { patches, missing, changes };
}
