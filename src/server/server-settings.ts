import { DEFAULT_CONCURRENCY, type ConcurrencyLimits } from "../queue/job-queue.js";
import { parseRetryDelays, defaultRetryPolicy, RETRY_DELAYS_ENV, type RetryPolicy } from "../queue/retry-policy.js";

/**
 * plan-sync's own server settings, read from the environment once at start-up.
 * Probot reads its own (APP_ID, PRIVATE_KEY, WEBHOOK_SECRET, PORT, ...); this
 * only adds what Probot does not check. Bad values stop the start with a
 * message naming the variable, rather than running misconfigured.
 */

export interface ServerSettings {
  /** How long a SIGTERM waits for in-flight work before exiting anyway. */
  shutdownTimeoutMs: number;
  /** PLAN_SYNC_DATA_DIR: where the job store lives (a Docker volume in production). */
  dataDir: string;
  /** PLAN_SYNC_CONCURRENCY, PLAN_SYNC_INSTALLATION_CONCURRENCY. */
  concurrency: ConcurrencyLimits;
  /** PLAN_SYNC_RETRY_DELAYS. */
  retry: RetryPolicy;
}

export const DEFAULT_DATA_DIR = "./.plan-sync";

export class SettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SettingsError";
  }
}

/** Under Docker's default 10 s stop grace period, so we exit before SIGKILL. */
export const DEFAULT_SHUTDOWN_TIMEOUT_SECONDS = 8;

export function readServerSettings(env: NodeJS.ProcessEnv): ServerSettings {
  // Probot falls back to the public secret "development" when WEBHOOK_SECRET
  // is unset, which would let anyone forge deliveries to a production server.
  if (env.NODE_ENV === "production" && !env.WEBHOOK_SECRET) {
    throw new SettingsError(
      "WEBHOOK_SECRET is not set. In production it is required: without it anyone could send forged webhooks. " +
        "Set it to the webhook secret configured in the GitHub App's settings.",
    );
  }
  const rawTimeout = env.PLAN_SYNC_SHUTDOWN_TIMEOUT_SECONDS;
  let seconds = DEFAULT_SHUTDOWN_TIMEOUT_SECONDS;
  if (rawTimeout !== undefined && rawTimeout.trim() !== "") {
    seconds = Number(rawTimeout);
    if (!Number.isFinite(seconds) || seconds < 0) {
      throw new SettingsError(
        `PLAN_SYNC_SHUTDOWN_TIMEOUT_SECONDS must be a number of seconds (0 or more), got "${rawTimeout}"`,
      );
    }
  }
  const dataDir = env.PLAN_SYNC_DATA_DIR?.trim() ? env.PLAN_SYNC_DATA_DIR : DEFAULT_DATA_DIR;
  const retryRaw = env[RETRY_DELAYS_ENV];
  let retry = defaultRetryPolicy;
  if (retryRaw !== undefined && retryRaw.trim() !== "") {
    try {
      retry = { delaysMs: parseRetryDelays(retryRaw) };
    } catch (error) {
      throw new SettingsError((error as Error).message);
    }
  }
  return {
    shutdownTimeoutMs: Math.round(seconds * 1000),
    dataDir,
    concurrency: {
      global: positiveInteger(env, "PLAN_SYNC_CONCURRENCY", DEFAULT_CONCURRENCY.global),
      perInstallation: positiveInteger(env, "PLAN_SYNC_INSTALLATION_CONCURRENCY", DEFAULT_CONCURRENCY.perInstallation),
    },
    retry,
  };
}

function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new SettingsError(`${name} must be a whole number of 1 or more, got "${raw}"`);
  return value;
}
