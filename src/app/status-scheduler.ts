import { repoKey, type AppRuntime } from "./app-runtime.js";
import type { EnqueueOutcome, Json } from "../queue/job-queue.js";
import { refreshFromContext, type StatusContext } from "./refresh-from-context.js";
import type { RefreshStatusOptions } from "../pull-request/refresh-status.js";

export const PR_STATUS_JOB = "pr-status";

export interface StatusRequest {
  prNumber: number;
  /** Skips a redelivered webhook: same key while stored or done → not run again. */
  idempotencyKey?: string;
  options: RefreshStatusOptions;
}

export interface StatusScheduler {
  schedule(context: StatusContext & { id: string; name: string }, request: StatusRequest): Promise<EnqueueOutcome>;
}

interface StatusJobData {
  prNumber: number;
  options: RefreshStatusOptions;
}

/**
 * PR status refreshes as `pr-status` jobs on the App's queue, one at a time
 * per repository (after any push sync or write-back of it). A newer event for
 * the same PR replaces one still waiting, and inherits what the replaced one
 * would have done: a `synchronize` replaced by an `edited` must still post the
 * check run on the new head. Built once per App (createApp), shared by the
 * pull_request, issue_comment and check_run handlers.
 */
export function createStatusScheduler(runtime: AppRuntime): StatusScheduler {
  runtime.register<StatusContext>(PR_STATUS_JOB, {
    run: async (context, data) => {
      const { prNumber, options } = data as unknown as StatusJobData;
      await refreshFromContext(context, prNumber, options, runtime);
    },
    merge: (older, newer) => {
      const o = older as unknown as StatusJobData;
      const n = newer as unknown as StatusJobData;
      return { data: { prNumber: n.prNumber, options: mergeOptions(o.options, n.options) } as unknown as Json };
    },
  });
  return {
    schedule: (context, request) =>
      runtime.enqueue(context, {
        kind: PR_STATUS_JOB,
        supersedeKey: `pr-status:${repoKey(context)}#${request.prNumber}`,
        ...(request.idempotencyKey ? { idempotencyKey: request.idempotencyKey } : {}),
        data: { prNumber: request.prNumber, options: request.options } as unknown as Json,
      }),
  };
}

export function mergeOptions(a: RefreshStatusOptions, b: RefreshStatusOptions): RefreshStatusOptions {
  return {
    checkRun: a.checkRun || b.checkRun,
    mayHaveComment: a.mayHaveComment || b.mayHaveComment,
    alwaysComment: Boolean(a.alwaysComment || b.alwaysComment),
  };
}
