import { PatchError, patchPlan, type PatchOptions, type TaskPatch } from "../plan/patch-plan.js";
import { parsePlan } from "../plan/parse-plan.js";
import { hasErrors, type Diagnostic } from "../plan/types.js";
import type { WriteBackChanges } from "./commit-message.js";
import { scopePatches } from "./plan-changes.js";
import type { WriteBackResult } from "./write-back.js";

export type TextOutcome =
  | { kind: "patched"; text: string; changes: WriteBackChanges; missing: string[] }
  | { kind: "unchanged"; missing: string[] }
  /** `diagnostics`: the plan's errors, when that is why (so they can be shown at their lines). */
  | { kind: "refused"; reason: string; missing: string[]; diagnostics?: Diagnostic[] };

/**
 * One pure attempt: the plan text as read now plus what is wanted → the text
 * to commit, or why nothing is written. Tasks the plan no longer has are left
 * out (and named) rather than failing the whole write.
 */
export function applyToText(
  text: string,
  path: string,
  desired: ReadonlyMap<string, TaskPatch>,
  options: PatchOptions = {},
): TextOutcome {
  const plan = options.parsed ?? parsePlan(text, path, options);
  if (hasErrors(plan)) {
    const errors = plan.diagnostics.filter((d) => d.severity === "error");
    const first = errors[0];
    const where = first ? ` (first: ${path}:${first.line} ${first.message})` : "";
    return {
      kind: "refused",
      reason: `${path} has ${errors.length} error${errors.length === 1 ? "" : "s"}${where}; plan-sync does not write to a plan that does not parse cleanly`,
      missing: [],
      diagnostics: errors,
    };
  }
  const scoped = scopePatches(plan, desired);
  if (scoped.patches.size === 0) return { kind: "unchanged", missing: scoped.missing };
  let patched: string;
  try {
    patched = patchPlan(text, path, scoped.patches, options);
  } catch (error) {
    if (error instanceof PatchError) return { kind: "refused", reason: error.message, missing: scoped.missing };
    throw error;
  }
  if (patched === text) return { kind: "unchanged", missing: scoped.missing };
  return { kind: "patched", text: patched, changes: scoped.changes, missing: scoped.missing };
}

/** The text's refusal as the write-back's, its diagnostics kept. */
export function refusal(
  outcome: Extract<TextOutcome, { kind: "refused" }>,
): Extract<WriteBackResult, { status: "refused" }> {
  const { reason, missing, diagnostics } = outcome;
  return diagnostics ? { status: "refused", reason, missing, diagnostics } : { status: "refused", reason, missing };
}
