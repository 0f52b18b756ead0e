import type { ApplicationFunction, Probot } from "probot";
import { exitOnSignals, GracefulShutdown } from "./server/graceful-shutdown.js";
import { createHealthRoute } from "./server/health-route.js";
import { mountRoute } from "./server/mount-route.js";
import { readServerSettings } from "./server/server-settings.js";
import { listSubscribedEvents, type On } from "./server/subscribed-events.js";
import { handleIssueStateChange, type IssuesHandler } from "./handlers/issues.js";
import { handlePush } from "./handlers/push.js";
import { handlePullRequest } from "./handlers/pull-request.js";
import { handleIssueComment } from "./handlers/issue-comment.js";
import { handleCheckRun } from "./handlers/check-run.js";
import { appRuntime, type AppRuntime } from "./app/app-runtime.js";
import { readRedeliverySettings } from "./redelivery/redelivery-settings.js";
import { startRedelivery } from "./redelivery/start-redelivery.js";
import { closePlanParser } from "./parse-worker/plan-parser.js";
import { parseLimitsFromEnv } from "./parse-worker/parse-limits.js";

/**
 * Every webhook plan-sync reacts to, one line per handler. app.yml's
 * default_events must list exactly these base events (test/app/manifest.test.ts
 * checks): subscribing to an event the App is not registered for would never
 * fire, and registering for one nobody handles costs a request per delivery.
 */
export function wireEvents(on: On): void {
  // Sync plans to issues.
  on("push", handlePush);
  // Tick / untick the task in the plan.
  on(["issues.closed", "issues.reopened"], handleIssueStateChange);
  // One status comment and a check run per pull request touching a plan.
  on(
    ["pull_request.opened", "pull_request.synchronize", "pull_request.reopened", "pull_request.edited"],
    handlePullRequest,
  );
  // `/plan-sync status` refreshes the pull request's comment.
  on("issue_comment.created", handleIssueComment);
  // "Re-run" on a plan-sync check run does that check's work again.
  on("check_run.rerequested", handleCheckRun);
}

/**
 * Work the handlers queue to run after GitHub got its answer, and what a stop
 * (SIGTERM) does with it, within PLAN_SYNC_SHUTDOWN_TIMEOUT_SECONDS. Whatever
 * the deadline cuts is safe: every sync is a reconciliation the next event redoes.
 */
export function finishOnShutdown(
  shutdown: Pick<GracefulShutdown, "onDrain">,
  handlers: { runtime: AppRuntime; writeBack: Pick<IssuesHandler, "flush" | "idle"> } = {
    runtime: appRuntime,
    writeBack: handleIssueStateChange,
  },
): void {
  // One hook, because the order matters and hooks start side by side.
  shutdown.onDrain(async () => {
    // Someone closed an issue expecting its tick: start the write-backs still
    // waiting out their burst window (or a retry) now rather than drop them.
    handlers.writeBack.flush();
    // Push syncs not started yet are dropped (a 300-task plan can take
    // minutes); the job running finishes; then the write-backs and PR status
    // refreshes that were queued behind it run (the runtime keeps them).
    await handlers.runtime.drain();
    // A write-back that failed just now waits for its retry.
    await handlers.writeBack.idle();
    // Nothing parses any more: end the parse worker threads.
    await closePlanParser();
  });
}

/** Base event names, for the App manifest. */
export const subscribedEvents: readonly string[] = listSubscribedEvents(wireEvents);

const app: ApplicationFunction = (probot, options) => {
  const settings = readServerSettings(process.env);
  // A mistyped parse budget stops the server now, not at the first plan it reads.
  parseLimitsFromEnv(process.env);
  const redelivery = readRedeliverySettings(process.env);
  const shutdown = new GracefulShutdown({ timeoutMs: settings.shutdownTimeoutMs, log: probot.log });
  wireEvents(trackedBy(probot, shutdown));
  if (
    mountRoute(
      options,
      createHealthRoute(() => shutdown.stopping),
    )
  ) {
    finishOnShutdown(shutdown);
    // Webhooks GitHub failed to deliver (the server was down, say): asked for again at start and then periodically.
    startRedelivery(probot, redelivery, shutdown);
    exitOnSignals(shutdown, probot.log);
  }
};

/** Every handler runs inside the shutdown tracker, so SIGTERM waits for it. */
function trackedBy(probot: Probot, shutdown: GracefulShutdown): On {
  return ((event: Parameters<On>[0], handler: (context: unknown) => unknown) =>
    probot.on(event, (context) => shutdown.run(async () => handler(context)))) as On;
}

export default app;
