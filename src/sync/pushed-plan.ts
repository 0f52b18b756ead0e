import type { PlanFileChange } from "./plan-files.js";
import type { Plan } from "../plan/types.js";

/** One plan file a push changed, parsed on both sides. */
export interface PushedPlan {
  /** Path at `after`; for a deleted plan, its path at `before`. */
  path: string;
  change: PlanFileChange;
  /** Path at `before` when the plan moved. */
  previousPath: string | null;
  /** The plan at `after`; null when the push deleted it. */
  plan: Plan | null;
  /** The plan at `before`; null when it did not exist there (or was not read yet: see previousRef). */
  previousPlan: Plan | null;
  /**
   * Set while the plan at `before` has not been read: it is the file at this
   * ref. A prose-only push costs no read of it; the sync reads it (and fills
   * in previousPlan) only when the reconciliation needs it (needsPreviousPlan).
   */
  previousRef?: string;
  /**
   * The push did not change this file (it is synced because the config changed, say).
   * Only such a plan may be skipped by the reconciled-plan memory: a push that changes
   * a plan, even only its prose, reads its issues to heal drift (three-way).
   */
  untouched?: boolean;
}
