/**
 * plan-sync's own server settings, read from the environment once at start-up.
 * Probot reads its own (APP_ID, PRIVATE_KEY, WEBHOOK_SECRET, PORT, ...); this
 * only adds what Probot does not check. Bad values stop the start with a
 * message naming the variable, rather than running misconfigured.
 */

export interface ServerSettings {
  /** How long a SIGTERM waits for in-flight work before exiting anyway. */
  shutdownTimeoutMs: number;
}

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
  return { shutdownTimeoutMs: Math.round(seconds * 1000) };
}
