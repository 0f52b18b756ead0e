import type { Context } from "probot";
import type { AppRuntime } from "../app/app-runtime.js";
import type { PushScheduler } from "../app/push-scheduler.js";
import { readPushEvent, type PushPayload } from "../sync/push-event.js";
import { isOwnCommit } from "../write-back/own-commit.js";

type PushContext = Context<"push">;

export interface PushHandlerOptions {
  /** The App's runtime (createApp builds it): the App's identity. */
  runtime: AppRuntime;
  /** Stores the push-sync job (createApp builds it): merges, retries and the run live there. */
  scheduler: PushScheduler;
}

export type PushHandler = (context: PushContext) => Promise<void>;

/**
 * push → plans synced to issues. The handler only checks the push and stores
 * a push-sync job, so GitHub gets its answer at once whatever the plan's size.
 */
export function createPushHandler(options: PushHandlerOptions): PushHandler {
  const { runtime, scheduler } = options;
  return async (context: PushContext): Promise<void> => {
    const decision = readPushEvent(context.payload as unknown as PushPayload);
    if (decision.kind === "ignore") {
      context.log.debug(`push ${context.payload.after.slice(0, 7)}: ignored, ${decision.reason}`);
      return;
    }
    const identity = await runtime.identity(context);
    if (isOwnCommit(decision.push.headCommit, identity)) {
      // The app's own commit (issue links, ticks): it changes nothing the issues do not already say.
      context.log.debug(`push ${decision.push.after.slice(0, 7)}: plan-sync's own commit; nothing to sync`);
      return;
    }
    const outcome = await scheduler.schedule(context, decision.push);
    context.log.debug(`push ${decision.push.after.slice(0, 7)}: sync ${outcome}`);
  };
}
