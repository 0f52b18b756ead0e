import { consoleLog } from "../log/log.js";
import { Queue, Worker, DelayedError, type Job } from "bullmq";
import { Redis } from "ioredis";
import { DEFAULT_CONCURRENCY, type ConcurrencyLimits } from "../config/settings.js";
import {
  type EnqueueOutcome,
  type JobOutcome,
  type JobQueue,
  type JobQueueOptions,
  type JobRunner,
  type JobSpec,
  type Json,
  type QueueStats,
  type StopResult,
  type StoredJob,
} from "./job-queue.js";

/**
 * The job queue for several replicas: jobs live in Redis through BullMQ, so
 * any replica can take any job, and a job whose replica died is taken over.
 *
 * BullMQ gives the durable store, delayed jobs (burst windows, retries) and
 * the lease: a running job holds a lock its worker renews; when the worker
 * dies the lock lapses, BullMQ's stalled-job check puts the job back, and
 * another replica runs it again (every plan-sync job is an idempotent
 * reconciliation, so running it twice is safe; running it never is not).
 *
 * What open-source BullMQ does not have (its "groups" are in the paid
 * edition) is added with a few small Lua scripts next to it, each one atomic:
 * - per repository, one job at a time across every replica (a repository
 *   lease that lapses with its holder), oldest due job first;
 * - supersede: a newer push of a branch replaces one not started;
 * - idempotency keys shared by every replica, so a redelivery that lands on
 *   another replica is a no-op.
 * A job that finds its repository busy (or an older job due first) goes back
 * to BullMQ's delayed set for a moment: BullMQ has no way to "skip" a job.
 */

export interface RedisJobQueueOptions extends JobQueueOptions {
  /** `redis://…` (REDIS_URL). */
  url: string;
  /** Key prefix, one per App (default `plan-sync`). */
  prefix?: string;
  /**
   * How long a running job's repository stays taken after its replica stops
   * renewing it (died, or stopped past its deadline). Default 30 s, BullMQ's
   * own lock duration; tests shorten it.
   */
  leaseMs?: number;
  /** How soon a job that found its repository busy looks again. Default 250 ms. */
  recheckMs?: number;
  /** An enqueue that Redis has not confirmed by then fails (the webhook is answered with an error). Default 5 s. */
  enqueueTimeoutMs?: number;
}

/** What BullMQ stores of a job: the job but its id, which is BullMQ's own, and its entries, in a list of their own. */
type JobData = Omit<StoredJob, "id" | "entries">;

/** A job added to BullMQ waits this long unless the enqueue script confirms it (so a half-done enqueue cannot run). */
const UNCONFIRMED_DELAY_MS = 10 * 60_000;

// KEYS: all, runat, order, sup, meta(id), idem(key)
// ARGV: id, seq, runAt, idemKey, supKey, expectedOld, metaPrefix, idemPrefix, active, entry, runBy, entriesPrefix, entryIdemPrefix
const ENQUEUE = `
local id, seq, runAt, idemKey, supKey, expected = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
local metaPrefix, idemPrefix, activeKey = ARGV[7], ARGV[8], ARGV[9]
local entry, runBy, entriesPrefix, entryIdemPrefix = ARGV[10], ARGV[11], ARGV[12], ARGV[13]
if idemKey ~= '' and redis.call('EXISTS', KEYS[6]) == 1 then return 'duplicate' end
local outcome = 'queued'
if supKey ~= '' then
  local cur = redis.call('HGET', KEYS[4], supKey)
  if cur and redis.call('ZSCORE', KEYS[3], cur) then
    local running = redis.call('GET', activeKey) == cur
    if not running then
      if cur ~= expected then return 'changed' end
      local oldIdem = redis.call('HGET', metaPrefix .. cur, 'idem')
      if oldIdem and oldIdem ~= '' and redis.call('GET', idemPrefix .. oldIdem) == cur then
        redis.call('DEL', idemPrefix .. oldIdem)
      end
      for _, k in ipairs(redis.call('LRANGE', entryIdemPrefix .. cur, 0, -1)) do
        if redis.call('GET', idemPrefix .. k) == cur then redis.call('DEL', idemPrefix .. k) end
      end
      redis.call('DEL', entriesPrefix .. cur, entryIdemPrefix .. cur)
      redis.call('ZREM', KEYS[1], cur)
      redis.call('ZREM', KEYS[2], cur)
      redis.call('ZREM', KEYS[3], cur)
      redis.call('DEL', metaPrefix .. cur)
      outcome = 'superseded'
    elseif expected ~= '' then
      return 'changed'
    end
  elseif expected ~= '' then
    return 'changed'
  end
  redis.call('HSET', KEYS[4], supKey, id)
end
redis.call('ZADD', KEYS[1], seq, id)
redis.call('ZADD', KEYS[2], runAt, id)
redis.call('ZADD', KEYS[3], seq, id)
redis.call('HSET', KEYS[5], 'idem', idemKey, 'sup', supKey, 'runby', runBy)
if entry ~= '' then redis.call('RPUSH', entriesPrefix .. id, entry) end
if idemKey ~= '' then redis.call('SET', KEYS[6], id) end
return outcome
`;

// An entry joining the waiting job of its supersede key: a list push and a score, whatever the job holds.
// KEYS: sup, active, runat, idem(key) | ARGV: supKey, entry, runAt, idemKey, metaPrefix, entriesPrefix, entryIdemPrefix
// Returns 'none' (no waiting job: enqueue one), 'duplicate', or the job's id, its old and its new time.
const JOIN = `
local supKey, entry, runAt, idemKey = ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[4]
local cur = redis.call('HGET', KEYS[1], supKey)
if not cur or not redis.call('ZSCORE', KEYS[3], cur) or redis.call('GET', KEYS[2]) == cur then return {'none'} end
if idemKey ~= '' and redis.call('EXISTS', KEYS[4]) == 1 then return {'duplicate'} end
redis.call('RPUSH', ARGV[6] .. cur, entry)
if idemKey ~= '' then
  redis.call('RPUSH', ARGV[7] .. cur, idemKey)
  redis.call('SET', KEYS[4], cur)
end
local old = redis.call('ZSCORE', KEYS[3], cur)
local runBy = redis.call('HGET', ARGV[5] .. cur, 'runby')
-- A job stored before entries existed has no runby: it keeps its time.
if not runBy or runBy == '' then return {'joined', cur, old, old} end
local at = math.min(runAt, tonumber(runBy))
redis.call('ZADD', KEYS[3], at, cur)
return {'joined', cur, old, tostring(at)}
`;

// KEYS: order, active, running, runat, entries | ARGV: id, now, leaseMs
// Returns {outcome} or, claimed, {'ok', entries...}: read in the same step, as no entry joins a running job.
const CLAIM = `
local id, now, lease = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
if not redis.call('ZSCORE', KEYS[1], id) then return {'gone'} end
local cur = redis.call('GET', KEYS[2])
if cur and cur ~= id then return {'busy'} end
local own = tonumber(redis.call('ZSCORE', KEYS[4], id) or '0')
if own > now then return {'early'} end
for _, m in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  if m == id then break end
  local at = tonumber(redis.call('ZSCORE', KEYS[4], m) or '0')
  if at <= now then return {'behind'} end
end
redis.call('SET', KEYS[2], id, 'PX', lease)
redis.call('ZADD', KEYS[3], now + lease, id)
local claimed = redis.call('LRANGE', KEYS[5], 0, -1)
table.insert(claimed, 1, 'ok')
return claimed
`;

// KEYS: active, running | ARGV: id, now, leaseMs
const RENEW = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[3])
redis.call('ZADD', KEYS[2], tonumber(ARGV[2]) + tonumber(ARGV[3]), ARGV[1])
return 1
`;

// KEYS: all, runat, order, sup, meta, active, running, done, entries, entryIdem
// ARGV: id, outcome, now, doneLimit, idemPrefix, runAt
const FINISH = `
local id, outcome, now, limit, idemPrefix = ARGV[1], ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[5]
if redis.call('GET', KEYS[6]) == id then redis.call('DEL', KEYS[6]) end
redis.call('ZREM', KEYS[7], id)
if outcome == 'retry' then
  redis.call('ZADD', KEYS[2], ARGV[6], id)
  return 1
end
local sup = redis.call('HGET', KEYS[5], 'sup')
-- The job's own delivery and every delivery that joined it as an entry.
local keys = redis.call('LRANGE', KEYS[10], 0, -1)
local idem = redis.call('HGET', KEYS[5], 'idem')
if idem and idem ~= '' then table.insert(keys, idem) end
for _, k in ipairs(keys) do
  if outcome == 'done' then
    redis.call('SET', idemPrefix .. k, 'done')
    redis.call('ZADD', KEYS[8], now, k)
  elseif redis.call('GET', idemPrefix .. k) == id then
    redis.call('DEL', idemPrefix .. k)
  end
end
local excess = redis.call('ZCARD', KEYS[8]) - limit
if outcome == 'done' and excess > 0 then
  for i, k in ipairs(redis.call('ZPOPMIN', KEYS[8], excess)) do
    if i % 2 == 1 and redis.call('GET', idemPrefix .. k) == 'done' then redis.call('DEL', idemPrefix .. k) end
  end
end
redis.call('DEL', KEYS[9], KEYS[10])
if sup and sup ~= '' and redis.call('HGET', KEYS[4], sup) == id then redis.call('HDEL', KEYS[4], sup) end
redis.call('ZREM', KEYS[1], id)
redis.call('ZREM', KEYS[2], id)
redis.call('ZREM', KEYS[3], id)
redis.call('DEL', KEYS[5])
return 1
`;

// KEYS: values, writtenAt | ARGV: key, value, now, limit
const WRITE_NOTE = `
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
local excess = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[4])
if excess > 0 then
  for i, k in ipairs(redis.call('ZPOPMIN', KEYS[2], excess)) do
    if i % 2 == 1 then redis.call('HDEL', KEYS[1], k) end
  end
end
return 1
`;

type Scripted = Redis & {
  psWriteNote(...args: Array<string | number>): Promise<number>;
  psEnqueue(...args: Array<string | number>): Promise<string>;
  psJoin(...args: Array<string | number>): Promise<string[]>;
  psClaim(...args: Array<string | number>): Promise<string[]>;
  psRenew(...args: Array<string | number>): Promise<number>;
  psFinish(...args: Array<string | number>): Promise<number>;
};

export class RedisJobQueue implements JobQueue {
  private readonly redis: Scripted;
  private readonly queue: Queue<JobData>;
  private worker: Worker<JobData> | null = null;
  private readonly prefix: string;
  private readonly limits: ConcurrencyLimits;
  private readonly doneKeyLimit: number;
  private readonly noteLimit: number;
  private readonly leaseMs: number;
  private readonly recheckMs: number;
  private readonly enqueueTimeoutMs: number;
  private readonly now: () => number;
  private readonly log: NonNullable<JobQueueOptions["log"]>;
  private readonly merge: NonNullable<JobQueueOptions["merge"]>;
  private readonly url: string;
  private runner: JobRunner | null = null;
  private closed = false;
  /** Jobs this replica runs, by id. */
  private readonly running = new Map<string, { installationId: number; done: Promise<void>; job: Job<JobData> }>();
  /** Jobs whose replica stopped past its deadline: their outcome is not written, another replica redoes them. */
  private readonly abandoned = new Set<string>();
  /** Jobs being moved sooner after an entry joined them (wakeInBackground). */
  private readonly wakes = new Set<Promise<void>>();

  constructor(options: RedisJobQueueOptions) {
    this.url = options.url;
    this.prefix = options.prefix ?? "plan-sync";
    this.limits = {
      global: Math.max(1, options.concurrency?.global ?? DEFAULT_CONCURRENCY.global),
      perInstallation: Math.max(1, options.concurrency?.perInstallation ?? DEFAULT_CONCURRENCY.perInstallation),
    };
    this.doneKeyLimit = Math.max(0, options.doneKeyLimit ?? 10_000);
    this.noteLimit = Math.max(1, options.noteLimit ?? 10_000);
    this.leaseMs = options.leaseMs ?? 30_000;
    this.recheckMs = options.recheckMs ?? 250;
    this.enqueueTimeoutMs = options.enqueueTimeoutMs ?? 5_000;
    this.now = options.now ?? Date.now;
    this.log = options.log ?? consoleLog;
    this.merge = options.merge ?? ((_older, newer) => ({ payload: newer.payload }));
    // Our own commands give up after a couple of reconnects: a webhook whose job cannot be stored must fail
    // (GitHub then records a failed delivery, redelivered later), not hang past GitHub's 10 s.
    this.redis = new Redis(options.url, { maxRetriesPerRequest: 2 }) as Scripted;
    this.redis.on("error", () => {
      // Reported through stats().healthy and the failing calls; ioredis reconnects by itself.
    });
    this.redis.defineCommand("psEnqueue", { numberOfKeys: 6, lua: ENQUEUE });
    this.redis.defineCommand("psClaim", { numberOfKeys: 5, lua: CLAIM });
    this.redis.defineCommand("psRenew", { numberOfKeys: 2, lua: RENEW });
    this.redis.defineCommand("psFinish", { numberOfKeys: 10, lua: FINISH });
    this.redis.defineCommand("psJoin", { numberOfKeys: 4, lua: JOIN });
    this.redis.defineCommand("psWriteNote", { numberOfKeys: 2, lua: WRITE_NOTE });
    this.queue = new Queue<JobData>("jobs", { connection: connectionOptions(options.url), prefix: this.prefix });
    // Stryker disable next-line StringLiteral: BullMQ 5.81.5's Queue forwards its connection's errors only to an "error" listener and emits "error" nowhere else; this guards a BullMQ that would forward them unconditionally.
    this.queue.on("error", () => {});
  }

  private key(...parts: string[]): string {
    return [this.prefix, "ps", ...parts].join(":");
  }

  enqueue(spec: JobSpec): Promise<EnqueueOutcome> {
    if (this.closed) return Promise.resolve("closed");
    return withTimeout(this.store(spec), this.enqueueTimeoutMs);
  }

  private async store(spec: JobSpec): Promise<EnqueueOutcome> {
    const repo = spec.repo.toLowerCase();
    const idem = spec.idempotencyKey ?? "";
    const now = this.now();
    const entry = spec.entry === undefined ? "" : JSON.stringify(spec.entry);
    // No separate duplicate check first: ENQUEUE and JOIN check the idempotency key themselves, and a round trip
    // before every store would cost more than it saves on the rare redelivery.
    let seq: number | undefined;
    for (let attempt = 0; attempt < 10; attempt++) {
      if (entry !== "" && spec.supersedeKey !== undefined) {
        // One round trip for an entry joining a waiting job. Again after `changed`: another replica stored a job
        // for this key meanwhile, which the entry joins.
        const joined = await this.join(repo, spec.supersedeKey, idem, entry, spec.runAt ?? now);
        if (joined) return joined;
      }
      seq ??= await this.redis.incr(this.key("seq"));
      const id = `j${seq}`;
      let payload: Json = spec.payload;
      let runAt = spec.runAt ?? now;
      let enqueuedAt = now;
      let expected = "";
      if (spec.supersedeKey !== undefined && entry === "") {
        const older = await this.waitingWithSupersedeKey(repo, spec.supersedeKey);
        if (older) {
          const merged = this.merge(older, { ...spec, repo, payload });
          payload = merged.payload;
          if (merged.runAt !== undefined) runAt = merged.runAt;
          enqueuedAt = Math.min(enqueuedAt, older.enqueuedAt);
          expected = older.id;
        }
      }
      const data: JobData = {
        kind: spec.kind,
        repo,
        installationId: spec.installationId,
        idempotencyKey: spec.idempotencyKey ?? null,
        supersedeKey: spec.supersedeKey ?? null,
        payload,
        attempts: 0,
        runAt,
        enqueuedAt,
      };
      // Stored in BullMQ first but held back: if this process dies before the script below, the job
      // wakes up unconfirmed and is dropped (the webhook was not answered, so GitHub's delivery failed).
      const job = await this.queue.add(spec.kind, data, {
        jobId: id,
        delay: UNCONFIRMED_DELAY_MS,
        removeOnComplete: true,
        removeOnFail: true,
      });
      const outcome = await this.redis.psEnqueue(
        this.key("all"),
        this.key("runat"),
        this.key("order", repo),
        this.key("sup", repo),
        this.key("meta", id),
        this.key("idem", idem),
        id,
        seq,
        runAt,
        idem,
        spec.supersedeKey ?? "",
        expected,
        this.key("meta", ""),
        this.key("idem", ""),
        this.key("active", repo),
        entry,
        entry === "" ? "" : (spec.runBy ?? runAt),
        this.key("entries", ""),
        this.key("entry-idem", ""),
      );
      if (outcome === "changed") {
        await job.remove().catch(() => {});
        continue;
      }
      if (outcome === "duplicate") {
        await job.remove().catch(() => {});
        return "duplicate";
      }
      // The superseded job's BullMQ copy goes now; left, its CLAIM would answer `gone` and drop it anyway.
      // Stryker disable next-line ConditionalExpression: any other outcome superseded nothing (`expected` is ""), and no BullMQ job has the id "".
      if (outcome === "superseded") await this.queue.remove(expected).catch(() => {});
      await this.release(job, runAt);
      return outcome as EnqueueOutcome;
    }
    throw new Error(`${repo}: could not enqueue ${spec.kind}: its supersede key kept changing`);
  }

  /** The entry joins the waiting job of its supersede key; null: none waits (store a new job). */
  private async join(
    repo: string,
    supersedeKey: string,
    idem: string,
    entry: string,
    runAt: number,
  ): Promise<"joined" | "duplicate" | null> {
    const [outcome, id, oldAt, newAt] = await this.redis.psJoin(
      this.key("sup", repo),
      this.key("active", repo),
      this.key("runat"),
      this.key("idem", idem),
      supersedeKey,
      entry,
      runAt,
      idem,
      this.key("meta", ""),
      this.key("entries", ""),
      this.key("entry-idem", ""),
    );
    if (outcome === "none") return null;
    // A later time needs nothing more: the job wakes at its old time, finds it early and waits (CLAIM).
    // An earlier one (a close joining a write-back waiting for its retry) must wake BullMQ's job sooner. The entry is
    // stored already: the webhook is answered now, and the wake follows (it may wait for a replica to put the job back).
    if (id && Number(newAt) < Number(oldAt)) this.wakeInBackground(id, Number(newAt));
    return outcome as "joined" | "duplicate";
  }

  /** Runs wakeSooner after the answer; close() waits for it. A failed wake leaves the job at its retry time: late, not lost. */
  private wakeInBackground(id: string, at: number): void {
    const wake = this.wakeSooner(id, at)
      .catch((error: unknown) => this.log.warn({ err: error }, `redis job queue: could not move job ${id} sooner`))
      .finally(() => this.wakes.delete(wake));
    this.wakes.add(wake);
  }

  /**
   * Moves BullMQ's delayed job to `at`. A job whose replica is just putting it
   * back for its retry (active, about to be delayed) is waited for, after the
   * webhook's answer: rare (an event joining a failed burst at that very moment),
   * and without it the burst would wait for the retry's time, not the event's window.
   */
  private async wakeSooner(id: string, at: number): Promise<void> {
    // Bounded by the lease: a replica holding the job longer has died, and BullMQ's stall check puts the job back.
    for (let i = 0; !this.closed && i * 20 < this.leaseMs; i++) {
      const job = await this.queue.getJob(id);
      // Stryker disable next-line StringLiteral: any state but delayed and active ends the wake.
      const state = job ? await job.getState() : "unknown";
      if (job && state === "delayed") {
        // Stryker disable next-line MethodExpression: a job woken at once instead of at the entry's time is found `early` by CLAIM (JOIN stored the time) and put back until then.
        await job.changeDelay(Math.max(0, at - this.now())).catch(() => {});
        return;
      }
      if (state !== "active") return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Makes a confirmed job due at `runAt` instead of its unconfirmed hold. */
  private async release(job: Job<JobData>, runAt: number): Promise<void> {
    const delay = runAt - this.now();
    if (delay <= 0) await job.promote().catch(() => {});
    else await job.changeDelay(delay).catch(() => {});
  }

  private async waitingWithSupersedeKey(repo: string, supersedeKey: string): Promise<StoredJob | null> {
    const id = await this.redis.hget(this.key("sup", repo), supersedeKey);
    if (!id) return null;
    if ((await this.redis.get(this.key("active", repo))) === id) return null;
    const job = await this.queue.getJob(id);
    return job ? toStored(id, job.data, await this.entries(id)) : null;
  }

  private async entries(id: string): Promise<Json[]> {
    return (await this.redis.lrange(this.key("entries", id), 0, -1)).map((e) => JSON.parse(e) as Json);
  }

  async start(runner: JobRunner): Promise<void> {
    if (this.closed) throw new Error("job queue is closed");
    this.runner = runner;
    if (this.worker) return;
    this.worker = new Worker<JobData>("jobs", (job, token) => this.process(job, token), {
      connection: connectionOptions(this.url),
      prefix: this.prefix,
      concurrency: this.limits.global,
      lockDuration: this.leaseMs,
      // Stryker disable next-line MethodExpression,ArithmeticOperator: only how soon a dead replica's job is put back (timing; no timed assertions).
      stalledInterval: Math.max(500, Math.floor(this.leaseMs / 2)),
      // A job whose replica died is put back every time: plan-sync's jobs are reconciliations, safe to redo.
      maxStalledCount: 1_000_000,
      drainDelay: 1,
    });
    this.worker.on("error", (error) => this.log.error({ err: error }, "redis job queue: worker error"));
    await this.worker.waitUntilReady();
  }

  private async process(job: Job<JobData>, token: string | undefined): Promise<void> {
    const id = job.id as string;
    const data = job.data;
    const now = this.now();
    const localInInstallation = [...this.running.values()].filter(
      (r) => r.installationId === data.installationId,
    ).length;
    const claimed =
      this.runner === null || localInInstallation >= this.limits.perInstallation
        ? // Stryker disable next-line ArrayDeclaration,StringLiteral: every answer but ok, gone and early is handled as busy.
          ["busy"]
        : await this.redis.psClaim(
            this.key("order", data.repo),
            this.key("active", data.repo),
            this.key("running"),
            this.key("runat"),
            this.key("entries", id),
            id,
            now,
            this.leaseMs,
          );
    const claim = claimed[0];
    if (claim === "gone") return; // superseded, or never confirmed: nothing to do.
    if (claim !== "ok") {
      // Stryker disable next-line ConditionalExpression,EqualityOperator,StringLiteral,MethodExpression: only when an early job looks again (timing): put back sooner, CLAIM finds it early again and puts it back; a busy job's runat is not later than now.
      const at = claim === "early" ? Math.max(now, Number(await this.redis.zscore(this.key("runat"), id))) : now;
      await job.moveToDelayed(Math.max(at, now + this.recheckMs), token);
      throw new DelayedError();
    }
    const entries = claimed.slice(1).map((e) => JSON.parse(e) as Json);
    let settle!: () => void;
    const done = new Promise<void>((resolve) => (settle = resolve));
    this.running.set(id, { installationId: data.installationId, done, job });
    const renew = setInterval(
      () => {
        void this.redis
          .psRenew(this.key("active", data.repo), this.key("running"), id, this.now(), this.leaseMs)
          .catch(() => {});
      },
      // Stryker disable next-line MethodExpression: renewing more often than every third of the lease changes only Redis load.
      Math.max(100, Math.floor(this.leaseMs / 3)),
    );
    try {
      let outcome: JobOutcome;
      try {
        outcome = await (this.runner as JobRunner)(toStored(id, data, entries));
      } catch (error) {
        this.log.error({ err: error }, `${data.repo}: ${data.kind} job failed`);
        // Stryker disable next-line ObjectLiteral,StringLiteral: FINISH treats every kind but retry and done alike.
        outcome = { kind: "failed" };
      }
      clearInterval(renew);
      if (this.abandoned.has(id)) {
        // Stopped past its deadline: nothing is written, neither here nor in BullMQ. The job stays stored
        // and locked until its lease lapses; then another replica (or the next start) runs it again.
        await new Promise<never>(() => {});
      }
      if (outcome.kind === "retry") {
        // job.data: what save() stored last, when the runner saved its progress.
        await job.updateData({
          ...job.data,
          attempts: data.attempts + 1,
          runAt: outcome.runAt,
          payload: outcome.payload === undefined ? job.data.payload : outcome.payload,
        });
      }
      await this.redis.psFinish(
        this.key("all"),
        this.key("runat"),
        this.key("order", data.repo),
        this.key("sup", data.repo),
        this.key("meta", id),
        this.key("active", data.repo),
        this.key("running"),
        this.key("done"),
        this.key("entries", id),
        this.key("entry-idem", id),
        id,
        outcome.kind,
        this.now(),
        this.doneKeyLimit,
        this.key("idem", ""),
        outcome.kind === "retry" ? outcome.runAt : 0,
      );
      if (outcome.kind === "retry") {
        // Stryker disable next-line MethodExpression,ArithmeticOperator: a retry moved sooner is found early by CLAIM, which re-reads its time.
        await job.moveToDelayed(Math.max(outcome.runAt, this.now() + 1), token);
        throw new DelayedError();
      }
    } finally {
      clearInterval(renew);
      this.running.delete(id);
      settle();
    }
  }

  async stop(timeoutMs: number): Promise<StopResult> {
    const worker = this.worker;
    this.worker = null;
    this.runner = null;
    if (worker) {
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<"deadline">((resolve) => (timer = setTimeout(() => resolve("deadline"), timeoutMs)));
      const finished = Promise.all([...this.running.values()].map((r) => r.done)).then(() => "finished" as const);
      // Pause first: the worker takes nothing more while running jobs finish.
      // Stryker disable next-line BooleanLiteral: a pause that waits for running jobs only makes stop wait longer (bounded at 2 s; timing).
      await withTimeout(worker.pause(true), 2_000).catch(() => {});
      const ended = await Promise.race([finished, deadline]);
      clearTimeout(timer);
      for (const id of this.running.keys()) this.abandoned.add(id);
      // Finished: let BullMQ record the last completions. Past the deadline: leave at once.
      await withTimeout(worker.close(ended === "deadline"), 5_000).catch(() => {});
      keepListening(worker);
    }
    const interrupted = this.abandoned.size;
    const total = this.closed ? 0 : await withTimeout(this.redis.zcard(this.key("all")), 2_000).catch(() => 0);
    return { interrupted, left: Math.max(0, total - interrupted) };
  }

  async promoteDelayed(): Promise<number> {
    if (this.closed) return 0;
    const now = this.now();
    const ids = await this.redis.zrangebyscore(this.key("runat"), `(${now}`, "+inf");
    for (const id of ids) {
      await this.redis.zadd(this.key("runat"), now, id);
      const job = await this.queue.getJob(id);
      if (job && (await job.isDelayed())) await job.promote().catch(() => {});
    }
    return ids.length;
  }

  async onIdle(): Promise<void> {
    while (!this.closed && ((await this.redis.zcard(this.key("all"))) > 0 || this.running.size > 0)) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async stats(): Promise<QueueStats> {
    const base = { backend: "redis", location: redactUrl(this.url) };
    try {
      if (this.closed) throw new Error("closed");
      const now = this.now();
      const [total, delayed, running] = await withTimeout(
        Promise.all([
          this.redis.zcard(this.key("all")),
          this.redis.zcount(this.key("runat"), `(${now}`, "+inf"),
          this.redis.zcount(this.key("running"), `(${now}`, "+inf"),
        ]),
        2_000,
      );
      return { ...base, waiting: Math.max(0, total - delayed - running), delayed, running, healthy: true };
    } catch {
      return { ...base, waiting: 0, delayed: 0, running: this.running.size, healthy: false };
    }
  }

  async list(): Promise<StoredJob[]> {
    if (this.closed) return [];
    const ids = await this.redis.zrange(this.key("all"), 0, -1);
    const jobs: StoredJob[] = [];
    for (const id of ids) {
      const job = await this.queue.getJob(id);
      // The time in the runat set: entries joining a job move it there, not in BullMQ's copy of the job.
      const at = await this.redis.zscore(this.key("runat"), id);
      if (job) jobs.push({ ...toStored(id, job.data, await this.entries(id)), ...(at ? { runAt: Number(at) } : {}) });
    }
    return jobs;
  }

  async save(id: string, payload: Json): Promise<void> {
    if (this.closed) throw new Error("job queue is closed");
    const running = this.running.get(id);
    if (!running) throw new Error(`job ${id} is not running in this process`);
    // BullMQ's updateData also sets job.data, which a retry then starts from.
    await running.job.updateData({ ...running.job.data, payload });
  }

  async readNote(key: string): Promise<Json | null> {
    if (this.closed) throw new Error("job queue is closed");
    const value = await this.redis.hget(this.key("notes"), key);
    return value === null ? null : (JSON.parse(value) as Json);
  }

  async writeNote(key: string, value: Json | null): Promise<void> {
    if (this.closed) throw new Error("job queue is closed");
    if (value === null) {
      await this.redis.multi().hdel(this.key("notes"), key).zrem(this.key("notes-at"), key).exec();
      return;
    }
    await this.redis.psWriteNote(
      this.key("notes"),
      this.key("notes-at"),
      key,
      JSON.stringify(value),
      this.now(),
      this.noteLimit,
    );
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // A wake in flight stops at its next look (it checks `closed`); its command must not meet a closed connection.
    await withTimeout(Promise.all([...this.wakes]), 2_000).catch(() => {});
    // Bounded: with Redis gone, BullMQ's close would wait for a connection that never comes.
    if (this.worker) {
      // Stryker disable next-line BooleanLiteral: only how long close waits for a job still running here (bounded at 2 s; timing).
      await withTimeout(this.worker.close(true), 2_000).catch(() => {});
      keepListening(this.worker);
    }
    this.worker = null;
    await withTimeout(this.queue.close(), 2_000).catch(() => {});
    keepListening(this.queue);
    this.redis.disconnect();
  }
}

/**
 * BullMQ's connection as options, not our client: BullMQ opens (and closes)
 * its own, and its blocking worker connection must never give up on a request.
 * Exported for its tests: REDIS_URL's parts (credentials, database, TLS) reach BullMQ only through it.
 */
export function connectionOptions(url: string) {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: u.port ? Number(u.port) : 6379,
    username: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    // "" and "/" are database 0: Number("") is 0.
    db: Number(u.pathname.slice(1)),
    tls: u.protocol === "rediss:" ? {} : undefined,
    maxRetriesPerRequest: null,
  };
}

function toStored(id: string, data: JobData, entries: Json[]): StoredJob {
  return {
    id,
    kind: data.kind,
    repo: data.repo,
    installationId: data.installationId,
    idempotencyKey: data.idempotencyKey,
    supersedeKey: data.supersedeKey,
    payload: data.payload,
    attempts: data.attempts,
    runAt: data.runAt,
    enqueuedAt: data.enqueuedAt,
    entries,
  };
}

/** A Redis URL for /healthz and logs: never its password. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    if (u.username) u.username = "***";
    return u.toString();
  } catch {
    return "redis";
  }
}

/**
 * BullMQ closes a connection still starting up (its Redis version check in flight) by cutting it, and removes the
 * connection's listeners as it does; the cut check's failure is then emitted as an `error` nobody listens to — an
 * unhandled rejection, which ends a Node process. A replica closed right after it opened (a deploy rolled back, a
 * failed start) would crash on the way out. So a closed queue or worker keeps one listener that drops those errors:
 * the connection is gone, nothing is left to report.
 */
function keepListening(owner: Queue | Worker): void {
  // Protected in BullMQ's types: `connection` of every queue and worker, `blockingConnection` of a worker.
  const { connection, blockingConnection } = owner as unknown as {
    connection: { on(event: "error", listener: () => void): unknown };
    blockingConnection?: { on(event: "error", listener: () => void): unknown };
  };
  connection.on("error", () => {});
  blockingConnection?.on("error", () => {});
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  // What the webhook's log shows when an enqueue gives up (the others are caught): no bare "timeout".
  const timeout = new Promise<never>(
    (_, reject) =>
      (timer = setTimeout(() => reject(new Error(`redis job queue: no answer from Redis within ${ms} ms`)), ms)),
  );
  // Stryker disable next-line ArrowFunction: a timer left running rejects a race already settled, which nobody sees (it keeps the process at most `ms` longer).
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
