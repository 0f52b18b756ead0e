import { createHash } from "node:crypto";
import { retry } from "@octokit/plugin-retry";
import { throttling, type ThrottlingOptions } from "@octokit/plugin-throttling";
import { Octokit } from "@octokit/rest";
import { ProbotOctokit } from "probot";
import { pacedFetch, type PacerLookup } from "./paced-fetch.js";

/**
 * One rate-limit policy for the App (Probot's octokit) and the CLI (a token):
 * retry primary limits a few times after the reset, retry secondary limits
 * after `retry-after` (Probot 14 only logs them), give every installation its
 * own limiter (Probot shares "no-id" across all of them), retry 5xx a bounded
 * number of times, and leave write pacing to WritePacer — whose adaptive rate
 * learns of GitHub's refusals through the client's fetch (paced-fetch.ts).
 */

export interface OctokitPolicy {
  /** Retries after a primary rate limit (waits for the reset). */
  rateLimitRetries?: number;
  /** Give up instead of waiting longer than this for a primary reset; the job fails loudly and the next push resumes. */
  maxRateLimitWaitSeconds?: number;
  /** Retries after a secondary rate limit (waits `retry-after`, else 60 s). */
  secondaryRateLimitRetries?: number;
  /** Retries of 5xx and network errors. */
  serverErrorRetries?: number;
  /** Milliseconds per second of `retry-after`; tests shrink it. */
  retryAfterBaseValue?: number;
}

export interface PacingPolicy {
  /**
   * The write pacers (by installation or token identity): every content write
   * the client sends, retries included, passes the identity's pacer, which
   * learns from GitHub's answers (see paced-fetch.ts). Without it, only the
   * engines' own `acquire` calls pace.
   */
  pacers?: PacerLookup;
}

interface HandlerOptions {
  method: string;
  url: string;
}
interface Logs {
  warn: (msg: string) => void;
}

const DEFAULTS = {
  rateLimitRetries: 2,
  maxRateLimitWaitSeconds: 15 * 60,
  secondaryRateLimitRetries: 3,
  serverErrorRetries: 3,
  retryAfterBaseValue: 1000,
} satisfies Required<OctokitPolicy>;

/**
 * plugin-retry retries every status not listed here. 409 is a stale SHA (retrying
 * cannot help); 403/429 rate limits belong to the throttling plugin.
 */
export const DO_NOT_RETRY = [400, 401, 403, 404, 409, 410, 422, 429, 451];

/**
 * Stands in for plugin-throttling's `write` (1 s apart) and `notifications`
 * (3 s apart) Bottleneck groups: WritePacer already paces content writes at
 * GitHub's real ceiling, and two pacers would stack.
 */
const unpacedGroup = {
  key: () => ({
    schedule: <A extends unknown[], R>(_options: unknown, task: (...args: A) => R | Promise<R>, ...args: A) =>
      Promise.resolve().then(() => task(...args)),
  }),
} as unknown as NonNullable<Extract<ThrottlingOptions, { write?: unknown }>["write"]>;

export function throttleHandlers(policy: OctokitPolicy = {}) {
  const p = { ...DEFAULTS, ...policy };
  const describe = (options: HandlerOptions) => `${options.method} ${options.url}`;
  const logOf = (octokit: unknown): Logs => (octokit as { log?: Logs }).log ?? console;
  return {
    onRateLimit: (retryAfter: number, options: HandlerOptions, octokit: unknown, retryCount: number) => {
      const retrying = retryCount < p.rateLimitRetries && retryAfter <= p.maxRateLimitWaitSeconds;
      logOf(octokit).warn(
        `Rate limit exhausted for ${describe(options)}; ${retrying ? `retrying in ${retryAfter} s` : "giving up"} (attempt ${retryCount + 1})`,
      );
      return retrying;
    },
    onSecondaryRateLimit: (retryAfter: number, options: HandlerOptions, octokit: unknown, retryCount: number) => {
      const retrying = retryCount < p.secondaryRateLimitRetries;
      logOf(octokit).warn(
        `Secondary rate limit for ${describe(options)}; ${retrying ? `retrying in ${retryAfter} s` : "giving up"} (attempt ${retryCount + 1})`,
      );
      return retrying;
    },
  };
}

/** The identity of an App installation, for limiter ids, ETag caching (OctokitGatewayOptions.identity) and WritePacerRegistry. */
export function installationIdentity(installationId: number | string): string {
  return `installation:${installationId}`;
}

/** Never the token itself: limiter ids can end up in logs. */
export function tokenIdentity(token: string): string {
  return `token:${createHash("sha256").update(token).digest("hex").slice(0, 16)}`;
}

/**
 * The limiter id (and the identity for ETag caching and write pacing) for a
 * set of Octokit constructor options. octokit-auth-probot builds an
 * installation's Octokit with `auth: { appId, privateKey, installationId }`;
 * `app.auth(id)` additionally sets `throttle.id`; a token client has
 * `auth: "<token>"` or `auth: { token }`.
 */
export function limiterIdFor(options: { auth?: unknown; throttle?: { id?: string } }): string {
  const auth = options.auth;
  if (typeof auth === "string") return tokenIdentity(auth);
  if (typeof auth === "object" && auth !== null) {
    const a = auth as { installationId?: unknown; token?: unknown; appId?: unknown };
    if (typeof a.installationId === "number" || typeof a.installationId === "string") {
      return installationIdentity(a.installationId);
    }
    if (typeof a.token === "string") return tokenIdentity(a.token);
    if (typeof a.appId === "number" || typeof a.appId === "string") return `app:${a.appId}`;
  }
  const id = options.throttle?.id;
  return id !== undefined && id !== "no-id" ? id : "anonymous";
}

interface ConstructorOptions {
  auth?: unknown;
  throttle?: Record<string, unknown> & { id?: string };
  retry?: Record<string, unknown>;
  request?: Record<string, unknown> & { fetch?: unknown };
  [key: string]: unknown;
}

type Fetch = Parameters<typeof pacedFetch>[2];

/** Our policy layered over whatever options Probot (or a caller) passed in. */
export function withPlanSyncPolicy(
  options: ConstructorOptions,
  policy: OctokitPolicy & PacingPolicy = {},
): ConstructorOptions {
  const { pacers, ...limits } = policy;
  const p = { ...DEFAULTS, ...limits };
  const inner = (options.request?.fetch as Fetch | undefined) ?? ((url, init) => globalThis.fetch(url, init));
  return {
    ...options,
    ...(pacers ? { request: { ...options.request, fetch: pacedFetch(limiterIdFor(options), pacers, inner) } } : {}),
    retry: {
      ...options.retry,
      doNotRetry: DO_NOT_RETRY,
      retries: p.serverErrorRetries,
      retryAfterBaseValue: p.retryAfterBaseValue,
    },
    throttle: {
      // `enabled: false` from a caller (tests) survives.
      ...options.throttle,
      ...throttleHandlers(limits),
      id: limiterIdFor(options),
      write: unpacedGroup,
      notifications: unpacedGroup,
      retryAfterBaseValue: p.retryAfterBaseValue,
    },
  };
}

/** The Octokit class to hand to `new Probot({ Octokit })`, `run(app, { Octokit })` or `createProbot`. */
export function createProbotOctokit(policy: OctokitPolicy & PacingPolicy = {}): typeof ProbotOctokit {
  // The function form: the object form of defaults() loses to Probot's own throttle defaults (DEVELOPERS.md).
  return ProbotOctokit.defaults((options: ConstructorOptions) => withPlanSyncPolicy(options, policy));
}

const RestWithPlugins = Octokit.plugin(throttling, retry);
export type RestOctokit = InstanceType<typeof RestWithPlugins>;

/** A token client for the `plan-sync sync` command, with the App's rate-limit policy. */
export function createRestOctokit(opts: {
  token: string;
  baseUrl?: string;
  userAgent?: string;
  log?: {
    debug: (m: string) => void;
    info: (m: string) => void;
    warn: (m: string) => void;
    error: (m: string) => void;
  };
  policy?: OctokitPolicy & PacingPolicy;
}): RestOctokit {
  const options = withPlanSyncPolicy({ auth: opts.token }, opts.policy);
  return new RestWithPlugins({
    ...options,
    auth: opts.token,
    ...(opts.baseUrl !== undefined ? { baseUrl: opts.baseUrl } : {}),
    userAgent: opts.userAgent ?? "plan-sync",
    ...(opts.log !== undefined ? { log: opts.log } : {}),
  } as ConstructorParameters<typeof RestWithPlugins>[0]);
}
