import type { Context } from "probot";
import { appRuntime, repoKey, type AppRuntime } from "../app/app-runtime.js";
import { CONFIG_PATH } from "../app/config-cache.js";
import { openPlanRepository, type PlanRepository } from "../app/plan-repository.js";
import type { PlanSyncConfig } from "../config/config-schema.js";
import { matchesPlanPaths } from "../config/matches-plan-paths.js";
import { parseMarker } from "../render/marker.js";
import { isSameLogin } from "../sync/managed-issues.js";
import { BurstCoalescer, type Timers } from "../write-back/burst-coalescer.js";
import type { CountedIssue } from "../write-back/desired-from-issues.js";
import type { WriteBackDone, WriteBackFailure } from "../write-back/failure-comment.js";
import { noticeFailure, noticeWritten, type WriteBackNoticeInput } from "../write-back/failure-notice.js";
import type { WriteBackLogger } from "../write-back/logger.js";
import { UnwrittenIssues } from "../write-back/unwritten-issues.js";
import { writeBackBurst, type WriteBackBurstResult } from "../write-back/write-back-burst.js";
import { WriteBackConflictError } from "../write-back/write-back-errors.js";

export const DEFAULT_WRITE_BACK_WINDOW_MS = 3000;

type IssuesContext = Context<"issues.closed" | "issues.reopened">;

export interface IssuesHandlerOptions {
  /** Events for one plan within this quiet time become one commit. Default 3 s, or PLAN_SYNC_WRITE_BACK_WINDOW_MS. */
  windowMs?: number;
  timers?: Timers;
  /** A failed write-back (GitHub error, conflicts beyond the retries) is tried again after this, doubling each time. Default 30 s. */
  retryDelayMs?: number;
  /** How many times a failed burst is tried again. Default 3. */
  maxRetries?: number;
  /** Shared queue, pacers, identity and config (default `appRuntime`): a push sync and a write-back of one repository never overlap. */
  runtime?: AppRuntime;
}

export interface IssuesHandler {
  (context: IssuesContext): Promise<void>;
  /** Starts every waiting burst and waiting retry now (graceful shutdown, tests). */
  flush(): void;
  /** Resolves once no burst is waiting and every scheduled write-back has finished (and whatever else the runtime's queue holds: it is shared). */
  idle(): Promise<void>;
  /** Bursts waiting for their window, and failed bursts waiting to be tried again. */
  waiting(): { bursts: number; retries: number };
}

interface BurstItem {
  issueNumber: number;
  context: IssuesContext;
  identity: string;
  path: string;
  /** The task and state the event says, for telling the issue why nothing was written when the issues were not read again. */
  task: string;
  done: boolean;
  /** 0 for the event itself, n for its n-th retry after a failed write. */
  attempt: number;
  /** The plan's repository when the issue is in another one (an area routed here); null: the event's own. */
  planRepo: { owner: string; repo: string } | null;
}

/**
 * issues.closed / issues.reopened → tick / untick the task in its plan.
 * The handler only validates and schedules, so GitHub gets its answer at
 * once; the write happens after the burst window, on the runtime's queue
 * (after any push sync of the repository), as a kept job: a shutdown
 * finishes it rather than drop it. A close or reopen that cannot be written
 * (plan errors, invalid config, retries exhausted) is said on the issue
 * (noticeFailure) and remembered, so the plan's next write-back carries it.
 */
export function createIssuesHandler(options: IssuesHandlerOptions = {}): IssuesHandler {
  const runtime = options.runtime ?? appRuntime;
  const timers: Timers = options.timers ?? {
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  };
  const retryDelayMs = options.retryDelayMs ?? 30_000;
  const maxRetries = options.maxRetries ?? 3;
  /** Retries waiting for their delay, so a shutdown can run them at once instead of waiting. */
  const retries = new Map<unknown, () => void>();
  const unwritten = new UnwrittenIssues();

  const retryLater = async (key: string, items: BurstItem[], error: unknown): Promise<void> => {
    const latest = items[items.length - 1] as BurstItem;
    const attempt = Math.max(...items.map((i) => i.attempt));
    if (attempt >= maxRetries) {
      latest.context.log.error(
        { err: error },
        `write-back ${latest.path} failed ${attempt + 1} times; giving up until one of its issues changes again`,
      );
      const issues = burstIssues(items, unwritten.of(key));
      unwritten.remember(key, issues);
      await noticeFailure(noticeInput(runtime, latest), issues, gaveUp(error));
      return;
    }
    const delay = retryDelayMs * 2 ** attempt;
    latest.context.log.warn(
      { err: error },
      `write-back ${latest.path} failed; trying again in ${Math.round(delay / 1000)} s`,
    );
    const again = () => {
      retries.delete(handle);
      for (const item of items) coalescer.add(key, { ...item, attempt: attempt + 1 });
    };
    const handle = timers.setTimeout(again, delay);
    retries.set(handle, again);
  };

  const coalescer: BurstCoalescer<BurstItem> = new BurstCoalescer<BurstItem>({
    windowMs: options.windowMs ?? windowFromEnv(process.env.PLAN_SYNC_WRITE_BACK_WINDOW_MS),
    timers,
    flush: (key, items) => {
      const latest = items[items.length - 1] as BurstItem;
      runtime.kept.enqueue({
        // Serialized with the plan repository's push syncs and write-backs, wherever the issue is.
        repo: latest.planRepo
          ? `${latest.planRepo.owner}/${latest.planRepo.repo}`.toLowerCase()
          : repoKey(latest.context),
        name: `write-back ${latest.path}`,
        // The latest event's context: its installation token is the freshest.
        run: () => runBurst(runtime, unwritten, key, items).catch((error: unknown) => retryLater(key, items, error)),
      });
    },
  });

  const handler = async (context: IssuesContext): Promise<void> => {
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
    const planRepo = routedFrom(marker.repo, repoKey(context));
    // One burst per plan and per repository its issues are in: a burst reads its issues from one repository.
    const burstKey = planRepo
      ? `${marker.repo?.toLowerCase()}\u0000${marker.path}\u0000${repoKey(context)}`
      : `${repoKey(context)}\u0000${marker.path}`;
    coalescer.add(burstKey, {
      planRepo,
      issueNumber: issue.number,
      context,
      identity,
      path: marker.path,
      task: marker.task,
      done,
      attempt: 0,
    });
  };

  return Object.assign(handler, {
    waiting: () => ({ bursts: coalescer.size, retries: retries.size }),
    flush: () => {
      for (const [handle, again] of [...retries]) {
        timers.clearTimeout(handle);
        again();
      }
      coalescer.flushAll();
    },
    idle: async () => {
      do {
        if (coalescer.size > 0 || retries.size > 0) await new Promise((resolve) => setTimeout(resolve, 5));
        await runtime.kept.onIdle();
      } while (coalescer.size > 0 || retries.size > 0);
    },
  });
}

async function runBurst(
  runtime: AppRuntime,
  unwritten: UnwrittenIssues,
  key: string,
  items: BurstItem[],
): Promise<void> {
  const item = items[items.length - 1] as BurstItem;
  const { context, path } = item;
  const log = loggerOf(context);
  // This burst's issues, and those of earlier bursts of the plan that could not be written.
  const issues = burstIssues(items, unwritten.of(key));
  const home = item.planRepo ? await openPlanRepository(runtime, context, item.planRepo) : null;
  const parsed = home ? home.config : await runtime.config(context);
  if (!parsed.ok) {
    log.warn(`write-back ${path}: ${CONFIG_PATH} is invalid (${parsed.errors.join("; ")}); nothing written`);
    unwritten.remember(key, issues);
    await noticeFailure(noticeInput(runtime, item), issues, { kind: "config", errors: parsed.errors });
    return;
  }
  const { config } = parsed;
  if (home && !routesHere(config, issues, repoKey(context))) {
    // The plan repository no longer routes these tasks here: its own issues (if any) speak for them now.
    log.info(
      `write-back ${path}: ${home.repo.owner}/${home.repo.repo} does not route these tasks to ${repoKey(context)}; nothing written`,
    );
    unwritten.forget(
      key,
      issues.map((i) => i.number),
    );
    return;
  }
  // Turned off or left out on purpose: nothing failed, and nothing is waiting to be written any more.
  if (!config.writeBack) {
    log.info(`write-back ${path}: writeBack is off in ${CONFIG_PATH}; nothing written`);
    unwritten.forget(
      key,
      issues.map((i) => i.number),
    );
    return;
  }
  if (!matchesPlanPaths(path, config)) {
    log.info(`write-back ${path}: no longer matched by \`paths\`/\`ignore\` in ${CONFIG_PATH}; nothing written`);
    unwritten.forget(
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
    identity: item.identity,
    links: config.links,
    statusWords: config.statusWords,
    log,
    ...(home
      ? { issuesFrom: { gateway: runtime.pacedGateway(context), planRepo: `${home.repo.owner}/${home.repo.repo}` } }
      : {}),
  });
  const counted = new Set(result.issues.map((i) => i.number));
  // Issues that no longer speak for a task of this plan (marker moved, task gone) have nothing left to write here.
  unwritten.forget(
    key,
    issues.filter((i) => !counted.has(i.number) || result.missing.includes(i.task)).map((i) => i.number),
  );
  if (result.status === "refused") {
    const failed = result.issues.filter((i) => !result.missing.includes(i.task));
    unwritten.remember(key, failed);
    const failure: WriteBackFailure = result.diagnostics
      ? { kind: "plan-errors", diagnostics: result.diagnostics }
      : { kind: "refused", reason: result.reason };
    await noticeFailure(noticeInput(runtime, item, home), failed, failure);
    return;
  }
  const wasUnwritten = new Set(unwritten.forget(key, counted).map((i) => i.number));
  const written = result.issues.filter((i) => wasUnwritten.has(i.number) && !result.missing.includes(i.task));
  if (written.length > 0) await noticeWritten(noticeInput(runtime, item, home), written, writtenAs(result));
}

/** Latest word per issue: an earlier unwritten state, then this burst's events in order. */
function burstIssues(items: readonly BurstItem[], earlier: readonly CountedIssue[]): CountedIssue[] {
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

/** Every task of the burst belongs to an area the plan repository's config routes to `eventRepo`. */
function routesHere(config: PlanSyncConfig, issues: readonly CountedIssue[], eventRepo: string): boolean {
  return issues.every((i) => {
    const area = /^[A-Za-z]+/.exec(i.task)?.[0]?.toUpperCase() ?? "";
    return config.areas[area]?.repo?.toLowerCase() === eventRepo;
  });
}

function noticeInput(runtime: AppRuntime, item: BurstItem, home: PlanRepository | null = null): WriteBackNoticeInput {
  const { context } = item;
  return {
    // The notice is a comment on the issue, in the event's repository; its links point at the plan's.
    gateway: runtime.pacedGateway(context),
    identity: item.identity,
    repoUrl: home ? home.htmlUrl : context.payload.repository.html_url,
    branch: home ? home.branch : context.payload.repository.default_branch,
    path: item.path,
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

function windowFromEnv(value: string | undefined): number {
  const ms = value === undefined ? NaN : Number(value);
  return Number.isFinite(ms) && ms >= 0 ? ms : DEFAULT_WRITE_BACK_WINDOW_MS;
}

/** The instance src/index.ts wires to issues.closed / issues.reopened. */
export const handleIssueStateChange: IssuesHandler = createIssuesHandler();
