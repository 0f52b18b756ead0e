// The public API of src/app/: the composition root: createApp and the runtime the features share.
// What other folders use; test/lint/public-index.test.ts pins the names.
export { type AppRuntime, repoKey, type RuntimeContext } from "./app-runtime.js";
export { createApp, type PlanSyncApp, type PlanSyncHandlers } from "./create-app.js";
export { type PushScheduler } from "./push-scheduler.js";
export { type CheckRunContext, type RerunScheduler } from "./rerun-scheduler.js";
export { type StatusScheduler } from "./status-scheduler.js";
export { type IssuesContext } from "./write-back-run.js";
export { type WriteBackScheduler } from "./write-back-scheduler.js";
