import { describe, expect, it } from "vitest";
import { RepoQueue, type RepoJob } from "../../src/queue/repo-queue.js";

/** A job that runs until the test releases it, recording what happened. */
function gate() {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  return { release, released };
}

function recorder() {
  const events: string[] = [];
  const gates = new Map<string, ReturnType<typeof gate>>();
  const job = (repo: string, name: string, extra: Partial<RepoJob> = {}): RepoJob => {
    const g = gate();
    gates.set(name, g);
    return {
      repo,
      name,
      ...extra,
      run: async () => {
        events.push(`start ${name}`);
        await g.released;
        events.push(`end ${name}`);
      },
    };
  };
  const release = (name: string) => gates.get(name)!.release();
  return { events, job, release };
}

const tick = () => new Promise((r) => setTimeout(r, 5));
const silent = { error: () => {} };

describe("RepoQueue", () => {
  it("returns from enqueue before the job starts", async () => {
    const queue = new RepoQueue({ log: silent });
    const { events, job, release } = recorder();

    expect(queue.enqueue(job("acme/app", "a"))).toBe("queued");
    expect(events).toEqual([]);

    await tick();
    release("a");
    await queue.onIdle();
    expect(events).toEqual(["start a", "end a"]);
  });

  it("runs one job at a time per repository, in order", async () => {
    const queue = new RepoQueue({ log: silent });
    const { events, job, release } = recorder();
    queue.enqueue(job("acme/app", "a"));
    queue.enqueue(job("ACME/app", "b"));

    await tick();
    expect(events).toEqual(["start a"]);
    release("b");
    release("a");
    await queue.onIdle();
    expect(events).toEqual(["start a", "end a", "start b", "end b"]);
  });

  it("runs different repositories at the same time, up to the bound", async () => {
    const queue = new RepoQueue({ concurrency: 2, log: silent });
    const { events, job, release } = recorder();
    queue.enqueue(job("acme/one", "1"));
    queue.enqueue(job("acme/two", "2"));
    queue.enqueue(job("acme/three", "3"));

    await tick();
    expect(events).toEqual(["start 1", "start 2"]);
    release("2");
    await tick();
    expect(events).toEqual(["start 1", "start 2", "end 2", "start 3"]);
    release("1");
    release("3");
    await queue.onIdle();
  });

  it("lets a newer push replace one still waiting, but not the running one", async () => {
    const queue = new RepoQueue({ log: silent });
    const { events, job, release } = recorder();
    const push = { supersedeKey: "push:refs/heads/main" };
    queue.enqueue(job("acme/app", "push1", push));
    await tick();
    queue.enqueue(job("acme/app", "push2", push));
    queue.enqueue(job("acme/app", "issue-closed"));
    expect(queue.enqueue(job("acme/app", "push3", push))).toBe("superseded");

    release("push1");
    release("issue-closed");
    release("push3");
    await queue.onIdle();
    expect(events).toEqual([
      "start push1",
      "end push1",
      "start issue-closed",
      "end issue-closed",
      "start push3",
      "end push3",
    ]);
  });

  it("skips a redelivery of a job queued, running or done", async () => {
    const queue = new RepoQueue({ log: silent });
    const { events, job, release } = recorder();
    queue.enqueue(job("acme/app", "first", { idempotencyKey: "push:abc" }));
    expect(queue.enqueue(job("acme/app", "again-queued", { idempotencyKey: "push:abc" }))).toBe("duplicate");
    release("first");
    await queue.onIdle();

    expect(queue.enqueue(job("acme/app", "again-done", { idempotencyKey: "push:abc" }))).toBe("duplicate");
    expect(queue.enqueue(job("acme/app", "other", { idempotencyKey: "push:def" }))).toBe("queued");
    release("other");
    await queue.onIdle();
    expect(events).toEqual(["start first", "end first", "start other", "end other"]);
  });

  it("releases a replaced push's idempotency key, so a later redelivery of that push runs", async () => {
    const queue = new RepoQueue({ log: silent });
    const { events, job, release } = recorder();
    const push = { supersedeKey: "push:refs/heads/main" };
    queue.enqueue(job("acme/app", "running", { ...push, idempotencyKey: "push:aaa" }));
    await tick();
    queue.enqueue(job("acme/app", "replaced", { ...push, idempotencyKey: "push:bbb" }));
    expect(queue.enqueue(job("acme/app", "latest", { ...push, idempotencyKey: "push:ccc" }))).toBe("superseded");
    release("running");
    release("latest");
    await queue.onIdle();

    // GitHub redelivers the replaced push (e.g. a failed delivery retried): it never ran, so it is not a duplicate.
    expect(queue.enqueue(job("acme/app", "redelivered", { ...push, idempotencyKey: "push:bbb" }))).toBe("queued");
    release("redelivered");
    await queue.onIdle();
    expect(events).toEqual([
      "start running",
      "end running",
      "start latest",
      "end latest",
      "start redelivered",
      "end redelivered",
    ]);
  });

  it("forgets the oldest done keys beyond its bound", async () => {
    const queue = new RepoQueue({ doneKeyLimit: 2, log: silent });
    for (const key of ["k1", "k2", "k3"]) queue.enqueue({ repo: "acme/app", idempotencyKey: key, run: async () => {} });
    await queue.onIdle();

    expect(queue.enqueue({ repo: "acme/app", idempotencyKey: "k3", run: async () => {} })).toBe("duplicate");
    expect(queue.enqueue({ repo: "acme/app", idempotencyKey: "k1", run: async () => {} })).toBe("queued");
    await queue.onIdle();
  });

  it("keeps going after a job throws, logs it, and lets the same delivery be retried", async () => {
    const errors: string[] = [];
    const queue = new RepoQueue({ log: { error: (_err, msg) => void errors.push(msg) } });
    const ran: string[] = [];
    queue.enqueue({
      repo: "acme/app",
      name: "bad",
      idempotencyKey: "push:abc",
      run: async () => {
        throw new Error("boom");
      },
    });
    queue.enqueue({ repo: "acme/app", name: "good", run: async () => void ran.push("good") });
    await queue.onIdle();

    expect(ran).toEqual(["good"]);
    expect(errors).toEqual(["acme/app: bad failed"]);
    expect(
      queue.enqueue({ repo: "acme/app", idempotencyKey: "push:abc", run: async () => void ran.push("retry") }),
    ).toBe("queued");
    await queue.onIdle();
    expect(ran).toEqual(["good", "retry"]);
  });

  it("drains: refuses new jobs, finishes the running one, drops the waiting ones", async () => {
    const queue = new RepoQueue({ log: silent });
    const { events, job, release } = recorder();
    queue.enqueue(job("acme/app", "running"));
    queue.enqueue(job("acme/app", "waiting1"));
    queue.enqueue(job("acme/other", "other-running"));
    queue.enqueue(job("acme/other", "waiting2"));
    await tick();

    const drained = queue.drain();
    expect(queue.enqueue(job("acme/app", "late"))).toBe("closed");
    release("running");
    release("other-running");

    expect(await drained).toEqual({ dropped: 2 });
    expect(events.sort()).toEqual(["end other-running", "end running", "start other-running", "start running"]);
    expect(queue.runningCount + queue.waitingCount).toBe(0);
  });
});
