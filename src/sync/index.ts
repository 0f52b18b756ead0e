// The public API of src/sync/: the engine: plans and issues reconciled into actions, applied, reported.
// What other folders use; test/lint/public-index.test.ts pins the names.
export { ApplyActionsError, type ApplyProgress, type ApplyResult } from "./apply-actions.js";
export { applyToIssues } from "./apply-to-issues.js";
export { configAnnotations } from "./config-annotations.js";
export { hasConfirmClose } from "./confirm-close.js";
export { configErrorOutput } from "./failure-output.js";
export { findAllPlans, type FoundPlan } from "./find-all-plans.js";
export { ForeignIssuesError } from "./foreign-issues.js";
export { githubMessage, httpStatus, ProtectedBranchError, StaleFileError } from "./gateway-errors.js";
export {
  type Gateway,
  type GitTree,
  type GitTreeEntry,
  type RepoRef,
  type RouteTargets,
  type TargetAccess,
  type TreeReader,
} from "./gateway.js";
export { appIssueMarker, isAuthoredBy, isSameLogin } from "./managed-issues.js";
export { type AcquireOptions, type Pacer, type PacerWait } from "./pacer.js";
export { type ChangedPlanFile, parseChangedPlan, readChangedPlans } from "./plan-files.js";
export { planFingerprint } from "./plan-fingerprint.js";
export { type PlanOutcome } from "./plan-outcome.js";
export { planParseOptions } from "./plan-parse-options.js";
export {
  type CommitIdentityFields,
  isMarkdown,
  type PersonFields,
  type PushPayload,
  type PushToSync,
  readPushEvent,
  ZERO_SHA,
} from "./push-event.js";
export { type PushedPlan } from "./pushed-plan.js";
export { reconcileDeletedPlan } from "./reconcile-deleted-plan.js";
export { type ReconcileResult } from "./reconcile-result.js";
export { reconcilePlan } from "./reconcile.js";
export { ReconciledMemory } from "./reconciled-memory.js";
export { openRouting, planRoutedPush, routedAreas, type Routing, withRoutingProblems } from "./routing.js";
export { reportSyncFailure, syncPlans, type SyncPlansDeps, type SyncPlansResult } from "./sync-plans.js";
export { type SyncAction } from "./types.js";
export { type LinkWrite } from "./write-links.js";
