import { SettingsError } from "../server/server-settings.js";

/** How often, and how far back, the App looks for deliveries GitHub failed to make. */
export interface RedeliverySettings {
  /** 0: never (redelivery off). */
  intervalMs: number;
  lookbackMs: number;
}

export const DEFAULT_REDELIVERY_INTERVAL_MINUTES = 10;
export const DEFAULT_REDELIVERY_LOOKBACK_HOURS = 24;
/** GitHub keeps an App's deliveries (and lets them be redelivered) for 3 days. */
export const MAX_REDELIVERY_LOOKBACK_HOURS = 72;

/**
 * PLAN_SYNC_REDELIVERY_INTERVAL_MINUTES (default 10; 0 turns it off) and
 * PLAN_SYNC_REDELIVERY_LOOKBACK_HOURS (default 24, at most 72). A bad value
 * stops the start with a message naming the variable.
 */
export function readRedeliverySettings(env: NodeJS.ProcessEnv): RedeliverySettings {
  const minutes = number(env, "PLAN_SYNC_REDELIVERY_INTERVAL_MINUTES", DEFAULT_REDELIVERY_INTERVAL_MINUTES);
  if (minutes < 0 || minutes > 24 * 60) {
    throw new SettingsError(
      `PLAN_SYNC_REDELIVERY_INTERVAL_MINUTES must be a number of minutes from 0 (off) to 1440, got "${env.PLAN_SYNC_REDELIVERY_INTERVAL_MINUTES}"`,
    );
  }
  const hours = number(env, "PLAN_SYNC_REDELIVERY_LOOKBACK_HOURS", DEFAULT_REDELIVERY_LOOKBACK_HOURS);
  if (hours <= 0 || hours > MAX_REDELIVERY_LOOKBACK_HOURS) {
    throw new SettingsError(
      `PLAN_SYNC_REDELIVERY_LOOKBACK_HOURS must be a number of hours above 0 and at most ${MAX_REDELIVERY_LOOKBACK_HOURS} (GitHub keeps deliveries 3 days), got "${env.PLAN_SYNC_REDELIVERY_LOOKBACK_HOURS}"`,
    );
  }
  return { intervalMs: Math.round(minutes * 60_000), lookbackMs: Math.round(hours * 3_600_000) };
}

function number(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new SettingsError(`${name} must be a number, got "${raw}"`);
  return value;
}
