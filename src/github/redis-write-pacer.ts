import { Redis } from "ioredis";
import { WritePacer, WritePacerRegistry, type AcquireOptions, type WritePacerOptions } from "./write-pacer.js";

/**
 * The write budget shared by every replica: GitHub counts an installation's
 * content writes (80 a minute, 500 an hour) whichever replica sends them, so
 * two replicas each pacing on their own would together send twice the
 * ceiling and meet the secondary limit.
 *
 * Each write reserves the installation's next slot in Redis, atomically, at
 * least `60 s / perMinute` after the previous one, and sleeps until it; then,
 * when it is about to be sent, it is checked against the writes actually sent
 * in the last minute and hour (80 and 500) and recorded. The time is Redis's
 * own clock (TIME), so replicas whose clocks differ agree. Callers are served
 * in the order they asked, across replicas, without polling.
 */

// KEYS: last slot | ARGV: spacing ms, ttl ms. Reserves the next evenly spaced slot; returns how long to wait for it.
const RESERVE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local at = now
local last = tonumber(redis.call('GET', KEYS[1]) or '0')
if last + tonumber(ARGV[1]) > at then at = last + tonumber(ARGV[1]) end
redis.call('SET', KEYS[1], at, 'PX', ARGV[2])
return at - now
`;

// KEYS: writes granted | ARGV: per minute, minute ms, per hour, hour ms, member.
// Grants the write now if the last minute and hour hold fewer than their ceilings (as GitHub counts them: writes
// actually sent, on one clock); else returns how long to wait. A slot's sleep that woke late cannot then let the
// next one through too close: the windows are checked at the moment of the write, not when it was planned.
const GRANT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local perMinute, minuteMs, perHour, hourMs = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - hourMs)
local wait = 0
local inMinute = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. (now - minuteMs), '+inf', 'WITHSCORES')
local m = #inMinute / 2
if m >= perMinute then
  local oldest = tonumber(inMinute[(m - perMinute) * 2 + 2])
  wait = math.max(wait, oldest + minuteMs - now + 1)
end
local n = redis.call('ZCARD', KEYS[1])
if n >= perHour then
  local oldest = tonumber(redis.call('ZRANGE', KEYS[1], n - perHour, n - perHour, 'WITHSCORES')[2])
  wait = math.max(wait, oldest + hourMs - now + 1)
end
if wait > 0 then return {wait, n} end
redis.call('ZADD', KEYS[1], now, ARGV[5])
redis.call('PEXPIRE', KEYS[1], math.ceil(hourMs * 2))
return {0, n + 1}
`;

type ScriptedRedis = Redis & {
  psReserveWrite(...args: Array<string | number>): Promise<number>;
  psGrantWrite(...args: Array<string | number>): Promise<[number, number]>;
};

export interface RedisWritePacerOptions extends WritePacerOptions {
  /** Key prefix, one per App (default `plan-sync`). */
  prefix?: string;
}

/** One installation's (or token's) share of the budget; what the engines call `pacer.acquire()` on. */
export class RedisWritePacer extends WritePacer {
  private readonly spacingMs: number;
  private readonly hourWindowMs: number;
  private readonly minuteWindowMs: number;
  private readonly slept: (ms: number) => Promise<void>;
  private sequence = 0;

  constructor(
    private readonly redis: ScriptedRedis,
    private readonly key: string,
    opts: RedisWritePacerOptions = {},
  ) {
    super(opts);
    const scale = opts.timeScale ?? 1;
    this.spacingMs = 60_000 / scale / this.perMinute;
    this.hourWindowMs = 3_600_000 / scale;
    this.minuteWindowMs = 60_000 / scale;
    this.slept = opts.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  override async acquire(opts: AcquireOptions = {}): Promise<void> {
    const member = `${process.pid}:${Date.now()}:${++this.sequence}:${Math.random()}`;
    // Evenly spaced first (GitHub also punishes bursts), then checked against the windows when it is sent.
    let waitMs = await this.redis.psReserveWrite(`${this.key}:last`, this.spacingMs, Math.ceil(this.hourWindowMs));
    let warned = false;
    for (;;) {
      if (waitMs > 0) {
        if (!warned && waitMs > this.longWaitMs && opts.onLongWait) {
          warned = true;
          const usedThisHour = await this.redis.zcard(`${this.key}:granted`);
          await opts.onLongWait({ waitMs, resumeAt: new Date(Date.now() + waitMs), usedThisHour });
        }
        await this.slept(waitMs);
      }
      const [wait] = await this.redis.psGrantWrite(
        `${this.key}:granted`,
        this.perMinute,
        this.minuteWindowMs,
        this.perHour,
        this.hourWindowMs,
        member,
      );
      if (wait <= 0) return;
      waitMs = wait;
    }
  }
}

/** Pacers by installation, all reserving in one Redis; a drop-in for WritePacerRegistry. */
export class RedisWritePacerRegistry extends WritePacerRegistry {
  private readonly redis: ScriptedRedis;
  private readonly prefix: string;
  private readonly options: RedisWritePacerOptions;

  constructor(url: string, opts: RedisWritePacerOptions = {}, maxEntries = 1000) {
    super(opts, maxEntries);
    this.options = opts;
    this.prefix = opts.prefix ?? "plan-sync";
    this.redis = new Redis(url, { maxRetriesPerRequest: 2 }) as ScriptedRedis;
    this.redis.on("error", () => {
      // A write waiting for its slot fails with the command; /healthz reports Redis through the queue.
    });
    this.redis.defineCommand("psReserveWrite", { numberOfKeys: 1, lua: RESERVE });
    this.redis.defineCommand("psGrantWrite", { numberOfKeys: 1, lua: GRANT });
  }

  protected override create(key: string): WritePacer {
    return new RedisWritePacer(this.redis, `${this.prefix}:ps:pace:${key}`, this.options);
  }

  close(): void {
    this.redis.disconnect();
  }
}
