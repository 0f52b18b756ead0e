import type { Context } from "probot";
import { repoKey, type AppRuntime, type RunInfo } from "../app/app-runtime.js";
import { CONFIG_PATH } from "../app/config-cache.js";
import { openPlanRepository, type PlanRepository } from "../app/plan-repository.js";
import type { PlanSyncConfig } from "../config/config-schema.js";
import { matchesPlanPaths } from "../config/matches-plan-paths.js";
import { parseMarker } from "../render/marker.js";
import { isSameLogin } from "../sync/managed-issues.js";
import type { Json } from "../queue/job-queue.js";
import { describeRetry, nextRetryAt } from "../queue/retry-policy.js";
import type { CountedIssue } from "../write-back/desired-from-issues.js";
import type { WriteBackDone, WriteBackFailure } from "../write-back/failure-comment.js";
import { noticeFailure, noticeWritten, type WriteBackNoticeInput } from "../write-back/failure-notice.js";
import type { WriteBackLogger } from "../write-back/logger.js";
import { UnwrittenIssues } from "../write-back/unwritten-issues.js";
import { writeBackBurst, type WriteBackBurstResult } from "../write-back/write-back-burst.js";
import { WriteBackConflictError } from "../write-back/write-back-errors.js";
import { DEFAULT_WRITE_BACK_WINDOW_MS } from "../config/settings.js";

export const WRITE_BACK_JOB = "write-back";

type IssuesContext = Context<"issues.closed" | "issues.reopened">;

export interface IssuesHandlerOptions {
  /** The App's runtime (createApp builds it). */
  runtime: AppRuntime;
  /** Events for one plan within this quiet time become one commit. Default 3 s, or PLAN_SYNC_WRITE_BACK_WINDOW_MS. */
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
}

export type IssuesHandler = (context: IssuesContext) => Promise<void>;

/** One close or reopen in a burst. */
interface BurstEvent {
  issueNumber: number;
  /** The task and state the event says, for telling the issue why nothing was written when the issues were not read again. */
  task: string;
  done: boolean;
}

/** A write-back job's data: the plan, and every event of its burst so far. */
interface WriteBackJobData {
  path: string;
  identity: string;
  events: BurstEvent[];
  /** The burst is written by then at the latest (epoch ms). */
  deadline: number;
  /** The plan's repository when the issue is in another one (an area routed here); null: the event's own. */
  planRepo: { owner: string; repo: string } | null;
}

/**
 * issues.closed / issues.reopened → tick / untick the task in its plan.
 * The handler only validates and stores a `write-back` job delayed by the
 * burst window; an event for the same plan while it waits joins it (one
 * commit), so a crash inside the window loses nothing: the stored job holds
 * the burst's events. It runs on the App's queue, after any push sync of the
 * repository. A close or reopen that cannot be written (plan errors, invalid
 * config, retries exhausted) is said on the issue (noticeFailure) and
 * remembered, so the plan's next write-back carries it.
 */
export function createIssuesHandler(options: IssuesHandlerOptions): IssuesHandler {
  const { runtime } = options;
  const now = options.now ?? Date.now;
  const windowMs = options.windowMs ?? DEFAULT_WRITE_BACK_WINDOW_MS;
  const maxWaitMs = options.maxWaitMs ?? windowMs * 10;
  const legacyRetries = options.retryDelayMs !== undefined || options.maxRetries !== undefined;
  const retryDelayMs = options.retryDelayMs ?? 30_000;
  const maxRetries = options.maxRetries ?? 3;
  const unwritten = new UnwrittenIssues(runtime.jobs);

  const retryAt = (error: unknown, info: RunInfo): number | null => {
    const attempt = info.job.attempts;
    if (legacyRetries) return attempt >= maxRetries ? null : now() + retryDelayMs * 2 ** attempt;
    // Someone committed to the plan meanwhile, again and again: worth another try later too.
    if (error instanceof WriteBackConflictError) return nextRetryAt(runtime.retry, attempt, now());
    return info.retryAt(error);
  };

  runtime.register<IssuesContext>(WRITE_BACK_JOB, {
    run: async (context, raw, info) => {
      const data = raw as unknown as WriteBackJobData;
      const key = burstKey(data, repoKey(context));
      try {
        await runBurst(runtime, unwritten, key, context, data);
        return { kind: "done" };
      } catch (error) {
        const at = retryAt(error, info);
        if (at !== null) {
          context.log.warn({ err: error }, `write-back ${data.path} failed; trying again ${describeRetry(at, now())}`);
          return { kind: "retry", runAt: at };
        }
        context.log.error(
          { err: error },
          `write-back ${data.path} failed ${info.job.attempts + 1} times; giving up until one of its issues changes again`,
        );
        const issues = burstIssues(data.events, await unwritten.of(key));
        await unwritten.remember(key, issues);
        await noticeFailure(noticeInput(runtime, context, data), issues, gaveUp(error));
        return { kind: "failed" };
      }
    },
    merge: (older, newer) => {
      const o = older as unknown as WriteBackJobData;
      const n = newer as unknown as WriteBackJobData;
      return {
        data: { ...n, events: [...o.events, ...n.events], deadline: o.deadline } as unknown as Json,
        runAt: Math.min(now() + windowMs, o.deadline),
      };
    },
  });

  return async (context: IssuesContext): Promise<void> => {
    const { issue, sender } = context.payload;
    const identity = await runtime.identity(context);
    const where = `#${issue.number}`;
    if (!isSameLogin(issue.user?.login, identity)) {
      context.log.debug(`write-back: ${where} is not an issue of ${identity}; ignored`);
      return;
    }
    const marker = parseMarker(issue.body ?? "");
    if (!marker) {
      context.log.info(`write-back: ${where} has no plan-sync marker; ignored`);
      return;
    }
    if (isSameLogin(sender?.login, identity)) {
      // The app changed the issue because the plan said so: the plan already agrees.
      context.log.debug(`write-back: ${where} was ${context.payload.action} by plan-sync itself; nothing to write`);
      return;
    }
    const done = issue.state === "closed" && issue.state_reason === "completed";
    const at = now();
    const planRepo = routedFrom(marker.repo, repoKey(context));
    const data: WriteBackJobData = {
      path: marker.path,
      identity,
      events: [{ issueNumber: issue.number, task: marker.task, done }],
      deadline: at + maxWaitMs,
      planRepo,
    };
    const outcome = await runtime.enqueue(context, {
      kind: WRITE_BACK_JOB,
      // Serialized with the plan repository's push syncs and write-backs, wherever the issue is.
      ...(planRepo ? { repo: `${planRepo.owner}/${planRepo.repo}`.toLowerCase() } : {}),
      // One burst per plan (and per repository its issues are in: a burst reads its issues from one): events for it while it waits join it.
      supersedeKey: `write-back:${planRepo ? `${marker.path}\u0000${repoKey(context)}` : marker.path}`,
      idempotencyKey: `issues:${context.id}`,
      runAt: at + windowMs,
      data: data as unknown as Json,
    });
    context.log.debug(`write-back: ${where} ${context.payload.action}, ${marker.path} ${outcome}`);
  };
}

async function runBurst(
  runtime: AppRuntime,
  unwritten: UnwrittenIssues,
  key: string,
  context: IssuesContext,
  data: WriteBackJobData,
): Promise<void> {
  const { path } = data;
  const log = loggerOf(context);
  // This burst's issues, and those of earlier bursts of the plan that could not be written.
  const issues = burstIssues(data.events, await unwritten.of(key));
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
  const result = await writeBackBurst({
    // Paced: the commit, the branch and pull request of a protected branch, the check run all count against the installation's write budget, like push sync's.
    gateway: home ? home.gateway : runtime.pacedGateway(context),
    path,
    branch: home ? home.branch : context.payload.repository.default_branch,
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
  const wasUnwritten = new Set((await unwritten.forget(key, counted)).map((i) => i.number));
  const written = result.issues.filter((i) => wasUnwritten.has(i.number) && !result.missing.includes(i.task));
  if (written.length > 0) await noticeWritten(noticeInput(runtime, context, data, home), written, writtenAs(result));
}

/** Latest word per issue: an earlier unwritten state, then this burst's events in order. */
function burstIssues(items: readonly BurstEvent[], earlier: readonly CountedIssue[]): CountedIssue[] {
  const byNumber = new Map(earlier.map((i) => [i.number, i]));
  for (const item of items)
    byNumber.set(item.issueNumber, { number: item.issueNumber, task: item.task, done: item.done });
  return [...byNumber.values()].sort((a, b) => a.number - b.number);
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

/** Every task of the burst belongs to an area the plan repository's config routes to `eventRepo`. */
function routesHere(config: PlanSyncConfig, issues: readonly CountedIssue[], eventRepo: string): boolean {
  return issues.every((i) => {
    const area = /^[A-Za-z]+/.exec(i.task)?.[0]?.toUpperCase() ?? "";
    return config.areas[area]?.repo?.toLowerCase() === eventRepo;
  });
}

function noticeInput(
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
    log: loggerOf(context),
  };
}

function gaveUp(error: unknown): WriteBackFailure {
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

function loggerOf(context: IssuesContext): WriteBackLogger {
  // record: pino takes the fields first, so the write-back's one line arrives as JSON an operator can query, not as prose.
  return {
    info: (m) => context.log.info(m),
    warn: (m) => context.log.warn(m),
    record: (fields, m) => context.log.info(fields, m),
  };
}
