import type { Context } from "probot";
import { repoKey, type AppRuntime } from "../app/app-runtime.js";
import { ReportedError } from "../app/reported-error.js";
import type { PlanSyncConfig } from "../config/config-schema.js";
import type { Gateway } from "../github/gateway.js";
import { createAppIdReader, type AppIdReader } from "../rerun/own-app-id.js";
import { rerunPushSync, type PlansAtRef } from "../rerun/rerun-push-sync.js";
import { createRerunReads, type RerunReads, type RerunReadsOctokit } from "../github/rerun-reads.js";
import { readRerunRequest, type CheckRunPayload } from "../rerun/rerun-request.js";
import { rerunWriteBack } from "../write-back/rerun-write-back.js";
import { configErrorOutput } from "../sync/failure-output.js";
import { findAllPlans } from "../sync/find-all-plans.js";
import { octokitTreeReader, withGitTree } from "../github/git-tree.js";
import type { StatusScheduler } from "../pull-request/status-scheduler.js";

type CheckRunContext = Context<"check_run.rerequested">;

export const RERUN_JOB = "rerun";

export interface CheckRunHandlerOptions {
  /** The App's runtime (createApp builds it). */
  runtime: AppRuntime;
  /** The App's PR status scheduler: a re-run on a pull request's head refreshes its status. */
  scheduler: StatusScheduler;
  /** Which App we are; default: asked of the event's Octokit, which knows without a request. */
  appId?: AppIdReader;
  reads?: (context: CheckRunContext) => RerunReads;
  progressIntervalMs?: number;
}

export type CheckRunHandler = (context: CheckRunContext) => Promise<void>;

/** A rerun job's data: which check's work to do again. */
type RerunJobData =
  { mode: "commit"; headSha: string } | { mode: "write-back"; headSha: string; pullRequest: number | null };

/**
 * check_run.rerequested ("Re-run" on one of plan-sync's check runs) → the
 * work that check reported, done again now:
 * - `plan-sync` on a pull request's head → that PR's status comment and a new check run;
 * - `plan-sync` on a commit of the default branch → that commit's push sync,
 *   every plan reconciled in full, and a new check run whatever the outcome;
 * - `plan-sync/write-back` → the write-back of the plan it was about.
 * Only guards and stores a job here: GitHub gets its answer at once. A
 * redelivery (same delivery id) is skipped by the queue.
 */
export function createCheckRunHandler(options: CheckRunHandlerOptions): CheckRunHandler {
  const { runtime, scheduler } = options;
  const appId = options.appId ?? createAppIdReader();
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

  const handler = async (context: CheckRunContext): Promise<void> => {
    const payload = context.payload as unknown as CheckRunPayload;
    const id = await appId(context.octokit);
    const request = readRerunRequest(payload, id ?? NaN);
    if (request.kind === "ignore") {
      context.log.debug(`check_run.rerequested: ignored, ${request.reason}`);
      return;
    }
    if (request.kind === "sync" && request.pullRequests.length > 0) {
      await refreshPullRequests(context, request.pullRequests);
      return;
    }
    const repo = repoKey(context);
    const short = request.headSha.slice(0, 7);
    if (request.kind === "write-back") {
      const outcome = await runtime.enqueue(context, {
        kind: RERUN_JOB,
        idempotencyKey: `check-rerun:${repo}:${context.id}`,
        data: { mode: "write-back", headSha: request.headSha, pullRequest: request.pullRequest },
      });
      context.log.debug(`check run re-run: write-back ${outcome}`);
      return;
    }
    const outcome = await runtime.enqueue(context, {
      kind: RERUN_JOB,
      // Two presses of Re-run on one commit while the first waits: one run does.
      supersedeKey: `check-rerun:${request.headSha}`,
      idempotencyKey: `check-rerun:${repo}:${context.id}`,
      data: { mode: "commit", headSha: request.headSha },
    });
    context.log.debug(`check run re-run: push sync of ${short} ${outcome}`);
  };

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
          log: {
            info: (fields, message) => context.log.info(fields, message),
            warn: (message) => context.log.warn(message),
          },
          reads,
          plansAt: plansAt(context, gateway, config.config),
          progressIntervalMs: options.progressIntervalMs,
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
          log: {
            info: (m) => context.log.info(m),
            warn: (m) => context.log.warn(m),
            record: (fields, m) => context.log.info(fields, m),
          },
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

  return handler;
}
