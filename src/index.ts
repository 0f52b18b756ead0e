import type { ApplicationFunction } from "probot";
import { createApp, type PlanSyncHandlers } from "./app/create-app.js";
import { listSubscribedEvents, type On } from "./server/subscribed-events.js";

/**
 * Every webhook plan-sync reacts to, one line per handler. app.yml's
 * default_events must list exactly these base events (test/app/manifest.test.ts
 * checks): subscribing to an event the App is not registered for would never
 * fire, and registering for one nobody handles costs a request per delivery.
 */
export function wireEvents(on: On, handlers: PlanSyncHandlers): void {
  // Sync plans to issues.
  on("push", handlers.push);
  // Tick / untick the task in the plan.
  on(["issues.closed", "issues.reopened"], handlers.issues);
  // An issue deleted or transferred: the next push lists every issue (it cannot show in a `since` listing).
  on(["issues.deleted", "issues.transferred"], handlers.issueGone);
  // One status comment and a check run per pull request touching a plan.
  on(
    ["pull_request.opened", "pull_request.synchronize", "pull_request.reopened", "pull_request.edited"],
    handlers.pullRequest,
  );
  // `/plan-sync status` refreshes the pull request's comment.
  on("issue_comment.created", handlers.issueComment);
  // "Re-run" on a plan-sync check run does that check's work again.
  on("check_run.rerequested", handlers.checkRun);
}

const noHandler = () => Promise.resolve();

/** Base event names, for the App manifest. */
export const subscribedEvents: readonly string[] = listSubscribedEvents((on) =>
  wireEvents(on, {
    push: noHandler,
    issues: noHandler,
    issueGone: noHandler,
    pullRequest: noHandler,
    issueComment: noHandler,
    checkRun: noHandler,
  }),
);

/**
 * The App as `npm start` (src/main.ts) and `probot run` load it: built when
 * Probot loads it, from the environment (PLAN_SYNC_DATA_DIR and the others,
 * see docs/operations.md), so importing this module opens nothing.
 */
const app: ApplicationFunction = (probot, options) => createApp().app(probot, options);

export default app;
