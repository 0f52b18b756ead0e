import type { Context } from "probot";
import { repoKey, type AppRuntime, type RunInfo } from "../app/app-runtime.js";
import { CONFIG_PATH } from "../app/config-cache.js";
import { ReportedError } from "../app/reported-error.js";
import type { Gateway } from "../github/gateway.js";
import { installationTargets } from "../github/route-targets.js";
import { configErrorOutput } from "../push-sync/failure-output.js";
import { octokitTreeReader, withGitTree } from "../push-sync/git-tree.js";
import { readPushEvent, type PushPayload, type PushToSync } from "../push-sync/push-event.js";
import { ReconciledMemory } from "../push-sync/reconciled-memory.js";
import { syncPush } from "../push-sync/sync-push.js";
import type { Json } from "../queue/job-queue.js";
import { describeRetry } from "../queue/retry-policy.js";
import { isOwnCommit } from "../write-back/own-commit.js";

type PushContext = Context<"push">;

export const PUSH_SYNC_JOB = "push-sync";

export interface PushHandlerOptions {
  /** The App's runtime (createApp builds it): queue, pacers, identity and config. */
  runtime: AppRuntime;
  /** Least time between check-run progress updates (default 60 s). */
  progressIntervalMs?: number;
  /** Plans this process last reconciled; a fresh one (as after a restart) by default. */
  memory?: ReconciledMemory;
}

export type PushHandler = (context: PushContext) => Promise<void>;

/**
 * push → plans synced to issues. The handler only checks the push and stores
 * a push-sync job, so GitHub gets its answer at once whatever the plan's
 * size. A later push of the same branch replaces a sync still waiting, and
 * takes over its `before` so no change is skipped; a redelivered push (same
 * `after`) is a duplicate the queue skips.
 */
export function createPushHandler(options: PushHandlerOptions): PushHandler {
  const { runtime } = options;
  // Per App, so per process: a restart forgets it and the next push reconciles in full.
  const memory = options.memory ?? new ReconciledMemory();

  runtime.register<PushContext>(PUSH_SYNC_JOB, {
    run: async (context, data, info) => {
      const identity = await runtime.identity(context);
      await runSync(context, data as unknown as PushToSync, identity, info);
    },
    merge: (older, newer) => {
      const o = older as unknown as PushToSync;
      const n = newer as unknown as PushToSync;
      return {
        data: {
          ...n,
          before: o.before,
          touchesConfig: o.touchesConfig || n.touchesConfig,
          // A `plan-sync: confirm-close` in a replaced push still confirms: its commits are part of this range.
          confirmClose: (o.confirmClose ?? false) || (n.confirmClose ?? false),
        } as unknown as Json,
      };
    },
  });

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
    const outcome = await runtime.enqueue(context, {
      kind: PUSH_SYNC_JOB,
      supersedeKey: `push:${context.payload.ref}`,
      idempotencyKey: `push:${repoKey(context)}:${decision.push.after}`,
      data: { ...decision.push, confirmClose: decision.push.confirmClose ?? false } as unknown as Json,
    });
    context.log.debug(`push ${decision.push.after.slice(0, 7)}: sync ${outcome}`);
  };

  async function runSync(context: PushContext, push: PushToSync, identity: string, info: RunInfo): Promise<void> {
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
          log: {
            info: (fields, message) => context.log.info(fields, message),
            warn: (message) => context.log.warn(message),
          },
          progressIntervalMs: options.progressIntervalMs,
          memory,
          retryAt: info.retryAt,
          // Same attempt, so the process died mid-sync: its run is carried on, not left "in progress" beside a new one.
          resumeCheckRunId: push.checkRun?.attempt === info.job.attempts ? push.checkRun.id : null,
          onCheckRunCreated: (id) =>
            info.save({ ...push, checkRun: { id, attempt: info.job.attempts } } as unknown as Json),
          // Same installation token for the repositories areas are routed to; the engine checks their consent.
          targets: installationTargets(context.octokit, { identity: runtime.installationKey(context) }),
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
