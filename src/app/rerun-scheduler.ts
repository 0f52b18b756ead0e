import type { Context } from "probot";
import type { PlanSyncConfig } from "../config/config-schema.js";
import type { Gateway } from "../github/gateway.js";
import { octokitTreeReader, withGitTree } from "../github/git-tree.js";
import type { EnqueueOutcome } from "../queue/job-queue.js";
import { rerunPushSync, type PlansAtRef } from "../rerun/rerun-push-sync.js";
import { createRerunReads, type RerunReads, type RerunReadsOctokit } from "../github/rerun-reads.js";
import { configErrorOutput } from "../sync/failure-output.js";
import { findAllPlans } from "../sync/find-all-plans.js";
import { rerunWriteBack } from "../write-back/rerun-write-back.js";
import { writeBack } from "../write-back/write-back.js";
import { repoKey, type AppRuntime } from "./app-runtime.js";
import { ReportedError } from "./reported-error.js";
import type { StatusScheduler } from "./status-scheduler.js";

export type CheckRunContext = Context<"check_run.rerequested">;

export const RERUN_JOB = "rerun";

export interface RerunSchedulerOptions {
  reads?: (context: CheckRunContext) => RerunReads;
  progressIntervalMs?: number;
}

export interface RerunScheduler {
  /** `plan-sync` on a commit: that commit's push sync again (or its pull requests' status, when it is not on the default branch). */
  scheduleCommit(context: CheckRunContext, headSha: string): Promise<EnqueueOutcome>;
  /** `plan-sync/write-back`: the write-back of the plan it was about. */
  scheduleWriteBack(context: CheckRunContext, headSha: string, pullRequest: number | null): Promise<EnqueueOutcome>;
  /** `plan-sync` on pull requests' head: their status comments and a fresh check run each. */
  refreshPullRequests(context: CheckRunContext, numbers: readonly number[]): Promise<void>;
}

/** A rerun job's data: which check's work to do again. */
type RerunJobData =
  { mode: "commit"; headSha: string } | { mode: "write-back"; headSha: string; pullRequest: number | null };

/**
 * Re-runs of plan-sync's check runs as `rerun` jobs on the App's queue. Two
 * presses of Re-run on one commit while the first waits: one run does; a
 * redelivery (same delivery id) is skipped by the queue.
 */
export function createRerunScheduler(
  runtime: AppRuntime,
  scheduler: StatusScheduler,
  options: RerunSchedulerOptions = {},
): RerunScheduler {
  const readsFor =
    options.reads ??
    ((context: CheckRunContext) => createRerunReads(context.octokit as unknown as RerunReadsOctokit, context.repo()));

  const refreshPullRequests = async (context: CheckRunContext, numbers: readonly number[]): Promise<void> => {
    const repo = repoKey(context);
    for (const number of numbers) {
      const outcome = await scheduler.schedule(context, {
        prNumber: number,
        idempotencyKey: `pr-status:rerun:${repo}#${number}:${context.id}`,
        // A fresh check run on the head, and the comment brought up to date.
        options: { checkRun: true, mayHaveComment: true },
      });
      context.log.debug(`check run re-run: status of PR #${number} ${outcome}`);
    }
  };

  runtime.register<CheckRunContext>(RERUN_JOB, {
    run: async (context, data) => {
      const job = data as unknown as RerunJobData;
      if (job.mode === "write-back") await runWriteBack(context, job.headSha, job.pullRequest);
      else await runCommit(context, job.headSha);
    },
  });

  /** A `plan-sync` check with no pull request in the payload: the default branch's commit, or a fork's PR head. */
  async function runCommit(context: CheckRunContext, sha: string): Promise<void> {
    const reads = readsFor(context);
    const branch = context.payload.repository.default_branch;
    const short = sha.slice(0, 7);
    if (!(await reads.isOnBranch(branch, sha))) {
      // GitHub leaves `pull_requests` empty for pull requests from forks.
      const numbers = await reads.openPullRequestsAt(sha);
      if (numbers.length === 0) {
        context.log.info(
          `check run re-run: ${short} is not on ${branch} and no open pull request has it as head; nothing to re-run`,
        );
        return;
      }
      await refreshPullRequests(context, numbers);
      return;
    }
    const gateway = runtime.gateway(context);
    const pacer = runtime.pacer(context);
    try {
      // Fresh: a person fixing the config and pressing Re-run expects it read again.
      const config = await runtime.config(context, { fresh: true });
      if (!config.ok) {
        await pacer.acquire();
        await gateway.createCheckRun({ headSha: sha, ...configErrorOutput(config.errors) });
        context.log.warn(
          `re-run of push sync ${repoKey(context)}@${short}: invalid config (${config.errors.join("; ")}); nothing synced`,
        );
        return;
      }
      const head = await gateway.getBranchSha(branch);
      if (!head) {
        context.log.info(`check run re-run: ${branch} no longer exists; nothing to re-run`);
        return;
      }
      await rerunPushSync(
        {
          gateway,
          identity: await runtime.identity(context),
          config: config.config,
          pacer,
          serverUrl: new URL(context.payload.repository.html_url).origin,
          log: context.log,
          reads,
          plansAt: plansAt(context, gateway, config.config),
          progressIntervalMs: options.progressIntervalMs,
          writePlan: writeBack,
        },
        { sha, branch, head },
      );
    } catch (error) {
      context.log.error(
        { err: error },
        `re-run of push sync ${repoKey(context)}@${short} failed; pressing Re-run again retries`,
      );
      throw new ReportedError(error);
    }
  }

  function plansAt(context: CheckRunContext, gateway: Gateway, config: PlanSyncConfig): PlansAtRef {
    const tree = octokitTreeReader(context.octokit, context.repo());
    return (ref) => findAllPlans(withGitTree(gateway, tree), ref, config);
  }

  async function runWriteBack(context: CheckRunContext, headSha: string, pullRequest: number | null): Promise<void> {
    try {
      await rerunWriteBack(
        {
          gateway: runtime.pacedGateway(context),
          identity: await runtime.identity(context),
          config: await runtime.config(context),
          branch: context.payload.repository.default_branch,
          log: context.log,
        },
        { headSha, pullRequest },
      );
    } catch (error) {
      context.log.error(
        { err: error },
        `re-run of write-back check on ${headSha.slice(0, 7)} failed; pressing Re-run again retries`,
      );
      throw new ReportedError(error);
    }
  }

  return {
    scheduleCommit: (context, headSha) =>
      runtime.enqueue(context, {
        kind: RERUN_JOB,
        // Two presses of Re-run on one commit while the first waits: one run does.
        supersedeKey: `check-rerun:${headSha}`,
        idempotencyKey: `check-rerun:${repoKey(context)}:${context.id}`,
        data: { mode: "commit", headSha },
      }),
    scheduleWriteBack: (context, headSha, pullRequest) =>
      runtime.enqueue(context, {
        kind: RERUN_JOB,
        idempotencyKey: `check-rerun:${repoKey(context)}:${context.id}`,
        data: { mode: "write-back", headSha, pullRequest },
      }),
    refreshPullRequests,
  };
}
