import type { Context } from "probot";
import { refreshFromContext, type IdentityResolver } from "../pull-request/refresh-from-context.js";
import { StatusScheduler } from "../pull-request/status-scheduler.js";
import { createIdentityResolver } from "../write-back/app-identity.js";

type PullRequestContext = Context<"pull_request.opened" | "pull_request.synchronize" | "pull_request.reopened" | "pull_request.edited">;

export interface StatusHandlerOptions {
  scheduler?: StatusScheduler;
  resolveIdentity?: IdentityResolver;
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
  const scheduler = options.scheduler ?? sharedScheduler;
  const resolveIdentity = options.resolveIdentity ?? sharedIdentity;
  const handler = async (context: PullRequestContext): Promise<void> => {
    const { action, pull_request: pr } = context.payload;
    if (pr.state !== "open") return;
    const { owner, repo } = context.repo();
    // An edit of the title or body changes references, not the commit: the head's check run stands, unless the base moved.
    const baseChanged = action === "edited" && Boolean((context.payload as { changes?: { base?: unknown } }).changes?.base);
    const checkRun = action !== "edited" || baseChanged;
    const outcome = scheduler.schedule({
      repo: `${owner}/${repo}`,
      prNumber: pr.number,
      // A redelivered opened/synchronize for the same head must not post a second check run.
      idempotencyKey: action === "edited" ? `pr-status:delivery:${context.id}` : `pr-status:${owner}/${repo}#${pr.number}:${action}:${pr.head.sha}`,
      options: { checkRun, mayHaveComment: action !== "opened" },
      run: async (merged) => {
        await refreshFromContext(context, pr.number, merged, resolveIdentity);
      },
    });
    context.log.debug(`PR #${pr.number} ${action}: status refresh ${outcome}`);
  };
  return Object.assign(handler, { idle: () => scheduler.idle() });
}

/** Shared by the pull_request and issue_comment handlers, so both refreshes of one PR queue together. */
export const sharedScheduler = new StatusScheduler();
const sharedIdentity = createIdentityResolver();

/** The instance src/index.ts wires to pull_request events. */
export const handlePullRequest = createPullRequestHandler();
