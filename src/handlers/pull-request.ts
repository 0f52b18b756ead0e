import type { Context } from "probot";
import { appRuntime, repoKey, type AppRuntime } from "../app/app-runtime.js";
import { refreshFromContext } from "../pull-request/refresh-from-context.js";
import { StatusScheduler } from "../pull-request/status-scheduler.js";

type PullRequestContext = Context<
  "pull_request.opened" | "pull_request.synchronize" | "pull_request.reopened" | "pull_request.edited"
>;

export interface StatusHandlerOptions {
  /** Shared queue, pacers, identity and config (default `appRuntime`). */
  runtime?: AppRuntime;
  /** Default: the runtime's own, shared by the pull_request and issue_comment handlers. */
  scheduler?: StatusScheduler;
}

export interface StatusHandler<C> {
  (context: C): Promise<void>;
  /** Resolves once every scheduled refresh has finished (tests, shutdown). */
  idle(): Promise<void>;
}

/**
 * pull_request opened / synchronize / reopened / edited → the PR's status
 * comment and check run. Only schedules: GitHub gets its answer at once.
 */
export function createPullRequestHandler(options: StatusHandlerOptions = {}): StatusHandler<PullRequestContext> {
  const runtime = options.runtime ?? appRuntime;
  const scheduler = options.scheduler ?? statusSchedulerFor(runtime);
  const handler = async (context: PullRequestContext): Promise<void> => {
    const { action, pull_request: pr } = context.payload;
    if (pr.state !== "open") return;
    // An edit of the title or body changes references, not the commit: the head's check run stands, unless the base moved.
    const baseChanged =
      action === "edited" && Boolean((context.payload as { changes?: { base?: unknown } }).changes?.base);
    const checkRun = action !== "edited" || baseChanged;
    const repo = repoKey(context);
    const outcome = scheduler.schedule({
      repo,
      prNumber: pr.number,
      // A redelivered opened/synchronize for the same head must not post a second check run.
      idempotencyKey:
        action === "edited"
          ? `pr-status:delivery:${context.id}`
          : `pr-status:${repo}#${pr.number}:${action}:${pr.head.sha}`,
      options: { checkRun, mayHaveComment: action !== "opened" },
      run: async (merged) => {
        await refreshFromContext(context, pr.number, merged, runtime);
      },
    });
    context.log.debug(`PR #${pr.number} ${action}: status refresh ${outcome}`);
  };
  return Object.assign(handler, { idle: () => scheduler.idle() });
}

const schedulers = new WeakMap<AppRuntime, StatusScheduler>();

/**
 * One scheduler per runtime, shared by the pull_request and issue_comment
 * handlers: a refresh replacing a waiting one of the same PR must inherit
 * what it owed, whichever event asked. It runs on the runtime's queue, after
 * any push sync or write-back of the repository, as a kept job: a shutdown
 * finishes it rather than drop it.
 */
export function statusSchedulerFor(runtime: AppRuntime): StatusScheduler {
  let scheduler = schedulers.get(runtime);
  if (!scheduler) {
    scheduler = new StatusScheduler(runtime.kept);
    schedulers.set(runtime, scheduler);
  }
  return scheduler;
}

/** The instance src/index.ts wires to pull_request events. */
export const handlePullRequest = createPullRequestHandler();
