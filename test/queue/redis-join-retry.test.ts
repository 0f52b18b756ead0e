import { Job, Queue } from "bullmq";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
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

describe("redis job queue: a wake that fails", () => {
  it("is logged as a warning; the entry is stored and answered all the same, its job keeps the entry's time", async () => {
    const warnings: Array<[unknown, string]> = [];
    const queue = new RedisJobQueue({
      url: redis.url,
      prefix: "join-wake-fails",
      leaseMs: 5_000,
      recheckMs: 20,
      log: {
        warn: (fields: unknown, message?: string) => void warnings.push([fields, String(message)]),
        error: () => {},
      },
    });
    const t = Date.now();
    try {
      // The burst waits for its retry, a minute away; a close due sooner joins it and BullMQ's job must be woken.
      expect(await queue.enqueue(burst(1, "d1", t + 60_000))).toBe("queued");
      // The wake's first look at BullMQ fails (Redis failing over, say).
      const spy = vi.spyOn(Queue.prototype, "getJob").mockRejectedValueOnce(new Error("READONLY replica"));
      try {
        expect(await queue.enqueue(burst(2, "d2", t + 1_000))).toBe("joined");
        for (let i = 0; i < 100 && warnings.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
      } finally {
        spy.mockRestore();
      }
      expect(warnings).toEqual([
        [
          { err: expect.objectContaining({ message: "READONLY replica" }) },
          "redis job queue: could not move job j1 sooner",
        ],
      ]);
      // Late, not lost: the entry is stored, and the job's time in plan-sync's own store is the entry's.
      expect((await queue.list()).map((job) => [job.entries, job.runAt])).toEqual([[[1, 2], t + 1_000]]);
    } finally {
      await queue.close();
    }
  });
});
