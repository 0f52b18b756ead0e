import { describe, expect, it } from "vitest";
import { Queue } from "bullmq";
import type { JobOutcome, JobSpec } from "../../src/queue/job-queue.js";
import type { RedisJobQueue } from "../../src/queue/redis-job-queue.js";
import { useRedisQueues } from "./redis-queues.js";

/**
 * A long-running App shares its Redis for months: every finished job, removed
 * note and ended lease must leave nothing behind that grows without bound. An
 * operator sees it with `redis-cli --scan`; so does this test.
 */
const store = useRedisQueues();
let prefixes = 0;

function open(prefix: string): RedisJobQueue {
  return store.open({ prefix, leaseMs: 1_000, recheckMs: 20 });
}

const spec = (repo: string, payload: string, extra: Partial<JobSpec> = {}): JobSpec => ({
  kind: "push-sync",
  repo,
  installationId: 1,
  payload,
  ...extra,
});

/** Every key of plan-sync's own store under the prefix, with what it holds (a hash's fields, a set's members). */
async function keyspace(prefix: string): Promise<Record<string, unknown>> {
  const keys = (await store.client.keys(`${prefix}:ps:*`)).sort();
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const type = await store.client.type(key);
    const name = key.slice(prefix.length + 1);
    if (type === "zset") out[name] = await store.client.zrange(key, 0, -1);
    else if (type === "hash") out[name] = Object.keys(await store.client.hgetall(key)).sort();
    else if (type === "list") out[name] = await store.client.lrange(key, 0, -1);
    else out[name] = await store.client.get(key);
  }
  return out;
}

describe("what a Redis job queue leaves in Redis", () => {
  it("a job that succeeded, one that failed and one superseded leave only the succeeded idempotency key behind", async () => {
    const prefix = `left-${++prefixes}`;
    const queue = open(prefix);
    const outcomes: Record<string, JobOutcome> = { ok: { kind: "done" }, slow: { kind: "done" } };
    await queue.start(async (job) => {
      if (job.payload === "boom") throw new Error("boom");
      // Long enough for its lease to be renewed (a third of the lease): the renewal leaves nothing either.
      if (job.payload === "slow") await new Promise((resolve) => setTimeout(resolve, 500));
      return outcomes[job.payload as string] ?? { kind: "failed" };
    });
    // Superseded before it runs: the newer job replaces it.
    await queue.enqueue(spec("acme/branch", "old", { supersedeKey: "main", runAt: Date.now() + 60_000 }));
    await queue.enqueue(spec("acme/branch", "ok", { supersedeKey: "main", idempotencyKey: "d-branch" }));
    await queue.enqueue(spec("acme/plans", "ok", { idempotencyKey: "d-ok" }));
    await queue.enqueue(spec("acme/plans", "boom", { idempotencyKey: "d-boom" }));
    await queue.enqueue(spec("acme/plans", "fails", { idempotencyKey: "d-fails" }));
    await queue.enqueue(spec("acme/slow", "slow"));
    await queue.onIdle();
    expect(await keyspace(prefix)).toEqual({
      "ps:done": ["d-branch", "d-ok"],
      "ps:idem:d-branch": "done",
      "ps:idem:d-ok": "done",
      "ps:seq": "6",
    });
    // BullMQ's keys: the queue's own bookkeeping only, no finished job (BullMQ keeps them unless told not to).
    const bookkeeping = new Set(["events", "id", "meta", "stalled-check", "marker"]);
    const bullKeys = await store.client.keys(`${prefix}:jobs:*`);
    expect(bullKeys.filter((key) => !bookkeeping.has(key.slice(`${prefix}:jobs:`.length)))).toEqual([]);
  });

  it("a burst job with entries leaves only its deliveries' succeeded keys behind, a failed one nothing", async () => {
    const prefix = `entries-${++prefixes}`;
    const queue = open(prefix);
    const burst = (repo: string, entry: number, key: string) =>
      spec(repo, "burst", { supersedeKey: "burst", idempotencyKey: key, entry, runAt: Date.now() + 60_000 });
    await queue.enqueue(burst("acme/ok", 1, "d-1"));
    await queue.enqueue(burst("acme/ok", 2, "d-2"));
    await queue.enqueue(burst("acme/fails", 3, "d-3"));
    await queue.enqueue(burst("acme/fails", 4, "d-4"));
    await queue.start(async (job) => ({ kind: job.repo === "acme/ok" ? "done" : "failed" }));
    await queue.promoteDelayed();
    await queue.onIdle();
    // No entries list, no entry-key list: the job's end took them with it.
    expect(await keyspace(prefix)).toEqual({
      "ps:done": ["d-1", "d-2"],
      "ps:idem:d-1": "done",
      "ps:idem:d-2": "done",
      "ps:seq": "2",
    });
  });

  it("a job whose end Redis refuses to store leaves no failed copy in BullMQ", async () => {
    const prefix = `refused-${++prefixes}`;
    const queue = open(prefix);
    const bull = new Queue("jobs", {
      connection: { host: "127.0.0.1", port: Number(new URL(store.redis.url).port) },
      prefix,
    });
    try {
      await queue.start(async () => {
        // The set of succeeded keys turned into a string: the script storing the job's end fails half-way, as it
        // would on a Redis out of memory, and BullMQ records the job as failed.
        await store.client.set(`${prefix}:ps:done`, "not a sorted set");
        return { kind: "done" };
      });
      await queue.enqueue(spec("acme/plans", "sync", { idempotencyKey: "d-1" }));
      let state = "";
      while (state !== "failed" && state !== "unknown") {
        await new Promise((resolve) => setTimeout(resolve, 20));
        state = await bull.getJobState("j1");
      }
      expect(state).toBe("unknown");
    } finally {
      await bull.close();
    }
  });

  it("a BullMQ job its enqueue never confirmed (the process died before the script) is dropped when due, never run", async () => {
    const prefix = `unconfirmed-${++prefixes}`;
    const queue = open(prefix);
    const bull = new Queue("jobs", {
      connection: { host: "127.0.0.1", port: Number(new URL(store.redis.url).port) },
      prefix,
    });
    try {
      const ran: unknown[] = [];
      await queue.start(async (job) => {
        ran.push(job.payload);
        return { kind: "done" };
      });
      // What enqueue adds before its script, as enqueue adds it, its 10-minute hold over: no plan-sync key knows it.
      await bull.add(
        "push-sync",
        { kind: "push-sync", repo: "acme/plans", installationId: 1, payload: "half-stored", attempts: 0, runAt: 0 },
        { jobId: "j999", removeOnComplete: true, removeOnFail: true },
      );
      // Dropped at its first look, not put back to look again every recheckMs for ever.
      let state = "";
      for (let i = 0; i < 250 && state !== "unknown"; i++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        state = await bull.getJobState("j999");
      }
      expect(state).toBe("unknown");
      expect(ran).toEqual([]);
      expect(await keyspace(prefix)).toEqual({});
    } finally {
      await bull.close();
    }
  });

  it("a note removed with null leaves nothing behind", async () => {
    const prefix = `notes-${++prefixes}`;
    const queue = open(prefix);
    await queue.writeNote("kept", { sha: "abc" });
    await queue.writeNote("gone", { sha: "def" });
    await queue.writeNote("gone", null);
    expect(await keyspace(prefix)).toEqual({ "ps:notes": ["kept"], "ps:notes-at": ["kept"] });
  });
});
