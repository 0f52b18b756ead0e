import { Redis } from "ioredis";
import { WritePacer, WritePacerRegistry, type AcquireOptions, type WritePacerOptions } from "./write-pacer.js";

/**
 * The write budget shared by every replica: GitHub counts an installation's
 * content writes (80 a minute, 500 an hour) whichever replica sends them, so
 * two replicas each pacing on their own would together send twice the
 * ceiling and meet the secondary limit.
 *
 * Each write reserves the installation's next slot in Redis, atomically: at
 * least `60 s / perMinute` after the previous slot, and no more than
 * `perHour` slots in any hour. The time is Redis's own clock (TIME), so
 * replicas whose clocks differ still space their writes evenly. The caller
 * then sleeps until its slot: no polling, and callers are served in the order
 * they asked, across replicas.
 */

// KEYS: last slot, slots of the last hour | ARGV: spacing ms, per hour, hour ms, member
const RESERVE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local spacing, perHour, hourMs = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - hourMs)
local at = now
local last = tonumber(redis.call('GET', KEYS[1]) or '0')
if last + spacing > at then at = last + spacing end
local n = redis.call('ZCARD', KEYS[2])
if n >= perHour then
  local oldest = tonumber(redis.call('ZRANGE', KEYS[2], n - perHour, n - perHour, 'WITHSCORES')[2])
  if oldest + hourMs > at then at = oldest + hourMs end
end
redis.call('SET', KEYS[1], at, 'PX', math.ceil(hourMs * 2))
redis.call('ZADD', KEYS[2], at, ARGV[4])
redis.call('PEXPIRE', KEYS[2], math.ceil(hourMs * 2))
return {at - now, n}
`;

type ScriptedRedis = Redis & { psReserveWrite(...args: Array<string | number>): Promise<[number, number]> };

export interface RedisWritePacerOptions extends WritePacerOptions {
  /** Key prefix, one per App (default `plan-sync`). */
  prefix?: string;
}

/** One installation's (or token's) share of the budget; what the engines call `pacer.acquire()` on. */
export class RedisWritePacer extends WritePacer {
  private readonly spacingMs: number;
  private readonly hourWindowMs: number;
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
    this.slept = opts.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  override async acquire(opts: AcquireOptions = {}): Promise<void> {
    const member = `${process.pid}:${Date.now()}:${++this.sequence}:${Math.random()}`;
    const [waitMs, usedThisHour] = await this.redis.psReserveWrite(
      `${this.key}:last`,
      `${this.key}:hour`,
      this.spacingMs,
      this.perHour,
      this.hourWindowMs,
      member,
    );
    if (waitMs <= 0) return;
    if (waitMs > this.longWaitMs && opts.onLongWait) {
      await opts.onLongWait({ waitMs, resumeAt: new Date(Date.now() + waitMs), usedThisHour });
    }
    await this.slept(waitMs);
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
    this.redis.defineCommand("psReserveWrite", { numberOfKeys: 2, lua: RESERVE });
  }

  protected override create(key: string): WritePacer {
    return new RedisWritePacer(this.redis, `${this.prefix}:ps:pace:${key}`, this.options);
  }

  close(): void {
    this.redis.disconnect();
  }
}
