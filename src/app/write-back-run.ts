import type { Context } from "probot";
import type { Json } from "../queue/job-queue.js";
import { CONFIG_PATH } from "../config/config-path.js";
import type { PlanSyncConfig } from "../config/config-schema.js";
import { matchesPlanPaths } from "../config/matches-plan-paths.js";
import type { CountedIssue } from "../write-back/desired-from-issues.js";
import type { WriteBackDone, WriteBackFailure } from "../write-back/failure-comment.js";
import { noticeFailure, noticeWritten, type WriteBackNoticeInput } from "../write-back/failure-notice.js";
import type { UnwrittenIssues } from "../write-back/unwritten-issues.js";
import { followTrackingIssue } from "../write-back/follow-tracking-issue.js";
import { listingKey } from "../sync/issue-listings.js";
import type { ReconciledMemory } from "../sync/reconciled-memory.js";
import { writeBackBurst, type WriteBackBurstResult } from "../write-back/write-back-burst.js";
import { WriteBackConflictError } from "../write-back/write-back-errors.js";
import { repoKey, type AppRuntime } from "./app-runtime.js";
import { openPlanRepository, type PlanRepository } from "./plan-repository.js";

export type IssuesContext = Context<"issues.closed" | "issues.reopened">;

/** One close or reopen in a burst. */
export interface BurstEvent {
  issueNumber: number;
  /** The task and state the event says, for telling the issue why nothing was written when the issues were not read again. */
  task: string;
  done: boolean;
}

/**
 * A write-back job's data: the plan. The burst's events are the job's entries
 * (one stored row each, StoredJob.entries), not part of it.
 */
export interface WriteBackJobData {
  path: string;
  identity: string;
  /** Jobs stored before a burst kept its events as entries carry them here; read them with burstEvents. */
  events?: BurstEvent[];
  /** The plan's repository when the issue is in another one (an area routed here); null: the event's own. */
  planRepo: { owner: string; repo: string } | null;
}

/** Every event of a burst, in order: those an older job carried in its data, then its entries. */
export function burstEvents(data: WriteBackJobData, entries: readonly Json[]): BurstEvent[] {
  return [...(data.events ?? []), ...(entries as unknown as BurstEvent[])];
}

/**
 * One write-back job: the burst's issues (and those of earlier bursts of the
 * plan that could not be written) ticked or unticked in the plan, in one
 * commit, by the write-back feature; what could not be written is said on
 * the issues and remembered for the plan's next write-back.
 */
export async function runBurst(
  runtime: AppRuntime,
  unwritten: UnwrittenIssues,
  key: string,
  context: IssuesContext,
  data: WriteBackJobData,
  events: readonly BurstEvent[],
  memory?: ReconciledMemory,
): Promise<void> {
  const { path } = data;
  const log = context.log;
  // This burst's issues, and those of earlier bursts of the plan that could not be written.
  const issues = burstIssues(events, await unwritten.of(key));
  const home = data.planRepo ? await openPlanRepository(runtime, context, data.planRepo) : null;
  const parsed = home ? home.config : await runtime.config(context);
  if (!parsed.ok) {
    log.warn(`write-back ${path}: ${CONFIG_PATH} is invalid (${parsed.errors.join("; ")}); nothing written`);
    await unwritten.remember(key, issues);
    await noticeFailure(noticeInput(runtime, context, data), issues, { kind: "config", errors: parsed.errors });
    return;
  }
  const { config } = parsed;
  if (home && !routesHere(config, issues, repoKey(context))) {
    // The plan repository no longer routes these tasks here: its own issues (if any) speak for them now.
    log.info(
      `write-back ${path}: ${home.repo.owner}/${home.repo.repo} does not route these tasks to ${repoKey(context)}; nothing written`,
    );
    await unwritten.forget(
      key,
      issues.map((i) => i.number),
    );
    return;
  }
  // Turned off or left out on purpose: nothing failed, and nothing is waiting to be written any more.
  if (!config.writeBack) {
    log.info(`write-back ${path}: writeBack is off in ${CONFIG_PATH}; nothing written`);
    await unwritten.forget(
      key,
      issues.map((i) => i.number),
    );
    return;
  }
  if (!matchesPlanPaths(path, config)) {
    log.info(`write-back ${path}: no longer matched by \`paths\`/\`ignore\` in ${CONFIG_PATH}; nothing written`);
    await unwritten.forget(
      key,
      issues.map((i) => i.number),
    );
    return;
  }
  const planGateway = home ? home.gateway : runtime.pacedGateway(context);
  const planBranch = home ? home.branch : context.payload.repository.default_branch;
  const result = await writeBackBurst({
    // Paced: the commit, the branch and pull request of a protected branch, the check run all count against the installation's write budget, like push sync's.
    gateway: planGateway,
    path,
    branch: planBranch,
    issueNumbers: issues.map((i) => i.number),
    identity: data.identity,
    links: config.links,
    statusWords: config.statusWords,
    log,
    ...(home
      ? { issuesFrom: { gateway: runtime.pacedGateway(context), planRepo: `${home.repo.owner}/${home.repo.repo}` } }
      : {}),
  });
  const counted = new Set(result.issues.map((i) => i.number));
  // Issues that no longer speak for a task of this plan (marker moved, task gone) have nothing left to write here.
  await unwritten.forget(
    key,
    issues.filter((i) => !counted.has(i.number) || result.missing.includes(i.task)).map((i) => i.number),
  );
  if (result.status === "refused") {
    const failed = result.issues.filter((i) => !result.missing.includes(i.task));
    await unwritten.remember(key, failed);
    const failure: WriteBackFailure = result.diagnostics
      ? { kind: "plan-errors", diagnostics: result.diagnostics }
      : { kind: "refused", reason: result.reason };
    await noticeFailure(noticeInput(runtime, context, data, home), failed, failure);
    return;
  }
  if (result.status === "committed") {
    try {
      const planRepo = home
        ? home.repo
        : { owner: context.payload.repository.owner.login, repo: context.payload.repository.name };
      const serverUrl = new URL(home ? home.htmlUrl : context.payload.repository.html_url).origin;
      await followTrackingIssue({
        gateway: planGateway,
        planRepo,
        identity: data.identity,
        config,
        path,
        text: result.text,
        branch: planBranch,
        serverUrl,
        log,
        // The listing push sync keeps: one page of the issues updated since its last listing.
        ...(memory
          ? {
              listIssues: () =>
                memory.listings.list(planGateway, data.identity, listingKey(serverUrl, planRepo, data.identity)),
            }
          : {}),
      });
    } catch (error) {
      // The tick is committed; retrying the job would find the plan unchanged. The plan's next push brings the tracking issue in line.
      log.warn(
        `write-back ${path}: the tracking issue was not updated (${error instanceof Error ? error.message : String(error)}); the plan's next push updates it`,
      );
    }
  }
  const wasUnwritten = new Set((await unwritten.forget(key, counted)).map((i) => i.number));
  const written = result.issues.filter((i) => wasUnwritten.has(i.number) && !result.missing.includes(i.task));
  if (written.length > 0) await noticeWritten(noticeInput(runtime, context, data, home), written, writtenAs(result));
}

/** Latest word per issue: an earlier unwritten state, then this burst's events in order. */
export function burstIssues(items: readonly BurstEvent[], earlier: readonly CountedIssue[]): CountedIssue[] {
  const byNumber = new Map(earlier.map((i) => [i.number, i]));
  for (const item of items)
    byNumber.set(item.issueNumber, { number: item.issueNumber, task: item.task, done: item.done });
  return [...byNumber.values()].sort((a, b) => a.number - b.number);
}

/** Every task of the burst belongs to an area the plan repository's config routes to `eventRepo`. */
function routesHere(config: PlanSyncConfig, issues: readonly CountedIssue[], eventRepo: string): boolean {
  return issues.every((i) => {
    const area = /^[A-Za-z]+/.exec(i.task)?.[0]?.toUpperCase() ?? "";
    return config.areas[area]?.repo?.toLowerCase() === eventRepo;
  });
}

export function noticeInput(
  runtime: AppRuntime,
  context: IssuesContext,
  data: WriteBackJobData,
  home: PlanRepository | null = null,
): WriteBackNoticeInput {
  return {
    // The notice is a comment on the issue, in the event's repository; its links point at the plan's.
    gateway: runtime.pacedGateway(context),
    identity: data.identity,
    repoUrl: home ? home.htmlUrl : context.payload.repository.html_url,
    branch: home ? home.branch : context.payload.repository.default_branch,
    path: data.path,
    log: context.log,
  };
}

export function gaveUp(error: unknown): WriteBackFailure {
  if (error instanceof WriteBackConflictError) return { kind: "gave-up", cause: "conflicts" };
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number"
    ? { kind: "gave-up", cause: "github", status }
    : { kind: "gave-up", cause: "github" };
}

function writtenAs(result: Exclude<WriteBackBurstResult, { status: "refused" }>): WriteBackDone {
  if (result.status === "committed") return { kind: "committed", commitSha: result.commitSha };
  if (result.status === "pull-request")
    return { kind: "pull-request", number: result.pullRequest.number, url: result.pullRequest.htmlUrl };
  return { kind: "unchanged" };
}
