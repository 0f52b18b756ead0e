import type { ApplicationFunction, ApplicationFunctionOptions, Probot } from "probot";
import { readSettings, type RetryPolicy, type ServerSettings } from "../config/settings.js";
import { RedisWritePacerRegistry } from "../github/redis-write-pacer.js";
import { WritePacerRegistry } from "../github/write-pacer.js";
import { createCheckRunHandler, type CheckRunHandler, type CheckRunHandlerOptions } from "../handlers/check-run.js";
import { createIssueCommentHandler } from "../handlers/issue-comment.js";
import { createIssuesHandler, type IssuesHandler } from "../handlers/issues.js";
import { createIssueGoneHandler, type IssueGoneHandler } from "../handlers/issue-gone.js";
import { createPullRequestHandler } from "../handlers/pull-request.js";
import { createPushHandler, type PushHandler } from "../handlers/push.js";
import { wireEvents } from "../index.js";
import { closePlanParser, usePlanParseLimits } from "../parse-worker/plan-parser.js";
import { RedisLookLock } from "../redelivery/redis-look-lock.js";
import { startRedelivery } from "../redelivery/start-redelivery.js";
import { ReconciledMemory } from "../sync/reconciled-memory.js";
import type { JobQueue, StopResult, SupersedeMerge } from "../queue/job-queue.js";
import { openJobQueue } from "../queue/open-job-queue.js";
import { exitOnSignals, GracefulShutdown } from "../server/graceful-shutdown.js";
import { createHealthRoute } from "../server/health-route.js";
import { mountRoute } from "../server/mount-route.js";
import type { On } from "../server/subscribed-events.js";
import type { AppIdentityResolver } from "./app-identity.js";
import { AppRuntime, type AppRuntimeOptions } from "./app-runtime.js";
import type { ConfigCache } from "./config-cache.js";
import { PeriodicTasks, type PeriodicTask } from "./periodic-tasks.js";
import { createPushScheduler } from "./push-scheduler.js";
import { createRerunScheduler, type RerunSchedulerOptions } from "./rerun-scheduler.js";
import { createStatusScheduler } from "./status-scheduler.js";
import { createWriteBackScheduler, type WriteBackSchedulerOptions } from "./write-back-scheduler.js";

/** The handler of each event plan-sync reacts to (src/index.ts wires them). */
export interface PlanSyncHandlers {
  push: PushHandler;
  issues: IssuesHandler;
  issueGone: IssueGoneHandler;
  pullRequest: ReturnType<typeof createPullRequestHandler>;
  issueComment: ReturnType<typeof createIssueCommentHandler>;
  checkRun: CheckRunHandler;
}

export interface CreateAppOptions {
  /** Where settings come from (default process.env): PLAN_SYNC_DATA_DIR, PLAN_SYNC_RETRY_DELAYS, … */
  env?: NodeJS.ProcessEnv;
  /** Settings already read (else from `env`; a bad value throws SettingsError). */
  settings?: ServerSettings;
  /** The job queue, given the runtime's supersede merge (default: openJobQueue on the settings). */
  jobs?: (merge: SupersedeMerge) => JobQueue;
  /** Tests that need to wrap what the runtime hands out (e.g. hold a gateway call). */
  runtime?: (options: AppRuntimeOptions) => AppRuntime;
  pacers?: WritePacerRegistry;
  resolveIdentity?: AppIdentityResolver;
  configCache?: ConfigCache;
  retry?: RetryPolicy;
  writeBack?: WriteBackSchedulerOptions;
  checkRun?: Pick<CheckRunHandlerOptions, "appId"> & Pick<RerunSchedulerOptions, "reads">;
  progressIntervalMs?: number;
  memory?: ReconciledMemory;
}

export interface PlanSyncApp {
  /** What Probot loads (`probot.load`, `run`). */
  readonly app: ApplicationFunction;
  readonly runtime: AppRuntime;
  readonly jobs: JobQueue;
  readonly handlers: PlanSyncHandlers;
  readonly settings: ServerSettings;
  /**
   * The installations' write pacers (in Redis with REDIS_URL): hand them to the
   * Octokit class (`createProbotOctokit({ pacers })`) so every write the client
   * sends, retries included, is paced and GitHub's refusals adapt the rate.
   */
  readonly pacers: WritePacerRegistry;
  /** Work on the App's own clock, started with it (e.g. redelivering failed webhook deliveries). */
  every(task: PeriodicTask): void;
  /** Resolves when no job is stored any more (tests). */
  idle(): Promise<void>;
  /** Delayed jobs (burst windows, retries) run now; resolves when all is done (tests). */
  flush(): Promise<void>;
  /** Starts no more jobs and periodic runs; waits up to `timeoutMs` for running ones; closes the store. */
  stop(timeoutMs?: number): Promise<StopResult>;
}

/**
 * The composition root: builds the job queue, the runtime, the handlers and
 * the periodic tasks once, for one App. Handlers only check an event and
 * store a job; the queue runs jobs with the runtime's runners. Production
 * (src/index.ts, `npm start`) and tests build the App through here alike.
 */
export function createApp(options: CreateAppOptions = {}): PlanSyncApp {
  // Every setting is read (and a bad one stops the start) here, before anything opens.
  const settings = options.settings ?? readSettings(options.env ?? process.env);
  const redelivery = settings.redelivery;
  usePlanParseLimits(settings.parse);
  let runtime: AppRuntime | null = null;
  const merge: SupersedeMerge = (older, newer) => (runtime as AppRuntime).merge(older, newer);
  const jobs = options.jobs ? options.jobs(merge) : openJobQueue(settings, merge);
  // Several replicas share the installation's write budget in Redis; one instance keeps it in memory.
  const sharedPacers =
    !options.pacers && settings.redis
      ? new RedisWritePacerRegistry(settings.redis.url, { prefix: settings.redis.prefix })
      : null;
  const pacers = options.pacers ?? sharedPacers ?? new WritePacerRegistry();
  let lookLock: RedisLookLock | null = null;
  const runtimeOptions: AppRuntimeOptions = {
    jobs,
    retry: options.retry ?? settings.retry,
    pacers,
    ...(options.resolveIdentity ? { resolveIdentity: options.resolveIdentity } : {}),
    ...(options.configCache ? { configCache: options.configCache } : {}),
  };
  runtime = options.runtime ? options.runtime(runtimeOptions) : new AppRuntime(runtimeOptions);
  const rt = runtime;

  // Handlers check an event and hand it to a scheduler; the schedulers own the jobs: windows, merges, retries, runs.
  const progress = options.progressIntervalMs !== undefined ? { progressIntervalMs: options.progressIntervalMs } : {};
  const scheduler = createStatusScheduler(rt);
  // One memory of reconciled plans and listed issues: push syncs and write-backs (finding the tracking issue) use it,
  // an issue deleted or transferred clears it.
  const memory = options.memory ?? new ReconciledMemory();
  const pushes = createPushScheduler(rt, { ...progress, memory });
  const writeBacks = createWriteBackScheduler(rt, {
    windowMs: settings.writeBackWindowMs,
    memory,
    ...options.writeBack,
  });
  const reruns = createRerunScheduler(rt, scheduler, {
    ...progress,
    ...(options.checkRun?.reads ? { reads: options.checkRun.reads } : {}),
  });
  const handlers: PlanSyncHandlers = {
    push: createPushHandler({ runtime: rt, scheduler: pushes }),
    issues: createIssuesHandler({ runtime: rt, scheduler: writeBacks }),
    issueGone: createIssueGoneHandler({ runtime: rt, memory }),
    pullRequest: createPullRequestHandler({ scheduler }),
    issueComment: createIssueCommentHandler({ scheduler }),
    checkRun: createCheckRunHandler({
      scheduler: reruns,
      ...(options.checkRun?.appId ? { appId: options.checkRun.appId } : {}),
    }),
  };
  const periodic = new PeriodicTasks();
  let stopping: Promise<StopResult> | null = null;

  const stop = (timeoutMs = settings.shutdownTimeoutMs): Promise<StopResult> => {
    stopping ??= (async () => {
      const [result] = await Promise.all([jobs.stop(timeoutMs), periodic.stop()]);
      await jobs.close();
      sharedPacers?.close();
      lookLock?.close();
      // Nothing parses any more: end the parse worker threads.
      await closePlanParser();
      return result;
    })();
    return stopping;
  };

  const app: ApplicationFunction = async (probot: Probot, appOptions: ApplicationFunctionOptions) => {
    rt.attach(probot);
    const shutdown = new GracefulShutdown({ timeoutMs: settings.shutdownTimeoutMs, log: probot.log });
    wireEvents(trackedBy(probot, shutdown), handlers);
    const served = mountRoute(
      appOptions,
      createHealthRoute(
        () => shutdown.stopping,
        () => jobs.stats(),
      ),
    );
    // Every stored job (a crash left some) resumes now, in order per repository.
    await jobs.start(rt.run);
    periodic.start(probot);
    if (served) {
      shutdown.onDrain(async () => {
        // Deliveries in flight are stored by now. The running jobs finish, or stay
        // stored for the next start; waiting and delayed jobs stay stored.
        const { interrupted, left } = await stop(Math.max(0, settings.shutdownTimeoutMs - 250));
        if (interrupted + left > 0)
          probot.log.info(`shutdown: ${interrupted} running and ${left} waiting job(s) kept for the next start`);
      });
      // Webhooks GitHub failed to deliver (the server was down, say): asked for again at start and then periodically.
      // Replicas sharing a Redis take turns: two looks at once would both ask for the same deliveries.
      if (settings.redis && redelivery.intervalMs > 0)
        lookLock = new RedisLookLock(settings.redis.url, { prefix: settings.redis.prefix });
      startRedelivery(probot, redelivery, shutdown, lookLock ?? undefined);
      exitOnSignals(shutdown, probot.log);
    }
  };

  return {
    app,
    runtime: rt,
    jobs,
    handlers,
    settings,
    pacers,
    every: (task) => periodic.add(task),
    idle: () => jobs.onIdle(),
    flush: async () => {
      // A job may store another (a retry, a burst): promote until nothing is left.
      for (;;) {
        await jobs.promoteDelayed();
        const stats = await jobs.stats();
        if (stats.waiting + stats.delayed + stats.running === 0) return;
        await Promise.race([jobs.onIdle(), new Promise((r) => setTimeout(r, 10))]);
      }
    },
    stop,
  };
}

/** Every handler runs inside the shutdown tracker, so SIGTERM waits for its job to be stored. */
function trackedBy(probot: Probot, shutdown: GracefulShutdown): On {
  return ((event: Parameters<On>[0], handler: (context: unknown) => unknown) =>
    probot.on(event, (context) => shutdown.run(async () => handler(context)))) as On;
}
