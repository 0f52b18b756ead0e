import type { PlanSyncConfig } from "../config/config-schema.js";
import { hasErrors } from "../plan/types.js";
import type { RepoRef } from "./gateway.js";
import type { PlanOutcome } from "./plan-outcome.js";
import { planFingerprint } from "./plan-fingerprint.js";
import type { PushedPlan } from "./pushed-plan.js";
import { reconciledKey, type ReconciledMemory } from "./reconciled-memory.js";

/** The App's memory of reconciled plans, as one sync of `plans` sees it. */
export interface PlanMemory {
  /** Plans reconciled as they are: not reconciled again. */
  skipped: Set<PushedPlan>;
  forget(plans: readonly PushedPlan[]): void;
  /** Plans whose reconciliation left nothing pending (nothing held back, nothing ambiguous) are remembered as reconciled. */
  remember(plans: readonly PushedPlan[], outcomes: readonly PlanOutcome[]): void;
}

/**
 * Which plans the memory lets the sync skip. Only a plan whose tasks are
 * the same at `before` and `after` AND the same as when last reconciled:
 * comparing `after` alone would miss an untick the App itself committed in
 * between (write-back after a reopen) that a person then ticks again.
 */
export function planMemory(
  deps: { config: PlanSyncConfig; identity: string; serverUrl: string; repo: RepoRef },
  memory: ReconciledMemory,
  plans: readonly PushedPlan[],
): PlanMemory {
  const opts = { config: deps.config, identity: deps.identity };
  const key = (path: string) => reconciledKey(deps.serverUrl, deps.repo, path);
  const skipped = new Set<PushedPlan>();
  for (const p of plans) {
    // A plan this push changed (even only its prose) is reconciled: its issues may have moved meanwhile.
    if (!p.untouched || p.change !== "modified" || !p.plan || !p.previousPlan) continue;
    if (hasErrors(p.plan) || hasErrors(p.previousPlan)) continue;
    const after = planFingerprint(p.plan, opts);
    if (memory.matches(key(p.path), after) && planFingerprint(p.previousPlan, opts) === after) skipped.add(p);
  }
  return {
    skipped,
    forget: (list) => {
      for (const p of list) {
        memory.forget(key(p.path));
        if (p.previousPath) memory.forget(key(p.previousPath));
      }
    },
    remember: (list, outcomes) => {
      list.forEach((p, i) => {
        const o = outcomes[i];
        if (!p.plan || hasErrors(p.plan) || !o || o.blocked !== null || o.notes.length > 0) return;
        memory.remember(key(p.path), planFingerprint(p.plan, opts));
      });
    },
  };
}

/** A remembered plan wants nothing of the issues; its warnings show on the commit when they are new in this push. */
export function unchangedOutcome(p: PushedPlan): PlanOutcome {
  return { path: p.path, diagnostics: p.plan?.diagnostics ?? [], actions: [], blocked: null, notes: [] };
}
