/**
 * The one place plan-sync reads its environment: every `PLAN_SYNC_*`
 * variable, plus REDIS_URL and the production check of WEBHOOK_SECRET.
 * Probot reads its own (APP_ID, PRIVATE_KEY, PORT, LOG_LEVEL, GHE_HOST …);
 * the CLI reads its GitHub ones (GITHUB_TOKEN, GITHUB_REPOSITORY …) as
 * command options. Read once at start-up (createApp): a bad value stops the
 * start with one line naming the variable, rather than running misconfigured
 * or silently on a default. docs/operations.md lists them all. The repository's
 * own settings file is src/config/config-path.ts and parse-config.ts.
 */

export class SettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SettingsError";
  }
}

type Env = Readonly<Record<string, string | undefined>>;

export interface ConcurrencyLimits {
  /** Jobs running at once in this process, all repositories. */
  global: number;
  /** Jobs of one installation running at once: one busy organisation cannot take every slot. */
  perInstallation: number;
}

export const DEFAULT_CONCURRENCY: ConcurrencyLimits = { global: 4, perInstallation: 2 };

export interface RetryPolicy {
  /** Delay before attempt n + 1 (n = attempts already retried); past the end: give up. */
  delaysMs: readonly number[];
}

/** 30 s, 2 min, 10 min, 30 min, 1 h, then every 2 h: about 15 hours in all. */
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [
  30_000, 120_000, 600_000, 1_800_000, 3_600_000, 7_200_000, 7_200_000, 7_200_000, 7_200_000, 7_200_000, 7_200_000,
];

export const RETRY_DELAYS_ENV = "PLAN_SYNC_RETRY_DELAYS";

export const defaultRetryPolicy: RetryPolicy = { delaysMs: DEFAULT_RETRY_DELAYS_MS };

export interface RedisSettings {
  url: string;
  /** PLAN_SYNC_REDIS_PREFIX: one per App sharing a Redis (default `plan-sync`). */
  prefix: string;
  /** PLAN_SYNC_JOB_LEASE_MS: how long a dead replica's job keeps its repository before another replica takes it over. */
  leaseMs: number;
}

/** How often, and how far back, the App looks for deliveries GitHub failed to make. */
export interface RedeliverySettings {
  /** 0: never (redelivery off). */
  intervalMs: number;
  lookbackMs: number;
}

/**
 * How much one plan parse may cost. The defaults fit an honest plan at the
 * 500 kB size cap (remark reads it in 1–2.5 s on a busy 2-core machine) with
 * room to spare, and end a hostile one long before GitHub's 10 s webhook
 * timeout could matter. docs/limits.md documents the variables.
 */
export interface ParseLimits {
  /** Processor time one parse may use in its worker (4× that in wall time at most); a patch (parse + verification) gets twice this. */
  timeoutMs: number;
  /** The worker's V8 old-generation heap, in MB (Worker `resourceLimits`). */
  memoryMb: number;
  /** Plans parsed at once, each on its own worker thread. */
  threads: number;
}

export const DEFAULT_PARSE_LIMITS: ParseLimits = { timeoutMs: 10_000, memoryMb: 512, threads: 2 };

export interface ServerSettings {
  /** PLAN_SYNC_SHUTDOWN_TIMEOUT_SECONDS: how long a SIGTERM waits for in-flight work before exiting anyway. */
  shutdownTimeoutMs: number;
  /** PLAN_SYNC_DATA_DIR: where the job store lives (a Docker volume in production). */
  dataDir: string;
  /** PLAN_SYNC_CONCURRENCY, PLAN_SYNC_INSTALLATION_CONCURRENCY. */
  concurrency: ConcurrencyLimits;
  /** PLAN_SYNC_RETRY_DELAYS. */
  retry: RetryPolicy;
  /**
   * REDIS_URL (Probot's own knob for running several instances): jobs, the per-repository lease, idempotency keys
   * and the write budget are shared in Redis. Unset: the embedded store under `dataDir`.
   */
  redis: RedisSettings | null;
  /** PLAN_SYNC_REDELIVERY_INTERVAL_MINUTES, PLAN_SYNC_REDELIVERY_LOOKBACK_HOURS. */
  redelivery: RedeliverySettings;
  /** PLAN_SYNC_PARSE_TIMEOUT_MS, PLAN_SYNC_PARSE_MEMORY_MB, PLAN_SYNC_PARSE_THREADS. */
  parse: ParseLimits;
  /** PLAN_SYNC_WRITE_BACK_WINDOW_MS: closes and reopens of one plan within it make one commit. */
  writeBackWindowMs: number;
}

export const DEFAULT_DATA_DIR = "./.plan-sync";
/** Under Docker's default 10 s stop grace period, so we exit before SIGKILL. */
export const DEFAULT_SHUTDOWN_TIMEOUT_SECONDS = 8;
export const DEFAULT_REDELIVERY_INTERVAL_MINUTES = 10;
export const DEFAULT_REDELIVERY_LOOKBACK_HOURS = 24;
/** GitHub keeps an App's deliveries (and lets them be redelivered) for 3 days. */
export const MAX_REDELIVERY_LOOKBACK_HOURS = 72;
/** Long enough to gather a bulk close of many issues into one commit, short enough that a tick shows quickly. */
export const DEFAULT_WRITE_BACK_WINDOW_MS = 3000;

/** Every server setting from `env`; the first bad value throws a SettingsError naming its variable. */
export function readSettings(env: Env): ServerSettings {
  // Probot falls back to the public secret "development" when WEBHOOK_SECRET
  // is unset, which would let anyone forge deliveries to a production server.
  if (env.NODE_ENV === "production" && !env.WEBHOOK_SECRET) {
    throw new SettingsError(
      "WEBHOOK_SECRET is not set. In production it is required: without it anyone could send forged webhooks. " +
        "Set it to the webhook secret configured in the GitHub App's settings.",
    );
  }
  const seconds = number(env, "PLAN_SYNC_SHUTDOWN_TIMEOUT_SECONDS", DEFAULT_SHUTDOWN_TIMEOUT_SECONDS);
  if (seconds < 0) throw bad(env, "PLAN_SYNC_SHUTDOWN_TIMEOUT_SECONDS", "a number of seconds (0 or more)");
  const retryRaw = env[RETRY_DELAYS_ENV];
  return {
    shutdownTimeoutMs: Math.round(seconds * 1000),
    dataDir: env.PLAN_SYNC_DATA_DIR?.trim() ? env.PLAN_SYNC_DATA_DIR : DEFAULT_DATA_DIR,
    concurrency: {
      global: wholeNumber(env, "PLAN_SYNC_CONCURRENCY", DEFAULT_CONCURRENCY.global, 1),
      perInstallation: wholeNumber(env, "PLAN_SYNC_INSTALLATION_CONCURRENCY", DEFAULT_CONCURRENCY.perInstallation, 1),
    },
    retry: retryRaw?.trim() ? { delaysMs: parseRetryDelays(retryRaw) } : defaultRetryPolicy,
    redis: readRedisSettings(env),
    redelivery: readRedeliverySettings(env),
    parse: readParseLimits(env),
    writeBackWindowMs: wholeNumber(env, "PLAN_SYNC_WRITE_BACK_WINDOW_MS", DEFAULT_WRITE_BACK_WINDOW_MS, 0),
  };
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000 };

/**
 * `PLAN_SYNC_RETRY_DELAYS`: a comma-separated list of delays, each a number
 * with a unit (`ms`, `s`, `m`/`min`, `h`), e.g. `30s,2m,10m,1h`. Its length is
 * the number of retries. Anything else stops the start with a message saying
 * what is wrong: a typo must not silently turn retries off.
 */
export function parseRetryDelays(raw: string, name = RETRY_DELAYS_ENV): number[] {
  const delays: number[] = [];
  for (const part of raw.split(",").map((p) => p.trim())) {
    const match = /^(\d+(?:\.\d+)?)\s*(ms|s|min|m|h)$/.exec(part);
    if (!match) {
      throw new SettingsError(
        `${name} must be a comma-separated list of delays such as "30s,2m,10m,1h" (units ms, s, m, h); ` +
          `"${part}" in "${raw}" is not one`,
      );
    }
    delays.push(Math.round(Number(match[1]) * (UNIT_MS[match[2] as string] as number)));
  }
  return delays;
}

function readRedisSettings(env: Env): RedisSettings | null {
  const url = env.REDIS_URL?.trim();
  if (!url) return null;
  let parsed: URL | null = null;
  try {
    parsed = new URL(url);
  } catch {
    // reported below
  }
  if (!parsed || (parsed.protocol !== "redis:" && parsed.protocol !== "rediss:")) {
    // Never echo the value: it may carry a password.
    throw new SettingsError("REDIS_URL must be a redis:// or rediss:// URL (e.g. redis://redis:6379)");
  }
  const prefix = env.PLAN_SYNC_REDIS_PREFIX?.trim() || "plan-sync";
  if (!/^[A-Za-z0-9_.-]+$/.test(prefix))
    throw new SettingsError(`PLAN_SYNC_REDIS_PREFIX may hold letters, digits, "_", "." and "-" only, got "${prefix}"`);
  const leaseMs = wholeNumber(env, "PLAN_SYNC_JOB_LEASE_MS", 30_000, 1);
  if (leaseMs < 1000) throw new SettingsError(`PLAN_SYNC_JOB_LEASE_MS must be 1000 or more, got "${leaseMs}"`);
  return { url, prefix, leaseMs };
}

/**
 * PLAN_SYNC_REDELIVERY_INTERVAL_MINUTES (default 10; 0 turns it off) and
 * PLAN_SYNC_REDELIVERY_LOOKBACK_HOURS (default 24, at most 72).
 */
export function readRedeliverySettings(env: Env): RedeliverySettings {
  const minutes = number(env, "PLAN_SYNC_REDELIVERY_INTERVAL_MINUTES", DEFAULT_REDELIVERY_INTERVAL_MINUTES);
  if (minutes < 0 || minutes > 24 * 60)
    throw bad(env, "PLAN_SYNC_REDELIVERY_INTERVAL_MINUTES", "a number of minutes from 0 (off) to 1440");
  const hours = number(env, "PLAN_SYNC_REDELIVERY_LOOKBACK_HOURS", DEFAULT_REDELIVERY_LOOKBACK_HOURS);
  if (hours <= 0 || hours > MAX_REDELIVERY_LOOKBACK_HOURS) {
    throw bad(
      env,
      "PLAN_SYNC_REDELIVERY_LOOKBACK_HOURS",
      `a number of hours above 0 and at most ${MAX_REDELIVERY_LOOKBACK_HOURS} (GitHub keeps deliveries 3 days)`,
    );
  }
  return { intervalMs: Math.round(minutes * 60_000), lookbackMs: Math.round(hours * 3_600_000) };
}

const PARSE_VARIABLES: Record<keyof ParseLimits, { name: string; min: number }> = {
  timeoutMs: { name: "PLAN_SYNC_PARSE_TIMEOUT_MS", min: 100 },
  memoryMb: { name: "PLAN_SYNC_PARSE_MEMORY_MB", min: 32 },
  threads: { name: "PLAN_SYNC_PARSE_THREADS", min: 1 },
};

/** The parse budget (the App's, and the CLI's, which reads nothing else of this module). */
export function readParseLimits(env: Env = process.env): ParseLimits {
  const limits = { ...DEFAULT_PARSE_LIMITS };
  for (const key of Object.keys(PARSE_VARIABLES) as Array<keyof ParseLimits>) {
    const { name, min } = PARSE_VARIABLES[key];
    limits[key] = wholeNumber(env, name, limits[key], min);
  }
  return limits;
}

function number(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw bad(env, name, "a number");
  return value;
}

function wholeNumber(env: Env, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw bad(env, name, `a whole number of ${min} or more`);
  return value;
}

function bad(env: Env, name: string, what: string): SettingsError {
  return new SettingsError(`${name} must be ${what}, got ${JSON.stringify(env[name])}`);
}
