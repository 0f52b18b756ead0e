import type { RenderContext } from "../render/issue-render.js";
import type { SyncAction } from "./types.js";

export interface ReconcileResult {
  /** In the order to apply them: label creates, then per task in plan order, then closes of removed tasks. */
  actions: SyncAction[];
  /** Closes held back by the mass-close guard; everything else in `actions` still applies. */
  blocked: null | { reason: string; issueNumbers: number[] };
  /** Set when the plan was not synced at all (e.g. it has errors); `actions` is then empty. */
  skipped: null | { reason: string };
  /** Things a person should know that did not stop the sync (duplicates, ambiguous re-adoption). */
  notes: string[];
}

export type SyncContext = RenderContext;
