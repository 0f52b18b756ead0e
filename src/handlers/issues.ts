import type { AppRuntime } from "../app/app-runtime.js";
import type { WriteBackScheduler } from "../app/write-back-scheduler.js";
import type { IssuesContext } from "../app/write-back-run.js";
import { parseMarker } from "../render/marker.js";
import { isSameLogin } from "../sync/managed-issues.js";

export interface IssuesHandlerOptions {
  /** The App's runtime (createApp builds it): the App's identity. */
  runtime: AppRuntime;
  /** Stores the write-back job (createApp builds it): the burst window, merges and retries live there. */
  scheduler: WriteBackScheduler;
}

export type IssuesHandler = (context: IssuesContext) => Promise<void>;

/**
 * issues.closed / issues.reopened → tick / untick the task in its plan. The
 * handler only checks that the issue is one of the App's, changed by someone
 * else, and stores a write-back job: GitHub gets its answer at once.
 */
export function createIssuesHandler(options: IssuesHandlerOptions): IssuesHandler {
  const { runtime, scheduler } = options;
  return async (context: IssuesContext): Promise<void> => {
    const { issue, sender } = context.payload;
    const identity = await runtime.identity(context);
    const where = `#${issue.number}`;
    if (!isSameLogin(issue.user?.login, identity)) {
      context.log.debug(`write-back: ${where} is not an issue of ${identity}; ignored`);
      return;
    }
    const marker = parseMarker(issue.body ?? "");
    if (!marker) {
      context.log.info(`write-back: ${where} has no plan-sync marker; ignored`);
      return;
    }
    if (isSameLogin(sender?.login, identity)) {
      // The app changed the issue because the plan said so: the plan already agrees.
      context.log.debug(`write-back: ${where} was ${context.payload.action} by plan-sync itself; nothing to write`);
      return;
    }
    const outcome = await scheduler.schedule(context, {
      path: marker.path,
      task: marker.task,
      issueNumber: issue.number,
      done: issue.state === "closed" && issue.state_reason === "completed",
      identity,
      ...(marker.repo ? { markerRepo: marker.repo } : {}),
    });
    context.log.debug(`write-back: ${where} ${context.payload.action}, ${marker.path} ${outcome}`);
  };
}
