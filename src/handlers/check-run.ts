import type { Context } from "probot";
import { appRuntime, repoKey, type AppRuntime } from "../app/app-runtime.js";
import { ReportedError } from "../app/reported-error.js";
import type { PlanSyncConfig } from "../config/config-schema.js";
import type { Gateway } from "../github/gateway.js";
import { createAppIdReader, type AppIdReader } from "../check-run-rerun/own-app-id.js";
import { rerunPushSync, type PlansAtRef } from "../check-run-rerun/rerun-push-sync.js";
import { createRerunReads, type RerunReads, type RerunReadsOctokit } from "../check-run-rerun/rerun-reads.js";
import { readRerunRequest, type CheckRunPayload } from "../check-run-rerun/rerun-request.js";
import { rerunWriteBack } from "../check-run-rerun/rerun-write-back.js";
import { configErrorOutput } from "../push-sync/failure-output.js";
import { findAllPlans } from "../push-sync/find-all-plans.js";
import { octokitTreeReader, withGitTree } from "../push-sync/git-tree.js";
import { refreshFromContext } from "../pull-request/refresh-from-context.js";
import { statusSchedulerFor } from "./pull-request.js";

type CheckRunContext = Context<"check_run.rerequested">;

export interface CheckRunHandlerOptions {
  /** Shared queue, pacers, identity and config (default `appRuntime`). */
  runtime?: AppRuntime;
  /** Which App we are; default: asked of the event's Octokit, which knows without a request. */
  appId?: AppIdReader;
  reads?: (context: CheckRunContext) => RerunReads;
  progressIntervalMs?: number;
}

export interface CheckRunHandler {
  (context: CheckRunContext): Promise<void>;
  /** Resolves once every queued re-run has finished (tests, shutdown). */
  idle(): Promise<void>;
}

/**
 * check_run.rerequested ("Re-run" on one of plan-sync's check runs) → the
 * work that check reported, done again now:
 * - `plan-sync` on a pull request's head → that PR's status comment and a new check run;
 * - `plan-sync` on a commit of the default branch → that commit's push sync,
 *   every plan reconciled in full, and a new check run whatever the outcome;
 * - `plan-sync/write-back` → the write-back of the plan it was about.
 * Only guards and queues here: GitHub gets its answer at once. A redelivery
 * (same delivery id) is skipped by the queue.
 */
export function createCheckRunHandler(options: CheckRunHandlerOptions = {}): CheckRunHandler {
  const runtime = options.runtime ?? appRuntime;
  const appId = options.appId ?? createAppIdReader();
  const scheduler = statusSchedulerFor(runtime);
  const readsFor =
    options.reads ??
    ((context: CheckRunContext) => createRerunReads(context.octokit as unknown as RerunReadsOctokit, context.repo()));

  const refreshPullRequests = (context: CheckRunContext, numbers: readonly number[]): void => {
    const repo = repoKey(context);
    for (const number of numbers) {
      const outcome = scheduler.schedule({
        repo,
        prNumber: number,
        idempotencyKey: `pr-status:rerun:${repo}#${number}:${context.id}`,
        // A fresh check run on the head, and the comment brought up to date.
        options: { checkRun: true, mayHaveComment: true },
        run: async (merged) => {
          await refreshFromContext(context, number, merged, runtime);
        },
      });
      context.log.debug(`check run re-run: status of PR #${number} ${outcome}`);
    }
  };

  const handler = async (context: CheckRunContext): Promise<void> => {
    const payload = context.payload as unknown as CheckRunPayload;
    const id = await appId(context.octokit);
    const request = readRerunRequest(payload, id ?? NaN);
    if (request.kind === "ignore") {
      context.log.debug(`check_run.rerequested: ignored, ${request.reason}`);
      return;
    }
    if (request.kind === "sync" && request.pullRequests.length > 0) {
      refreshPullRequests(context, request.pullRequests);
      return;
    }
    const repo = repoKey(context);
    const short = request.headSha.slice(0, 7);
    if (request.kind === "write-back") {
      const outcome = runtime.kept.enqueue({
        repo,
        idempotencyKey: `check-rerun:${repo}:${context.id}`,
        name: `re-run of write-back check on ${short}`,
        run: () => runWriteBack(context, request.headSha, request.pullRequest),
      });
      context.log.debug(`check run re-run: write-back ${outcome}`);
      return;
    }
    const outcome = runtime.queue.enqueue({
      repo,
      // Two presses of Re-run on one commit while the first waits: one run does.
      supersedeKey: `check-rerun:${request.headSha}`,
      idempotencyKey: `check-rerun:${repo}:${context.id}`,
      name: `re-run of push sync ${short}`,
      run: () => runCommit(context, request.headSha),
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
      refreshPullRequests(context, numbers);
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

  return Object.assign(handler, { idle: () => runtime.queue.onIdle() });
}

/** The instance src/index.ts wires to check_run.rerequested. */
export const handleCheckRun: CheckRunHandler = createCheckRunHandler();
