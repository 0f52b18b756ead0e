import type { Context } from "probot";
import type { CheckRunContext, RerunScheduler } from "../app/rerun-scheduler.js";
import { createAppIdReader, type AppIdReader } from "../rerun/own-app-id.js";
import { readRerunRequest, type CheckRunPayload } from "../rerun/rerun-request.js";

export interface CheckRunHandlerOptions {
  /** Stores the rerun job (createApp builds it): what each re-run does lives there. */
  scheduler: RerunScheduler;
  /** Which App we are; default: asked of the event's Octokit, which knows without a request. */
  appId?: AppIdReader;
}

export type CheckRunHandler = (context: Context<"check_run.rerequested">) => Promise<void>;

/**
 * check_run.rerequested ("Re-run" on one of plan-sync's check runs) → the
 * work that check reported, done again now:
 * - `plan-sync` on a pull request's head → that PR's status comment and a new check run;
 * - `plan-sync` on a commit of the default branch → that commit's push sync,
 *   every plan reconciled in full, and a new check run whatever the outcome;
 * - `plan-sync/write-back` → the write-back of the plan it was about.
 * Only guards and stores a job here: GitHub gets its answer at once.
 */
export function createCheckRunHandler(options: CheckRunHandlerOptions): CheckRunHandler {
  const { scheduler } = options;
  const appId = options.appId ?? createAppIdReader();
  return async (context: CheckRunContext): Promise<void> => {
    const payload = context.payload as unknown as CheckRunPayload;
    const id = await appId(context.octokit);
    const request = readRerunRequest(payload, id ?? NaN);
    if (request.kind === "ignore") {
      context.log.debug(`check_run.rerequested: ignored, ${request.reason}`);
      return;
    }
    if (request.kind === "sync" && request.pullRequests.length > 0) {
      await scheduler.refreshPullRequests(context, request.pullRequests);
      return;
    }
    if (request.kind === "write-back") {
      const outcome = await scheduler.scheduleWriteBack(context, request.headSha, request.pullRequest);
      context.log.debug(`check run re-run: write-back ${outcome}`);
      return;
    }
    const outcome = await scheduler.scheduleCommit(context, request.headSha);
    context.log.debug(`check run re-run: push sync of ${request.headSha.slice(0, 7)} ${outcome}`);
  };
}
