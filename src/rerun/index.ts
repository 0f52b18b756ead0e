// The public API of src/rerun/: check runs re-run from GitHub.
// What other folders use; test/lint/public-index.test.ts pins the names.
export { type AppIdReader, createAppIdReader } from "./own-app-id.js";
export { type PlansAtRef, rerunPushSync } from "./rerun-push-sync.js";
export { type CheckRunPayload, readRerunRequest } from "./rerun-request.js";
