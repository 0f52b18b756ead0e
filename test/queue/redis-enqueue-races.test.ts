import { Job, Queue } from "bullmq";
import { describe, expect, it, vi } from "vitest";
import type { JobSpec, SupersedeMerge } from "../../src/queue/job-queue.js";
import type { RedisJobQueue } from "../../src/queue/redis-job-queue.js";
import { useRedisQueues } from "./redis-queues.js";

/**
 * Two replicas storing jobs of one branch at the same moment: what one reads
 * (the waiting job to supersede) may change before its script stores the new
 * job. The queue's `merge` runs exactly in that window, so a merge that writes
 * to Redis (as the other replica would) makes the race happen every time.
 */
const store = useRedisQueues();
let prefixes = 0;

function open(prefix: string, merge: SupersedeMerge): RedisJobQueue {
  return store.open({ prefix, merge });
}

const later = () => Date.now() + 60_000;
const spec = (payload: string, extra: Partial<JobSpec> = {}): JobSpec => ({
  kind: "push-sync",
  repo: "acme/plans",
  installationId: 1,
  payload,
  runAt: later(),
  ...extra,
});

describe("Redis job queue: a supersede key changing while a job is stored", () => {
  it("the older job starting on another replica meanwhile: the newer one queues behind it, nothing replaced", async () => {
    const prefix = `started-${++prefixes}`;
    let merges = 0;
    const queue = open(prefix, (older, newer) => {
      // The other replica takes the older job's repository lease (as its CLAIM does) right now.
      if (merges++ === 0) void store.client.set(`${prefix}:ps:active:acme/plans`, older.id);
      return { payload: `${String(older.payload)}+${String(newer.payload)}` };
    });
    expect(await queue.enqueue(spec("push 1", { supersedeKey: "main" }))).toBe("queued");
    expect(await queue.enqueue(spec("push 2", { supersedeKey: "main" }))).toBe("queued");
    expect(merges).toBe(1);
    expect((await queue.list()).map((job) => job.payload)).toEqual(["push 1", "push 2"]);
  });

  it("an enqueue whose supersede key keeps changing under it gives up after ten tries with an error naming it", async () => {
    const prefix = `changing-${++prefixes}`;
    let merges = 0;
    let ids: string[] = [];
    const queue = open(prefix, (older, newer) => {
      merges++;
      // Each time it is read, another replica points the key at the other waiting job.
      void store.client.hset(`${prefix}:ps:sup:acme/plans`, "main", ids.find((id) => id !== older.id) ?? "");
      return { payload: newer.payload };
    });
    await queue.enqueue(spec("push 1", { supersedeKey: "main" }));
    await queue.enqueue(spec("tag", { supersedeKey: "v1" }));
    ids = (await queue.list()).map((job) => job.id);
    await expect(queue.enqueue(spec("push 2", { supersedeKey: "main" }))).rejects.toThrow(
      "acme/plans: could not enqueue push-sync: its supersede key kept changing",
    );
    expect(merges).toBe(10);
    // Nothing of the failed enqueue is stored or left waiting in BullMQ: the webhook fails, GitHub redelivers.
    expect((await queue.list()).map((job) => job.payload)).toEqual(["push 1", "tag"]);
    expect(await store.client.zcard(`${prefix}:jobs:delayed`)).toBe(2);
  });

  it("an entry whose key another replica gave a waiting job meanwhile joins that job", async () => {
    const prefix = `joined-${++prefixes}`;
    const queue = open(prefix, (_older, newer) => ({ payload: newer.payload }));
    await queue.enqueue(spec("push 1", { supersedeKey: "other" }));
    const [waiting] = await queue.list();
    // The entry's time is read once to look for a job to join (none yet) and again to store a job of its own:
    // between the two, the other replica's job takes the entry's key.
    let reads = 0;
    const runAt = later();
    const entry = { ...spec("close", { supersedeKey: "main", entry: { issue: 7 } }) };
    Object.defineProperty(entry, "runAt", {
      enumerable: true,
      get: () => {
        if (++reads === 2) void store.client.hset(`${prefix}:ps:sup:acme/plans`, "main", waiting!.id);
        return runAt;
      },
    });
    expect(await queue.enqueue(entry)).toBe("joined");
    expect((await queue.list()).map((job) => [job.payload, job.entries])).toEqual([["push 1", [{ issue: 7 }]]]);
  });

  it("an entry whose key another replica gives a waiting job after the entry looked, before its script, joins on its next try", async () => {
    const prefix = `joined-late-${++prefixes}`;
    const queue = open(prefix, (_older, newer) => ({ payload: newer.payload }));
    await queue.enqueue(spec("push 1", { supersedeKey: "other" }));
    const [waiting] = await queue.list();
    // BullMQ's add comes after every look for a job to join and before the script that stores the entry's own job:
    // the other replica's job takes the entry's key exactly then.
    const add = Queue.prototype.add;
    let adds = 0;
    const spy = vi.spyOn(Queue.prototype, "add").mockImplementation(async function (this: Queue, ...args) {
      if (adds++ === 0) await store.client.hset(`${prefix}:ps:sup:acme/plans`, "main", waiting!.id);
      return add.apply(this, args);
    });
    try {
      expect(await queue.enqueue(spec("close", { supersedeKey: "main", entry: { issue: 7 } }))).toBe("joined");
    } finally {
      spy.mockRestore();
    }
    expect((await queue.list()).map((job) => [job.payload, job.entries])).toEqual([["push 1", [{ issue: 7 }]]]);
    // The entry's own job, added to BullMQ before its script said "changed", is not left waiting there.
    expect(await store.client.zcard(`${prefix}:jobs:delayed`)).toBe(1);
  });

  it("an entry whose key's job another replica gives it and then starts meanwhile is stored as a job of its own", async () => {
    const prefix = `started-late-${++prefixes}`;
    const queue = open(prefix, (_older, newer) => ({ payload: newer.payload }));
    await queue.enqueue(spec("push 1", { supersedeKey: "other" }));
    const [waiting] = await queue.list();
    // The other replica's job takes the entry's key before the entry's script (which answers "changed"), and starts
    // before the entry looks again (as the entry's half-stored BullMQ copy is removed): nothing to join any more.
    const add = Queue.prototype.add;
    const remove = Job.prototype.remove;
    const addSpy = vi.spyOn(Queue.prototype, "add").mockImplementation(async function (this: Queue, ...args) {
      if (addSpy.mock.calls.length === 1) await store.client.hset(`${prefix}:ps:sup:acme/plans`, "main", waiting!.id);
      return add.apply(this, args);
    });
    const removeSpy = vi.spyOn(Job.prototype, "remove").mockImplementation(async function (this: Job, ...args) {
      if (removeSpy.mock.calls.length === 1) await store.client.set(`${prefix}:ps:active:acme/plans`, waiting!.id);
      return remove.apply(this, args);
    });
    try {
      expect(await queue.enqueue(spec("close", { supersedeKey: "main", entry: { issue: 7 } }))).toBe("queued");
    } finally {
      addSpy.mockRestore();
      removeSpy.mockRestore();
    }
    expect((await queue.list()).map((job) => [job.payload, job.entries])).toEqual([
      ["push 1", []],
      ["close", [{ issue: 7 }]],
    ]);
  });

  it("a redelivery stored by another replica meanwhile is a duplicate, and leaves nothing waiting in BullMQ", async () => {
    const prefix = `redelivered-${++prefixes}`;
    const queue = open(prefix, (older, newer) => {
      // The other replica stores the same delivery (its idempotency key) right now.
      void store.client.set(`${prefix}:ps:idem:delivery-2`, "j99");
      return { payload: newer.payload };
    });
    await queue.enqueue(spec("push 1", { supersedeKey: "main" }));
    expect(await queue.enqueue(spec("push 2", { supersedeKey: "main", idempotencyKey: "delivery-2" }))).toBe(
      "duplicate",
    );
    expect((await queue.list()).map((job) => job.payload)).toEqual(["push 1"]);
    expect(await store.client.zcard(`${prefix}:jobs:delayed`)).toBe(1);
    expect(await store.client.llen(`${prefix}:jobs:wait`)).toBe(0);
  });
});
