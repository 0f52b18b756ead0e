import { DEFAULT_WRITE_BACK_WINDOW_MS } from "../config/settings.js";
import type { EnqueueOutcome, Json } from "../queue/job-queue.js";
import type { RetryPolicy } from "../config/settings.js";
import { describeRetry, nextRetryAt } from "../queue/retry-policy.js";
import { UnwrittenIssues } from "../write-back/unwritten-issues.js";
import { WriteBackConflictError } from "../write-back/write-back-errors.js";
import { repoKey, type AppRuntime, type RunInfo } from "./app-runtime.js";
import type { ReconciledMemory } from "../sync/reconciled-memory.js";
import {
  burstEvents,
  burstIssues,
  type BurstEvent,
  gaveUp,
  noticeInput,
  runBurst,
  type IssuesContext,
  type WriteBackJobData,
} from "./write-back-run.js";
import { noticeFailure } from "../write-back/failure-notice.js";

export const WRITE_BACK_JOB = "write-back";

export interface WriteBackSchedulerOptions {
  /** Events for one plan within this quiet time become one commit. Default 3 s (createApp passes PLAN_SYNC_WRITE_BACK_WINDOW_MS). */
  windowMs?: number;
  /** A steady trickle of events must not postpone the write forever. Default 10 × windowMs. */
  maxWaitMs?: number;
  /**
   * Tests: a failed write-back (any error) is tried again after this, doubling
   * each time, `maxRetries` times (default 3). Default: the App's retry policy
   * (PLAN_SYNC_RETRY_DELAYS) for failures on GitHub's side and conflicts.
   */
  retryDelayMs?: number;
  maxRetries?: number;
  now?: () => number;
  /**
   * The App's remembered issue listings (createApp's, shared with push sync): the tracking issue a write-back
   * follows is found in a listing of the issues updated since the last one, not in a full listing.
   */
  memory?: ReconciledMemory;
}

/** A close or reopen the issues handler accepted: which task of which plan, and what it now says. */
export interface WriteBackEvent {
  path: string;
  task: string;
  issueNumber: number;
  done: boolean;
  identity: string;
  /** `owner/repo` from the issue's marker: the plan's repository when the area is routed to the issue's. */
  markerRepo?: string;
}

export interface WriteBackScheduler {
  schedule(context: IssuesContext, event: WriteBackEvent): Promise<EnqueueOutcome>;
}

/**
 * Write-backs as `write-back` jobs on the App's queue, delayed by the burst
 * window: an event for the same plan while its job waits joins it as an entry
 * of its own (JobSpec.entry: one commit for the burst, one small stored row
 * per event), so a crash inside the window loses nothing, the store holds
 * the burst's events. Each event moves the write one window later, never
 * past `maxWaitMs` after the burst's first event. It runs after any push sync of the
 * plan's repository. A failure is retried (writeBackRetryAt); when retries
 * are used up it is said on the issues and remembered, so the plan's next
 * write-back carries it.
 */
export function createWriteBackScheduler(
  runtime: AppRuntime,
  options: WriteBackSchedulerOptions = {},
): WriteBackScheduler {
  const now = options.now ?? Date.now;
  const windowMs = options.windowMs ?? DEFAULT_WRITE_BACK_WINDOW_MS;
  const maxWaitMs = options.maxWaitMs ?? windowMs * 10;
  const retries: WriteBackRetries =
    options.retryDelayMs !== undefined || options.maxRetries !== undefined
      ? { kind: "fixed", delayMs: options.retryDelayMs ?? 30_000, max: options.maxRetries ?? 3 }
      : { kind: "policy", policy: runtime.retry };
  const unwritten = new UnwrittenIssues(runtime.jobs);

  runtime.register<IssuesContext>(WRITE_BACK_JOB, {
    run: async (context, raw, info) => {
      const data = raw as unknown as WriteBackJobData;
      const key = burstKey(data, repoKey(context));
      const events = burstEvents(data, info.job.entries);
      try {
        await runBurst(runtime, unwritten, key, context, data, events, options.memory);
        return { kind: "done" };
      } catch (error) {
        const at = writeBackRetryAt(retries, error, info, now());
        if (at !== null) {
          context.log.warn({ err: error }, `write-back ${data.path} failed; trying again ${describeRetry(at, now())}`);
          return { kind: "retry", runAt: at };
        }
        context.log.error(
          { err: error },
          `write-back ${data.path} failed ${info.job.attempts + 1} times; giving up until one of its issues changes again`,
        );
        const issues = burstIssues(events, await unwritten.of(key));
        await unwritten.remember(key, issues);
        await noticeFailure(noticeInput(runtime, context, data), issues, gaveUp(error));
        return { kind: "failed" };
      }
    },
  });

  return {
    schedule: (context, event) => {
      const at = now();
      const planRepo = routedFrom(event.markerRepo, repoKey(context));
      const data: WriteBackJobData = { path: event.path, identity: event.identity, planRepo };
      const entry: BurstEvent = { issueNumber: event.issueNumber, task: event.task, done: event.done };
      return runtime.enqueue(context, {
        kind: WRITE_BACK_JOB,
        // Serialized with the plan repository's push syncs and write-backs, wherever the issue is.
        ...(planRepo ? { repo: `${planRepo.owner}/${planRepo.repo}`.toLowerCase() } : {}),
        // One burst per plan (and per repository its issues are in: a burst reads its issues from one): events for it while it waits join it.
        supersedeKey: `write-back:${planRepo ? `${event.path}\u0000${repoKey(context)}` : event.path}`,
        idempotencyKey: `issues:${context.id}`,
        data: data as unknown as Json,
        // Each event is one stored entry of the waiting burst: a delivery's store costs the same at its 1st event or its 400th.
        entry: entry as unknown as Json,
        // One window after the newest event, but a steady trickle must not postpone the write forever.
        runAt: at + windowMs,
        runBy: at + maxWaitMs,
      });
    },
  };
}

/** How failed write-backs are retried: the App's retry policy, or (tests) a fixed doubling delay. */
export type WriteBackRetries =
  { kind: "policy"; policy: RetryPolicy } | { kind: "fixed"; delayMs: number; max: number };

/** When a failed write-back is tried again (epoch ms), or null: given up. */
export function writeBackRetryAt(retries: WriteBackRetries, error: unknown, info: RunInfo, now: number): number | null {
  const attempt = info.job.attempts;
  if (retries.kind === "fixed") return attempt >= retries.max ? null : now + retries.delayMs * 2 ** attempt;
  // Someone committed to the plan meanwhile, again and again: worth another try later too.
  if (error instanceof WriteBackConflictError) return nextRetryAt(retries.policy, attempt, now);
  return info.retryAt(error);
}

/** The plan's repository named by a routed issue's marker; null when it is the event's own (or names none). */
function routedFrom(markerRepo: string | undefined, eventRepo: string): { owner: string; repo: string } | null {
  if (!markerRepo || markerRepo.toLowerCase() === eventRepo) return null;
  const [owner = "", repo = ""] = markerRepo.split("/");
  return { owner, repo };
}

/** Which plan's unwritten issues a burst carries: per plan, and per repository its issues are in. */
function burstKey(data: WriteBackJobData, eventRepo: string): string {
  return data.planRepo
    ? `${data.planRepo.owner}/${data.planRepo.repo}`.toLowerCase() + `\u0000${data.path}\u0000${eventRepo}`
    : `${eventRepo}\u0000${data.path}`;
}
