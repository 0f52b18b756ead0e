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
  /** Tasks whose issue changed on GitHub since the last sync: the plan is to follow it (a write-back commit). */
  heal: PlanHeal[];
}

/** One task the plan is to be ticked or unticked for, because its issue was closed or reopened since the last sync. */
export interface PlanHeal {
  taskId: string;
  issueNumber: number;
  /** Tick (true) or untick the task. */
  done: boolean;
  /** The issue's body after this sync's own updates, with `done` recorded: written once the plan commit is made. */
  recordedBody: string;
  /** Both sides changed; the issue's change was the more recent. */
  conflict: boolean;
  /** `owner/name` when the issue lives in another repository (a routed area); absent: the plan's. */
  repo?: string;
}

export type SyncContext = RenderContext;
