import type { Context } from "probot";
import { CONFIG_PATH } from "../config/config-path.js";
import type { Gateway } from "../github/gateway.js";
import { octokitTreeReader, withGitTree } from "../github/git-tree.js";
import { installationTargets } from "../github/route-targets.js";
import { syncPush } from "../push/sync-push.js";
import type { EnqueueOutcome, Json } from "../queue/job-queue.js";
import { describeRetry } from "../queue/retry-policy.js";
import { configErrorOutput } from "../sync/failure-output.js";
import type { PushToSync } from "../sync/push-event.js";
import { ReconciledMemory } from "../sync/reconciled-memory.js";
import { writeBack } from "../write-back/write-back.js";
import { repoKey, type AppRuntime, type RunInfo } from "./app-runtime.js";
import { ReportedError } from "./reported-error.js";

type PushContext = Context<"push">;

export const PUSH_SYNC_JOB = "push-sync";

export interface PushSchedulerOptions {
  /** Least time between check-run progress updates (default 60 s). */
  progressIntervalMs?: number;
  /** Plans this process last reconciled; a fresh one (as after a restart) by default. */
  memory?: ReconciledMemory;
}

export interface PushScheduler {
  schedule(context: PushContext, push: PushToSync): Promise<EnqueueOutcome>;
}

/**
 * Push syncs as `push-sync` jobs on the App's queue. A later push of the same
 * branch replaces a sync still waiting (mergePushes), and a redelivered push
 * (same `after`) is a duplicate the queue skips. The job runs the push
 * feature (syncPush) with the installation's gateway, pacer and config.
 */
export function createPushScheduler(runtime: AppRuntime, options: PushSchedulerOptions = {}): PushScheduler {
  // Per App, so per process: a restart forgets it and the next push reconciles in full.
  const memory = options.memory ?? new ReconciledMemory();

  runtime.register<PushContext>(PUSH_SYNC_JOB, {
    run: async (context, data, info) => {
      await runSync(context, data as unknown as PushToSync, info);
    },
    merge: (older, newer) => ({
      data: mergePushes(older as unknown as PushToSync, newer as unknown as PushToSync) as unknown as Json,
    }),
  });

  async function runSync(context: PushContext, push: PushToSync, info: RunInfo): Promise<void> {
    const identity = await runtime.identity(context);
    const gateway = withGitTree(runtime.gateway(context), octokitTreeReader(context.octokit, context.repo()));
    const pacer = runtime.pacer(context);
    try {
      const config = await runtime.config(context, { fresh: push.touchesConfig });
      if (!config.ok) {
        const text = await configText(gateway, push.after);
        await pacer.acquire();
        await gateway.createCheckRun({ headSha: push.after, ...configErrorOutput(config.errors, text) });
        context.log.warn(
          `push sync ${gateway.repo.owner}/${gateway.repo.repo}: invalid config (${config.errors.join("; ")}); nothing synced`,
        );
        return;
      }
      await syncPush(
        {
          gateway,
          identity,
          config: config.config,
          pacer,
          serverUrl: new URL(context.payload.repository.html_url).origin,
          log: context.log,
          progressIntervalMs: options.progressIntervalMs,
          memory,
          retryAt: info.retryAt,
          // The push keeps one run. Same attempt: the process died mid-sync, its run is carried on, not left
          // "in progress" beside a new one. A later attempt: a retry after a failure carries on the failed run.
          resumeCheckRunId: push.checkRun?.id ?? null,
          retryAttempt: push.checkRun && push.checkRun.attempt !== info.job.attempts ? info.job.attempts : 0,
          onCheckRunCreated: (id) =>
            info.save({ ...push, checkRun: { id, attempt: info.job.attempts } } as unknown as Json),
          // Same installation token for the repositories areas are routed to; the engine checks their consent.
          targets: installationTargets(context.octokit, { identity: runtime.installationKey(context) }),
          // Links and ticks go into the plan through the write-back feature (byte-exact, SHA precondition, PR fallback).
          writePlan: writeBack,
        },
        push,
      );
    } catch (error) {
      const retryAt = info.retryAt(error);
      context.log.error(
        { err: error },
        `push sync ${gateway.repo.owner}/${gateway.repo.repo}@${push.after.slice(0, 7)} failed; ` +
          (retryAt === null
            ? "not retried (a redelivery or the next push tries again)"
            : `retrying ${describeRetry(retryAt, Date.now())}`),
      );
      throw new ReportedError(error);
    }
  }

  return {
    schedule: (context, push) =>
      runtime.enqueue(context, {
        kind: PUSH_SYNC_JOB,
        supersedeKey: `push:${context.payload.ref}`,
        idempotencyKey: `push:${repoKey(context)}:${push.after}`,
        data: { ...push, confirmClose: push.confirmClose ?? false } as unknown as Json,
      }),
  };
}

/**
 * A push replacing one still waiting: the newer head, from the older `before`,
 * so no change in between is skipped; a config change or a `plan-sync:
 * confirm-close` in the replaced push still counts (its commits are in the range).
 */
export function mergePushes(older: PushToSync, newer: PushToSync): PushToSync {
  return {
    ...newer,
    before: older.before,
    touchesConfig: older.touchesConfig || newer.touchesConfig,
    confirmClose: (older.confirmClose ?? false) || (newer.confirmClose ?? false),
  };
}

/** The config as pushed, to place errors about its keys on their lines; null when it is not in the repository (inherited) or cannot be read. */
async function configText(gateway: Pick<Gateway, "getFile">, sha: string): Promise<string | null> {
  try {
    return (await gateway.getFile(CONFIG_PATH, sha))?.text ?? null;
  } catch {
    // Only the annotations' lines depend on it: the errors are reported all the same.
    return null;
  }
}
