import { Job, Queue } from "bullmq";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { StoredJob } from "../../src/queue/job-queue.js";
import { RedisJobQueue } from "../../src/queue/redis-job-queue.js";
import { startRedis, type RedisServer } from "../support/redis-server.js";

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});

/** One delivery of a write-back burst: entry `entry` of the burst's one job, due at `runAt`, at most a minute late. */
const burst = (entry: number, key: string, runAt: number) => ({
  kind: "write-back",
  repo: "acme/a",
  installationId: 1,
  payload: "burst",
  supersedeKey: "burst",
  idempotencyKey: key,
  entry,
  runAt,
  runBy: runAt + 60_000,
});

describe("redis job queue: an entry joining a job that is being put back for its retry", () => {
  it("is answered before the job is back (the wake follows the answer), and the job still runs at the entry's time", async () => {
    const queue = new RedisJobQueue({ url: redis.url, prefix: "join-retry", leaseMs: 5_000, recheckMs: 20 });
    const t = Date.now();
    // A delivery arrives after the replica stored the burst's retry (a minute away) and before BullMQ has the job back
    // from "active": the moment the replica calls moveToDelayed. That call waits for the delivery's answer — an answer
    // that waited for the job to leave "active" would come only after its own time-out here.
    let answer: unknown = null;
    const moveToDelayed = Job.prototype.moveToDelayed;
    const spy = vi.spyOn(Job.prototype, "moveToDelayed").mockImplementation(async function (this: Job, ...args) {
      if ((this.data as { attempts?: number }).attempts === 1 && answer === null) {
        answer = "pending";
        answer = await Promise.race([
          queue.enqueue(burst(2, "d2", Date.now() + 30)),
          new Promise((r) => setTimeout(() => r("no answer while the job was active"), 3_000)),
        ]);
      }
      return moveToDelayed.apply(this, args);
    });
    try {
      await queue.enqueue(burst(1, "d1", t));
      const seen: StoredJob[] = [];
      await queue.start(async (job) => {
        seen.push(job);
        return job.attempts === 0 ? { kind: "retry", runAt: Date.now() + 60_000 } : { kind: "done" };
      });
      for (let i = 0; i < 500 && seen.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
      expect(answer).toBe("joined");
      // Woken at the entry's time, not the retry's minute.
      expect(seen.map((j) => [j.attempts, j.entries])).toEqual([
        [0, [1]],
        [1, [1, 2]],
      ]);
    } finally {
      spy.mockRestore();
      await queue.stop(1_000);
      await queue.close();
    }
  });

  it("a wake that finds the job still active waits until its replica has put it back, then moves it to the entry's time", async () => {
    const queue = new RedisJobQueue({ url: redis.url, prefix: "join-retry-active", leaseMs: 5_000, recheckMs: 20 });
    const t = Date.now();
    // The order the other test leaves to chance: the replica puts the job back only after the wake has seen it active.
    const states: string[] = [];
    const getState = Job.prototype.getState;
    const stateSpy = vi.spyOn(Job.prototype, "getState").mockImplementation(async function (this: Job) {
      const state = await getState.apply(this);
      states.push(state);
      return state;
    });
    let answer: unknown = null;
    const moveToDelayed = Job.prototype.moveToDelayed;
    const moveSpy = vi.spyOn(Job.prototype, "moveToDelayed").mockImplementation(async function (this: Job, ...args) {
      if ((this.data as { attempts?: number }).attempts === 1 && answer === null) {
        answer = await queue.enqueue(burst(2, "d2", Date.now() + 30));
        for (let i = 0; i < 150 && !states.includes("active"); i++) await new Promise((r) => setTimeout(r, 20));
      }
      return moveToDelayed.apply(this, args);
    });
    try {
      await queue.enqueue(burst(1, "d1", t));
      const seen: StoredJob[] = [];
      await queue.start(async (job) => {
        seen.push(job);
        return job.attempts === 0 ? { kind: "retry", runAt: Date.now() + 60_000 } : { kind: "done" };
      });
      for (let i = 0; i < 300 && seen.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
      expect(answer).toBe("joined");
      expect(states[0]).toBe("active");
      // Not left at the retry's minute: the wake looked again once the job was delayed.
      expect(seen.map((j) => [j.attempts, j.entries])).toEqual([
        [0, [1]],
        [1, [1, 2]],
      ]);
    } finally {
      moveSpy.mockRestore();
      stateSpy.mockRestore();
      await queue.stop(1_000);
      await queue.close();
    }
  });

  it("a wake that fails is a warning naming the job, and the job stays stored with the entry: late, not lost", async () => {
    const warnings: Array<[unknown, string]> = [];
    const queue = new RedisJobQueue({
      url: redis.url,
      prefix: "join-retry-failed-wake",
      leaseMs: 5_000,
      recheckMs: 20,
      log: {
        warn: (fields: unknown, message?: string) => void warnings.push([fields, String(message)]),
        error: () => {},
      },
    });
    const t = Date.now();
    const getJob = vi.spyOn(Queue.prototype, "getJob");
    try {
      await queue.enqueue(burst(1, "d1", t));
      await queue.start(async () => ({ kind: "retry", runAt: Date.now() + 60_000 }));
      for (let i = 0; i < 250 && (await queue.list())[0]?.attempts !== 1; i++)
        await new Promise((r) => setTimeout(r, 20));
      // Redis fails the wake's first read (a connection lost for a moment).
      getJob.mockRejectedValueOnce(new Error("connection lost"));
      expect(await queue.enqueue(burst(2, "d2", Date.now() + 30))).toBe("joined");
      for (let i = 0; i < 250 && warnings.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
      expect(warnings).toEqual([
        [
          { err: expect.objectContaining({ message: "connection lost" }) },
          "redis job queue: could not move job j1 sooner",
        ],
      ]);
      expect(await queue.list()).toMatchObject([{ attempts: 1, entries: [1, 2] }]);
    } finally {
      getJob.mockRestore();
      await queue.stop(1_000);
      await queue.close();
    }
  });
});

/**
 * How long a wake keeps looking. It runs after the webhook's answer, so nobody waits for it; but a wake that never
 * stops would poll Redis for ever, and one that outlives close() would fail against a closed connection.
 */
describe("redis job queue: a wake of a job another replica holds", () => {
  const opened: RedisJobQueue[] = [];
  afterEach(async () => {
    vi.restoreAllMocks();
    for (const queue of opened.splice(0)) await queue.close();
  });
  /** A burst waiting a minute for its retry, and what BullMQ will say of its state to the wake. */
  async function burstHeld(prefix: string, leaseMs: number, held: (this: Job) => Promise<string>) {
    const warnings: string[] = [];
    const queue = new RedisJobQueue({
      url: redis.url,
      prefix,
      leaseMs,
      recheckMs: 20,
      log: { warn: (_fields: unknown, message?: string) => void warnings.push(String(message)), error: () => {} },
    });
    opened.push(queue);
    expect(await queue.enqueue(burst(1, "d1", Date.now() + 60_000))).toBe("queued");
    const looks = vi.spyOn(Job.prototype, "getState").mockImplementation(held as never);
    // A close due sooner joins: the wake starts after this answer.
    expect(await queue.enqueue(burst(2, "d2", Date.now() + 1_000))).toBe("joined");
    return { queue, warnings, looks };
  }
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it("gives up when the job's lease ends: held that long, its replica died, and BullMQ's stall check puts it back", async () => {
    const { looks } = await burstHeld("wake-lease", 200, async () => "active");
    // One look every 20 ms for the 200 ms of a lease: 10, then no more.
    await pause(600);
    expect(looks).toHaveBeenCalledTimes(10);
    await pause(200);
    expect(looks).toHaveBeenCalledTimes(10);
  });

  it("stops at once when the job is neither delayed nor active (finished meanwhile)", async () => {
    const { looks } = await burstHeld("wake-finished", 5_000, async () => "completed");
    await pause(200);
    expect(looks).toHaveBeenCalledTimes(1);
  });

  it("stops at close, and close waits for its look in flight: nothing fails against a closed connection", async () => {
    const getState = Job.prototype.getState;
    let inFlight = false;
    const { queue, warnings, looks } = await burstHeld("wake-close", 5_000, async function (this: Job) {
      // Each look takes 100 ms to reach Redis: close comes while one is under way.
      inFlight = true;
      await pause(100);
      const state = await getState.apply(this);
      inFlight = false;
      return state === "delayed" ? "active" : state;
    });
    for (let i = 0; i < 100 && !inFlight; i++) await pause(5);
    expect(inFlight).toBe(true);
    await queue.close();
    const seen = looks.mock.calls.length;
    await pause(300);
    expect(looks.mock.calls.length).toBe(seen);
    expect(warnings).toEqual([]);
  });
});
