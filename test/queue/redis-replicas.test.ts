import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { JobOutcome, JobSpec, StoredJob } from "../../src/queue/job-queue.js";
import { Redis } from "ioredis";
import { RedisJobQueue } from "../../src/queue/redis-job-queue.js";
import { startRedis, type RedisServer } from "../support/redis-server.js";

/**
 * Two replicas of the App share one Redis: what the contract suite cannot
 * show with one queue object. GitHub may deliver any event to any replica.
 */
let redis: RedisServer;
let prefixes = 0;
let prefix = "";
const opened: RedisJobQueue[] = [];

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});
afterEach(async () => {
  for (const queue of opened.splice(0)) {
    await queue.stop(0);
    await queue.close();
  }
});

function replica(leaseMs = 1_000): RedisJobQueue {
  if (opened.length === 0) prefix = `replicas-${++prefixes}`;
  const queue = new RedisJobQueue({
    url: redis.url,
    prefix,
    leaseMs,
    recheckMs: 20,
    log: { warn: () => {}, error: () => {} },
  });
  opened.push(queue);
  return queue;
}

const spec = (repo: string, payload: string, extra: Partial<JobSpec> = {}): JobSpec => ({
  kind: "push-sync",
  repo,
  installationId: 1,
  payload,
  ...extra,
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("Redis job queue shared by two replicas", () => {
  it("never runs two jobs of one repository at once, whichever replica takes them, and keeps their order", async () => {
    const a = replica();
    const b = replica();
    const log: string[] = [];
    let live = 0;
    let maxLive = 0;
    const runner =
      (name: string) =>
      async (job: StoredJob): Promise<JobOutcome> => {
        live++;
        maxLive = Math.max(maxLive, live);
        log.push(`${name}:${job.payload as string}`);
        await sleep(30);
        live--;
        return { kind: "done" };
      };
    await a.start(runner("a"));
    await b.start(runner("b"));
    for (let i = 1; i <= 8; i++) await (i % 2 ? a : b).enqueue(spec("acme/plans", `p${i}`));
    await a.onIdle();
    expect(maxLive).toBe(1);
    expect(log.map((l) => l.split(":")[1])).toEqual(["p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8"]);
  });

  it("a redelivery landing on the other replica is a no-op, while queued and after it ran", async () => {
    const a = replica();
    const b = replica();
    expect(await a.enqueue(spec("acme/plans", "first", { idempotencyKey: "delivery-1" }))).toBe("queued");
    expect(await b.enqueue(spec("acme/plans", "again", { idempotencyKey: "delivery-1" }))).toBe("duplicate");
    const ran: unknown[] = [];
    await b.start(async (job) => {
      ran.push(job.payload);
      return { kind: "done" };
    });
    await b.onIdle();
    expect(await a.enqueue(spec("acme/plans", "later", { idempotencyKey: "delivery-1" }))).toBe("duplicate");
    expect(ran).toEqual(["first"]);
  });

  it("a newer push of a branch on one replica replaces the one still waiting from the other", async () => {
    const a = replica();
    const b = replica();
    await a.enqueue(spec("acme/plans", "old push", { supersedeKey: "push:refs/heads/main", idempotencyKey: "old" }));
    expect(
      await b.enqueue(spec("acme/plans", "new push", { supersedeKey: "push:refs/heads/main", idempotencyKey: "new" })),
    ).toBe("superseded");
    const ran: unknown[] = [];
    await a.start(async (job) => {
      ran.push(job.payload);
      return { kind: "done" };
    });
    await a.onIdle();
    expect(ran).toEqual(["new push"]);
    // The replaced delivery's key was released: were it delivered again, it would not be lost.
    expect(await b.enqueue(spec("acme/plans", "old again", { idempotencyKey: "old" }))).toBe("queued");
  });

  it("a replica that dies mid-job: the other takes the job over after the lease and finishes it, once", async () => {
    const a = replica(800);
    const b = replica(800);
    const ranOn: string[] = [];
    let release!: () => void;
    await a.start(async (job) => {
      ranOn.push(`a:${job.payload as string}`);
      // Hangs as a killed process would: never returns, never renews (stop(0) below stops the renewals).
      await new Promise<void>((r) => (release = r));
      return { kind: "done" };
    });
    await a.enqueue(spec("acme/plans", "sync", { idempotencyKey: "push-1" }));
    await a.enqueue(spec("acme/plans", "next"));
    while (ranOn.length === 0) await sleep(10);
    // "SIGKILL": replica a stops renewing its lease and never reports.
    await a.stop(0);
    const started = Date.now();
    await b.start(async (job) => {
      ranOn.push(`b:${job.payload as string}`);
      return { kind: "done" };
    });
    await b.onIdle();
    expect(ranOn).toEqual(["a:sync", "b:sync", "b:next"]);
    // Not before the dead replica's lease lapsed: two replicas never run one repository at once.
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    release();
    await sleep(50);
    expect(await b.enqueue(spec("acme/plans", "redelivered", { idempotencyKey: "push-1" }))).toBe("duplicate");
  });

  it("a dead replica's job counts as waiting on /healthz once its lease lapsed, not as running", async () => {
    const a = replica(500);
    const b = replica(500);
    let started = false;
    await a.start(async () => {
      started = true;
      await new Promise<never>(() => {});
      return { kind: "done" };
    });
    await a.enqueue(spec("acme/plans", "sync"));
    while (!started) await sleep(10);
    expect(await b.stats()).toMatchObject({ waiting: 0, running: 1, healthy: true });
    // "SIGKILL": its connections gone, replica a renews nothing more.
    await a.stop(0);
    await a.close();
    await sleep(700);
    expect(await b.stats()).toMatchObject({ waiting: 1, running: 0, healthy: true });
  });

  it("a job running longer than its lease is still running: a newer push queues behind it instead of replacing it", async () => {
    const a = replica(400);
    const b = replica(400);
    const log: string[] = [];
    const runner = async (job: StoredJob): Promise<JobOutcome> => {
      log.push(`starts ${job.payload as string}`);
      // Three leases long: only the renewals keep the job's repository taken.
      if (job.payload === "long") await sleep(1_200);
      log.push(`ends ${job.payload as string}`);
      return { kind: "done" };
    };
    await a.start(runner);
    await a.enqueue(spec("acme/plans", "long", { supersedeKey: "push:refs/heads/main" }));
    while (log.length === 0) await sleep(10);
    await sleep(700);
    await b.start(runner);
    expect(await b.enqueue(spec("acme/plans", "next", { supersedeKey: "push:refs/heads/main" }))).toBe("queued");
    await b.onIdle();
    await a.onIdle();
    // Whichever replica takes "next", it starts after "long" ended, and "long" ran once.
    expect(log).toEqual(["starts long", "ends long", "starts next", "ends next"]);
  });

  it("a replica stopped past its deadline writes nothing when its job ends later: another replica runs the job again", async () => {
    const a = replica(800);
    const b = replica(800);
    const ranOn: string[] = [];
    let release!: () => void;
    await a.start(async (job) => {
      ranOn.push(`a:${job.payload as string}`);
      await new Promise<void>((r) => (release = r));
      return { kind: "done" };
    });
    await a.enqueue(spec("acme/plans", "sync", { idempotencyKey: "push-1" }));
    while (ranOn.length === 0) await sleep(10);
    expect(await a.stop(10)).toEqual({ interrupted: 1, left: 0 });
    // The job ends after all, on a replica that has already reported it as interrupted.
    release();
    await sleep(50);
    await b.start(async (job) => {
      ranOn.push(`b:${job.payload as string}`);
      return { kind: "done" };
    });
    await b.onIdle();
    expect(ranOn).toEqual(["a:sync", "b:sync"]);
  });

  it("Redis going away under a running replica is logged with its error, and the replica reports itself unhealthy", async () => {
    const own = await startRedis();
    const errors: Array<[unknown, string]> = [];
    const queue = new RedisJobQueue({
      url: own.url,
      prefix: "going-away",
      log: {
        warn: () => {},
        error: (fields: unknown, message?: string) => void errors.push([fields, String(message)]),
      },
    });
    try {
      await queue.start(async () => ({ kind: "done" }));
      await own.stop();
      while (errors.length === 0) await sleep(20);
      expect(errors[0]).toEqual([
        // The cause as the connection saw it (a reset or a refused reconnect, depending on timing).
        { err: expect.any(Error) },
        "redis job queue: worker error",
      ]);
      expect(await queue.stats()).toMatchObject({ healthy: false });
    } finally {
      // Not stop() (afterEach): with its Redis gone for good, close alone is enough and its waits are bounded.
      await queue.close();
      await own.stop();
    }
  });

  it("remembers succeeded keys up to its bound, the oldest forgotten first", async () => {
    const queue = new RedisJobQueue({ url: redis.url, prefix: `bound-${++prefixes}`, doneKeyLimit: 2 });
    opened.push(queue);
    await queue.start(async () => ({ kind: "done" }));
    for (const key of ["k1", "k2", "k3"]) await queue.enqueue(spec("acme/plans", key, { idempotencyKey: key }));
    await queue.onIdle();
    expect(await queue.enqueue(spec("acme/plans", "k2 again", { idempotencyKey: "k2" }))).toBe("duplicate");
    expect(await queue.enqueue(spec("acme/plans", "k3 again", { idempotencyKey: "k3" }))).toBe("duplicate");
    expect(await queue.enqueue(spec("acme/plans", "k1 again", { idempotencyKey: "k1" }))).toBe("queued");
  });

  it("without a prefix, the store's keys live under plan-sync:ps: (what an operator finds in Redis)", async () => {
    const client = new Redis(redis.url);
    try {
      await client.flushall();
      const queue = new RedisJobQueue({ url: redis.url });
      opened.push(queue);
      await queue.enqueue(spec("acme/plans", "sync"));
      expect(await client.zcard("plan-sync:ps:all")).toBe(1);
    } finally {
      client.disconnect();
    }
  });

  it("with Redis gone: unhealthy, and an enqueue fails (the webhook gets an error, GitHub redelivers) instead of hanging", async () => {
    const queue = new RedisJobQueue({
      url: "redis://plan-sync:secret@127.0.0.1:1",
      prefix: "nowhere",
      enqueueTimeoutMs: 1_000,
    });
    opened.push(queue);
    // /healthz shows where the store is, never its password.
    expect(await queue.stats()).toEqual({
      backend: "redis",
      location: "redis://***:***@127.0.0.1:1",
      waiting: 0,
      delayed: 0,
      running: 0,
      healthy: false,
    });
    await expect(queue.enqueue(spec("acme/plans", "lost?"))).rejects.toThrow();
    // Stopping a replica whose Redis is gone still answers (nothing known to be left), for the shutdown to go on.
    expect(await queue.stop(0)).toEqual({ interrupted: 0, left: 0 });
  });
});
