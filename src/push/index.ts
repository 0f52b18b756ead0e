// The public API of src/push/: syncing the plans a push changed.
// What other folders use; test/lint/public-index.test.ts pins the names.
export { findPushedPlans } from "./find-pushed-plans.js";
export { syncPush } from "./sync-push.js";
export { withUnchangedPlans } from "./unchanged-plans.js";
