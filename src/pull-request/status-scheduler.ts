import { RepoQueue, type EnqueueOutcome } from "../queue/repo-queue.js";
import type { RefreshStatusOptions } from "./refresh-status.js";

/** Where refreshes run: the App's shared queue (`AppRuntime.kept`), or a RepoQueue of their own. */
export type StatusJobs = Pick<RepoQueue, "enqueue" | "onIdle">;

export interface StatusRequest {
  /** `owner/repo`. */
  repo: string;
  prNumber: number;
  /** Skips a redelivered webhook: same key while queued, running or done → not run again. */
  idempotencyKey?: string;
  options: RefreshStatusOptions;
  run: (options: RefreshStatusOptions) => Promise<void>;
}

/**
 * Runs PR status refreshes off the webhook request, one at a time per
 * repository. A newer event for the same PR replaces one still waiting, and
 * inherits what the replaced one would have done: a `synchronize` replaced by
 * an `edited` must still post the check run on the new head.
 */
export class StatusScheduler {
  private readonly pending = new Map<string, RefreshStatusOptions>();

  constructor(private readonly queue: StatusJobs = new RepoQueue()) {}

  schedule(request: StatusRequest): EnqueueOutcome {
    const key = `${request.repo.toLowerCase()}#${request.prNumber}`;
    const waiting = this.pending.get(key);
    const merged = waiting ? mergeOptions(waiting, request.options) : request.options;
    const outcome = this.queue.enqueue({
      repo: request.repo,
      supersedeKey: `pr-status:${key}`,
      ...(request.idempotencyKey ? { idempotencyKey: request.idempotencyKey } : {}),
      name: `status of ${key}`,
      run: async () => {
        const options = this.pending.get(key) ?? request.options;
        this.pending.delete(key);
        await request.run(options);
      },
    });
    if (outcome === "queued" || outcome === "superseded") this.pending.set(key, merged);
    return outcome;
  }

  /** Resolves when every scheduled refresh has finished. */
  idle(): Promise<void> {
    return this.queue.onIdle();
  }
}

function mergeOptions(a: RefreshStatusOptions, b: RefreshStatusOptions): RefreshStatusOptions {
  return {
    checkRun: a.checkRun || b.checkRun,
    mayHaveComment: a.mayHaveComment || b.mayHaveComment,
    alwaysComment: Boolean(a.alwaysComment || b.alwaysComment),
  };
}
