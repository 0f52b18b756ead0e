import type { ParseConfigResult } from "../config/parse-config.js";
import type { Gateway } from "../github/gateway.js";
import { installationIdentity } from "../github/octokit-options.js";
import { createOctokitGateway, type GatewayOctokit } from "../github/octokit-gateway.js";
import { sharedWritePacers, type WritePacer, type WritePacerRegistry } from "../github/write-pacer.js";
import { RepoQueue, type QueueLog } from "../queue/repo-queue.js";
import { createAppIdentityResolver, type AppIdentityOctokit, type AppIdentityResolver } from "./app-identity.js";
import { ConfigCache, type ConfigContext } from "./config-cache.js";
import { KeptJobs } from "./kept-jobs.js";
import { pacedGateway } from "./paced-gateway.js";
import { ReportedError } from "./reported-error.js";

/** The slice of a Probot context the runtime reads; every plan-sync event context fits. */
export interface RuntimeContext extends ConfigContext {
  octokit: unknown;
  repo(): { owner: string; repo: string };
  payload: { installation?: { id: number } | null; repository: { html_url: string } };
}

export interface AppRuntimeOptions {
  queue?: RepoQueue;
  pacers?: WritePacerRegistry;
  resolveIdentity?: AppIdentityResolver;
  configCache?: ConfigCache;
}

/**
 * What every plan-sync handler shares within one process, so the handlers
 * (push, issues, pull_request) cannot disagree:
 * - `queue`: ONE RepoQueue, so a push sync and a write-back of the same
 *   repository never run at the same time; `kept` puts jobs on it that a
 *   shutdown must finish rather than drop (write-back, PR status);
 * - `pacer(context)`: ONE WritePacer per installation, because GitHub counts
 *   content writes per installation, not per handler;
 * - `identity(context)`: the App's `<slug>[bot]` login, looked up once;
 * - `config(context)`: `.github/plan-sync.yml`, validated (and cached, see ConfigCache);
 * - `gateway(context)`: the Gateway for the event's repository, with ETags
 *   shared per installation; `pacedGateway(context)` the same with every
 *   write taking a slot of the installation's pacer first.
 * Handlers take it as an option (tests pass their own) and default to `appRuntime`.
 */
export class AppRuntime {
  readonly queue: RepoQueue;
  readonly kept: KeptJobs;
  private readonly pacers: WritePacerRegistry;
  private readonly resolveIdentity: AppIdentityResolver;
  private readonly configs: ConfigCache;

  constructor(opts: AppRuntimeOptions = {}) {
    const log: QueueLog = {
      // A ReportedError was logged, with its context, by the handler that threw it.
      error: (error, message) => {
        if (!(error instanceof ReportedError)) console.error(message, error);
      },
    };
    this.queue = opts.queue ?? new RepoQueue({ log });
    this.kept = new KeptJobs(this.queue, log);
    this.pacers = opts.pacers ?? sharedWritePacers;
    this.resolveIdentity = opts.resolveIdentity ?? createAppIdentityResolver();
    this.configs = opts.configCache ?? new ConfigCache();
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

  /**
   * Shutdown: push syncs not started are dropped (the next push redoes
   * them), the running job finishes, then the kept jobs the queue had not
   * started run. Resolves when all of that is done.
   */
  drain(): Promise<{ dropped: number }> {
    return this.kept.drain();
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

/** `owner/repo`, lower-cased as GitHub compares it. */
export function repoKey(context: Pick<RuntimeContext, "repo">): string {
  const { owner, repo } = context.repo();
  return `${owner}/${repo}`.toLowerCase();
}

/** The instance the production handlers share. */
export const appRuntime = new AppRuntime();
