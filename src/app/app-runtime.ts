import type { Log } from "../log/log.js";
import { Context, type Probot } from "probot";
import type { ParseConfigResult } from "../config/parse-config.js";
import type { Gateway } from "../github/gateway.js";
import { installationIdentity } from "../github/octokit-options.js";
import { createOctokitGateway, type GatewayOctokit } from "../github/octokit-gateway.js";
import { sharedWritePacers, type WritePacer, type WritePacerRegistry } from "../github/write-pacer.js";
import type {
  EnqueueOutcome,
  JobOutcome,
  JobQueue,
  JobSpec,
  Json,
  StoredJob,
  SupersedeMerge,
} from "../queue/job-queue.js";
import { classifyFailure, describeRetry, nextRetryAt } from "../queue/retry-policy.js";
import { defaultRetryPolicy, type RetryPolicy } from "../config/settings.js";
import { createAppIdentityResolver, type AppIdentityOctokit, type AppIdentityResolver } from "./app-identity.js";
import { ConfigCache, type ConfigContext } from "./config-cache.js";
import { pacedGateway } from "./paced-gateway.js";
import { ReportedError } from "./reported-error.js";

/** The slice of a Probot context the runtime reads; every plan-sync event context fits. */
export interface RuntimeContext extends ConfigContext {
  octokit: unknown;
  repo(): { owner: string; repo: string };
  payload: { installation?: { id: number } | null; repository: { html_url: string } };
}

/** A webhook as stored in a job: enough to build the same Probot context again after a restart. */
export interface StoredEvent {
  id: string;
  name: string;
  payload: Json;
}

/** What every job's payload holds: the event it came from, and its kind's own data. */
export interface JobPayload<D extends Json = Json> {
  event: StoredEvent;
  data: D;
}

/** What a runner learns besides its job: when a failure would be retried (for the check run to say so). */
export interface RunInfo {
  job: StoredJob;
  /** When this failure will be tried again (epoch ms), or null: it will not (permanent, or retries used up). */
  retryAt(error: unknown): number | null;
  /** Stores new data for this job while it runs: a run resumed after a crash starts from it (JobQueue.save). */
  save(data: Json): Promise<void>;
}

/**
 * Runs one kind of job, from the context rebuilt from its stored event.
 * Returning nothing means done; throwing hands the error to the retry policy.
 */
export type KindRunner<C = Context> = (context: C, data: Json, info: RunInfo) => Promise<JobOutcome | void>;

export interface JobKindDefinition<C = Context> {
  run: KindRunner<C>;
  /** What a job replacing a waiting one of the same supersede key keeps of it (data only; the newest event wins). */
  merge?: (older: Json, newer: Json, olderJob: StoredJob) => { data: Json; runAt?: number };
}

export interface AppRuntimeOptions {
  jobs: JobQueue;
  pacers?: WritePacerRegistry;
  resolveIdentity?: AppIdentityResolver;
  configCache?: ConfigCache;
  retry?: RetryPolicy;
  now?: () => number;
}

export interface EnqueueRequest {
  kind: string;
  /** The repository whose turn the job takes (default: the event's); e.g. the plan repository of a routed issue. */
  repo?: string;
  data: Json;
  idempotencyKey?: string;
  supersedeKey?: string;
  runAt?: number;
  /** Joins the waiting job of `supersedeKey` as an entry (JobSpec.entry): the job keeps its first event; the runner reads `info.job.entries`. */
  entry?: Json;
  /** With `entry`: never postponed past this (JobSpec.runBy). */
  runBy?: number;
}

/**
 * What every plan-sync handler shares within one App (built once, by createApp):
 * - `jobs`: the durable JobQueue; handlers only check an event and `enqueue`
 *   a job, whose kind's runner (`register`) does the work later, from the job
 *   alone: the installation's Octokit is asked of Probot again
 *   (`app.auth(installationId)`), the context rebuilt from the stored event;
 * - `pacer(context)`: ONE WritePacer per installation, because GitHub counts
 *   content writes per installation, not per handler;
 * - `identity(context)`: the App's `<slug>[bot]` login, looked up once;
 * - `config(context)`: `.github/plan-sync.yml`, validated (and cached, see ConfigCache);
 * - `gateway(context)`: the Gateway for the event's repository, with ETags
 *   shared per installation; `pacedGateway(context)` the same with every
 *   write taking a slot of the installation's pacer first.
 */
export class AppRuntime {
  readonly jobs: JobQueue;
  readonly retry: RetryPolicy;
  private readonly pacers: WritePacerRegistry;
  private readonly resolveIdentity: AppIdentityResolver;
  private readonly configs: ConfigCache;
  private readonly kinds = new Map<string, JobKindDefinition>();
  private readonly now: () => number;
  private probot: Probot | null = null;

  constructor(opts: AppRuntimeOptions) {
    this.jobs = opts.jobs;
    this.pacers = opts.pacers ?? sharedWritePacers;
    this.resolveIdentity = opts.resolveIdentity ?? createAppIdentityResolver();
    this.configs = opts.configCache ?? new ConfigCache();
    this.retry = opts.retry ?? defaultRetryPolicy;
    this.now = opts.now ?? Date.now;
  }

  /** The Probot whose `auth(installationId)` gives a job its Octokit. */
  attach(probot: Probot): void {
    this.probot = probot;
  }

  register<C = Context>(kind: string, definition: JobKindDefinition<C>): void {
    if (this.kinds.has(kind)) throw new Error(`job kind ${kind} registered twice`);
    this.kinds.set(kind, definition as unknown as JobKindDefinition);
  }

  /** Stores a job for this event's repository; resolves once it is stored (the webhook may then be answered). */
  enqueue(
    context: RuntimeContext & { id: string; name: string; payload: unknown },
    request: EnqueueRequest,
  ): Promise<EnqueueOutcome> {
    const installationId = context.payload.installation?.id;
    if (installationId === undefined || installationId === null)
      throw new Error(`${context.name} event without an installation: plan-sync only acts as an installed App`);
    const payload: JobPayload = {
      event: { id: context.id, name: context.name, payload: context.payload as Json },
      data: request.data,
    };
    const spec: JobSpec = {
      kind: request.kind,
      repo: (request.repo ?? repoKey(context)).toLowerCase(),
      installationId,
      payload: payload as unknown as Json,
      ...(request.idempotencyKey !== undefined ? { idempotencyKey: request.idempotencyKey } : {}),
      ...(request.supersedeKey !== undefined ? { supersedeKey: request.supersedeKey } : {}),
      ...(request.runAt !== undefined ? { runAt: request.runAt } : {}),
      ...(request.entry !== undefined ? { entry: request.entry } : {}),
      ...(request.runBy !== undefined ? { runBy: request.runBy } : {}),
    };
    return this.jobs.enqueue(spec);
  }

  /** For the queue: a replacing job keeps what its kind says of the replaced one. */
  readonly merge: SupersedeMerge = (older, newer) => {
    const definition = this.kinds.get(newer.kind);
    const olderPayload = older.payload as unknown as JobPayload;
    const newerPayload = newer.payload as unknown as JobPayload;
    if (!definition?.merge || older.kind !== newer.kind) return { payload: newer.payload };
    const merged = definition.merge(olderPayload.data, newerPayload.data, older);
    return {
      payload: { event: newerPayload.event, data: merged.data } as unknown as Json,
      ...(merged.runAt !== undefined ? { runAt: merged.runAt } : {}),
    };
  };

  /** For the queue: one stored job → its kind's runner, with a context as the webhook's was. */
  readonly run = async (job: StoredJob): Promise<JobOutcome> => {
    const definition = this.kinds.get(job.kind);
    const probot = this.probot;
    if (!definition || !probot) {
      // A job of a kind this version does not know (a downgrade): say so, keep nothing half-done.
      console.error(`plan-sync: no runner for job kind "${job.kind}" (${job.repo}); dropped`);
      return { kind: "failed" };
    }
    const { event, data } = job.payload as unknown as JobPayload;
    const log = probot.log.child({ name: "plan-sync", job: job.kind, repo: job.repo, id: event.id });
    const info: RunInfo = {
      job,
      save: (next) => this.jobs.save(job.id, { event, data: next } as unknown as Json),
      retryAt: (error) =>
        classifyFailure(error instanceof ReportedError ? error.cause : error) === "transient"
          ? nextRetryAt(this.retry, job.attempts, this.now())
          : null,
    };
    let context: Context;
    try {
      const octokit = await probot.auth(job.installationId);
      context = new Context({ id: event.id, name: event.name, payload: event.payload } as never, octokit, log);
    } catch (error) {
      return this.afterFailure(job, info, error, log);
    }
    try {
      return (await definition.run(context, data, info)) ?? { kind: "done" };
    } catch (error) {
      return this.afterFailure(job, info, error, log);
    }
  };

  private afterFailure(job: StoredJob, info: RunInfo, error: unknown, log: Pick<Log, "warn" | "error">): JobOutcome {
    const cause = error instanceof ReportedError ? error.cause : error;
    const at = info.retryAt(error);
    if (at !== null) {
      log.warn(
        { err: cause },
        `${job.kind} ${job.repo} failed on GitHub's side; retrying ${describeRetry(at, this.now())} (attempt ${job.attempts + 2})`,
      );
      return { kind: "retry", runAt: at };
    }
    // A ReportedError was logged, with its context, by the runner that threw it.
    if (!(error instanceof ReportedError))
      log.error({ err: cause }, `${job.kind} ${job.repo} failed; not retried (${failureReason(cause, job)})`);
    return { kind: "failed" };
  }

  identity(context: Pick<RuntimeContext, "octokit">): Promise<string> {
    return this.resolveIdentity(context.octokit as AppIdentityOctokit);
  }

  /** `fresh`: the event says the config file may have changed (a push touching it). */
  config(context: RuntimeContext, opts: { fresh?: boolean } = {}): Promise<ParseConfigResult> {
    return this.configs.load(`${this.installationKey(context)}\n${repoKey(context)}`, context, opts);
  }

  gateway(context: RuntimeContext): Gateway {
    return createOctokitGateway(context.octokit as GatewayOctokit, context.repo(), {
      identity: this.installationKey(context),
    });
  }

  /** For engines that do not pace their own writes (write-back, PR status). */
  pacedGateway(context: RuntimeContext): Gateway {
    return pacedGateway(this.gateway(context), this.pacer(context));
  }

  pacer(context: RuntimeContext): WritePacer {
    return this.pacers.for(this.installationKey(context));
  }

  /** `installation:<id>`: the key GitHub's limits and our caches are per. */
  installationKey(context: Pick<RuntimeContext, "payload">): string {
    const id = context.payload.installation?.id;
    // One definition with the installation's rate limiter id (octokit-options), so caches, pacers and limiter agree.
    return installationIdentity(id ?? "none");
  }
}

function failureReason(error: unknown, job: StoredJob): string {
  const status = (error as { status?: unknown } | null)?.status;
  if (classifyFailure(error) === "transient") return `gave up after ${job.attempts + 1} attempts`;
  return typeof status === "number" ? `GitHub answered ${status}` : "not a GitHub outage";
}

/** `owner/repo`, lower-cased as GitHub compares it. */
export function repoKey(context: Pick<RuntimeContext, "repo">): string {
  const { owner, repo } = context.repo();
  return `${owner}/${repo}`.toLowerCase();
}
