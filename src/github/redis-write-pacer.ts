import { Redis } from "ioredis";
import {
  WritePacer,
  WritePacerRegistry,
  type AcquireOptions,
  type AdaptiveState,
  type WritePacerOptions,
} from "./write-pacer.js";

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
 *
 * The adaptive rate (see WritePacer) lives here too: a refusal seen by one
 * replica sets the installation's reduced rate and pause in Redis, from the
 * writes any replica had accepted in the last minute, and every replica's
 * next slot is reserved at that rate.
 */

// The adaptive rate as every script reads it: the hash holds the rate the last refusal set and the pause it asked
// for; quiet minutes after the pause give the rate back, `step` a minute from the second on (see recoveredRate).
const EFFECTIVE = `
local function effective(adaptKey, perMinute, minuteMs, step, now)
  local a = redis.call('HMGET', adaptKey, 'rate', 'pausedUntil')
  local paused = tonumber(a[2]) or 0
  local rate = tonumber(a[1])
  if not rate then return perMinute, paused end
  local quiet = math.floor((now - paused) / minuteMs) - 1
  if quiet > 0 then rate = rate + step * quiet end
  if rate > perMinute then rate = perMinute end
  return rate, paused
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
`;

// KEYS: last slot, adaptive state | ARGV: per minute, minute ms, step, ttl ms.
// Reserves the next evenly spaced slot at the current rate, after any pause; returns how long to wait for it.
const RESERVE = `${EFFECTIVE}
local rate, paused = effective(KEYS[2], tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), now)
local at = now
if paused > at then at = paused end
local last = tonumber(redis.call('GET', KEYS[1]) or '0')
local spacing = tonumber(ARGV[2]) / rate
if last + spacing > at then at = last + spacing end
at = math.ceil(at)
redis.call('SET', KEYS[1], at, 'PX', ARGV[4])
return at - now
`;

// KEYS: writes granted, adaptive state | ARGV: per minute, minute ms, per hour, hour ms, member, step, margin ms.
// Grants the write now if no pause holds and the last minute and hour hold fewer than their ceilings (as GitHub
// counts them: writes actually sent, on one clock); else returns how long to wait. A slot's sleep that woke late
// cannot then let the next one through too close: the windows are checked at the moment of the write, not when it
// was planned. The windows are counted `margin` longer than GitHub's: GitHub counts a write when it arrives, and a
// write granted on time can arrive later than one granted after it (a stalled replica, the network), which at a
// full window is one write too many. While the rate is reduced, writes are also kept evenly spaced here: replicas
// that slept through a pause all wake at its end.
const GRANT = `${EFFECTIVE}
local perMinute, perHour, margin = tonumber(ARGV[1]), tonumber(ARGV[3]), tonumber(ARGV[7])
local minuteMs, hourMs = tonumber(ARGV[2]) + margin, tonumber(ARGV[4]) + margin
local rate, paused = effective(KEYS[2], perMinute, tonumber(ARGV[2]), tonumber(ARGV[6]), now)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - hourMs)
local wait = 0
if paused > now then wait = paused - now end
local ceiling = math.max(1, math.floor(rate))
local inMinute = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. (now - minuteMs), '+inf', 'WITHSCORES')
local m = #inMinute / 2
if m >= ceiling then
  local oldest = tonumber(inMinute[(m - ceiling) * 2 + 2])
  wait = math.max(wait, oldest + minuteMs - now + 1)
end
if rate < perMinute and m > 0 then
  local latest = tonumber(inMinute[m * 2])
  wait = math.max(wait, math.ceil(latest + tonumber(ARGV[2]) / rate - now))
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

// KEYS: adaptive state, writes accepted | ARGV: per minute, minute ms, step, floor, retry-after ms, ttl ms.
// A refusal: the rate becomes what GitHub accepted in the last minute (see reduceRate), unless a pause already
// holds (a refusal of the same burst), and no slot is granted before retry-after. Returns {rate, paused until}.
const REFUSED = `${EFFECTIVE}
local perMinute, minuteMs = tonumber(ARGV[1]), tonumber(ARGV[2])
local rate, paused = effective(KEYS[1], perMinute, minuteMs, tonumber(ARGV[3]), now)
if now >= paused then
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - minuteMs)
  local accepted = redis.call('ZCARD', KEYS[2])
  rate = math.max(tonumber(ARGV[4]), math.min(accepted, math.floor(rate * 0.9)))
  redis.call('HSET', KEYS[1], 'rate', rate)
end
local untilAt = math.max(paused, now + tonumber(ARGV[5]))
redis.call('HSET', KEYS[1], 'pausedUntil', untilAt)
redis.call('PEXPIRE', KEYS[1], ARGV[6])
return {rate, untilAt}
`;

// KEYS: writes accepted | ARGV: minute ms, member.
const ACCEPTED = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[1]))
redis.call('ZADD', KEYS[1], now, ARGV[2])
redis.call('PEXPIRE', KEYS[1], math.ceil(tonumber(ARGV[1]) * 2))
return 1
`;

// KEYS: adaptive state | ARGV: per minute, minute ms, step. Returns {rate, paused until, now}.
const STATE = `${EFFECTIVE}
local rate, paused = effective(KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), now)
return {rate, paused, now}
`;

type ScriptedRedis = Redis & {
  psReserveWrite(...args: Array<string | number>): Promise<number>;
  psGrantWrite(...args: Array<string | number>): Promise<[number, number]>;
  psRefusedWrite(...args: Array<string | number>): Promise<[number, number]>;
  psAcceptedWrite(...args: Array<string | number>): Promise<number>;
  psPaceState(...args: Array<string | number>): Promise<[number, number, number]>;
};

export interface RedisWritePacerOptions extends WritePacerOptions {
  /** Key prefix, one per App (default `plan-sync`). */
  prefix?: string;
  /**
   * The minute and hour windows are counted this much longer than GitHub's, so a write that reaches GitHub a little
   * late does not put one write too many in its window; it costs at most this much per full minute. Default: 1/120
   * of the minute, 500 ms at real speed. A value given here is not scaled by `timeScale` (arrival jitter is real
   * time): benchmarks on a scaled clock pass 500.
   */
  windowMarginMs?: number;
}

/** One installation's (or token's) share of the budget; what the engines call `pacer.acquire()` on. */
export class RedisWritePacer extends WritePacer {
  private readonly hourWindowMs: number;
  private readonly minuteWindowMs: number;
  private readonly slept: (ms: number) => Promise<void>;
  private readonly windowMarginMs: number;
  private sequence = 0;

  constructor(
    private readonly redis: ScriptedRedis,
    private readonly key: string,
    opts: RedisWritePacerOptions = {},
  ) {
    super(opts);
    const scale = opts.timeScale ?? 1;
    this.hourWindowMs = 3_600_000 / scale;
    this.minuteWindowMs = 60_000 / scale;
    this.windowMarginMs = Math.max(0, opts.windowMarginMs ?? this.minuteWindowMs / 120);
    this.slept = opts.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  protected override async acquireSlot(opts: AcquireOptions, ticket: boolean): Promise<void> {
    const member = this.member();
    // Evenly spaced first (GitHub also punishes bursts), then checked against the windows when it is sent.
    let waitMs = await this.redis.psReserveWrite(
      `${this.key}:last`,
      `${this.key}:adapt`,
      this.perMinute,
      this.minuteWindowMs,
      this.recoveryStep,
      Math.ceil(this.hourWindowMs),
    );
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
        `${this.key}:adapt`,
        this.perMinute,
        this.minuteWindowMs,
        this.perHour,
        this.hourWindowMs,
        member,
        this.recoveryStep,
        Math.ceil(this.windowMarginMs),
      );
      if (wait <= 0) break;
      waitMs = wait;
    }
    if (ticket) this.addTicket();
  }

  /** Every replica's pacer of this installation slows down, not only the one whose write was refused. */
  override async refused(retryAfterMs: number): Promise<void> {
    await this.redis.psRefusedWrite(
      `${this.key}:adapt`,
      `${this.key}:accepted`,
      this.perMinute,
      this.minuteWindowMs,
      this.recoveryStep,
      this.minPerMinute,
      Math.max(0, Math.ceil(retryAfterMs)),
      Math.ceil(this.hourWindowMs * 2),
    );
  }

  override async accepted(): Promise<void> {
    await this.redis.psAcceptedWrite(`${this.key}:accepted`, this.minuteWindowMs, this.member());
  }

  override async adaptiveState(): Promise<AdaptiveState> {
    const [perMinute, pausedUntil, now] = await this.redis.psPaceState(
      `${this.key}:adapt`,
      this.perMinute,
      this.minuteWindowMs,
      this.recoveryStep,
    );
    return { perMinute, pausedUntil, adapting: perMinute < this.perMinute || now < pausedUntil };
  }

  private member(): string {
    return `${process.pid}:${Date.now()}:${++this.sequence}:${Math.random()}`;
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
    this.redis.defineCommand("psGrantWrite", { numberOfKeys: 2, lua: GRANT });
    this.redis.defineCommand("psRefusedWrite", { numberOfKeys: 2, lua: REFUSED });
    this.redis.defineCommand("psAcceptedWrite", { numberOfKeys: 1, lua: ACCEPTED });
    this.redis.defineCommand("psPaceState", { numberOfKeys: 1, lua: STATE });
  }

  protected override create(key: string): WritePacer {
    return new RedisWritePacer(this.redis, `${this.prefix}:ps:pace:${key}`, this.options);
  }

  close(): void {
    this.redis.disconnect();
  }
}
