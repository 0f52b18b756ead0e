import type { Diagnostic } from "../plan/types.js";
import type { PlanHeal } from "./reconcile-result.js";
import type { SyncAction } from "./types.js";

/** What a sync (applied) or a preview (dry run) means for one plan file. */
export interface PlanOutcome {
  path: string;
  /** Diagnostics of the plan as parsed; for a PR, at its head. */
  diagnostics: readonly Diagnostic[];
  actions: readonly SyncAction[];
  /** Why closing issues was held back (a suspected mass close), or null. */
  blocked: string | null;
  notes: readonly string[];
  /** Tasks the plan is to follow its issue for (closed or reopened since the last sync): a write-back commit. */
  heal?: readonly PlanHeal[];
}
