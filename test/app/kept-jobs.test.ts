import { describe, expect, it } from "vitest";
import { KeptJobs } from "../../src/app/kept-jobs.js";
import { RepoQueue } from "../../src/queue/repo-queue.js";

function gate(): { wait: Promise<void>; open: () => void } {
  let open!: () => void;
  const wait = new Promise<void>((resolve) => (open = resolve));
  return { wait, open };
}

function setup() {
  const errors: string[] = [];
  const log = { error: (_: unknown, message: string) => void errors.push(message) };
  const queue = new RepoQueue({ log });
  return { queue, kept: new KeptJobs(queue, log), errors, ran: [] as string[] };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("KeptJobs", () => {
  it("a kept job waiting behind a running one survives the drain and runs after it; a plain waiting job is dropped", async () => {
    const { queue, kept, ran } = setup();
    const sync = gate();
    queue.enqueue({
      repo: "o/r",
      name: "push sync",
      run: async () => {
        ran.push("sync start");
        await sync.wait;
        ran.push("sync end");
      },
    });
    queue.enqueue({ repo: "o/r", name: "next push sync", run: async () => void ran.push("next sync") });
    expect(kept.enqueue({ repo: "O/R", name: "write-back", run: async () => void ran.push("write-back") })).toBe(
      "queued",
    );
    await tick();
    await tick();
    expect(ran).toEqual(["sync start"]);

    const drained = kept.drain();
    await tick();
    expect(ran).toEqual(["sync start"]);
    sync.open();
    expect(await drained).toEqual({ dropped: 1 });
    expect(ran).toEqual(["sync start", "sync end", "write-back"]);
  });

  it("runs kept jobs of one repository one at a time after the drain, in order, and one enqueued after the drain too", async () => {
    const { queue, kept, ran } = setup();
    const sync = gate();
    queue.enqueue({ repo: "o/r", run: () => sync.wait });
    const first = gate();
    kept.enqueue({
      repo: "o/r",
      run: async () => {
        ran.push("a start");
        await first.wait;
        ran.push("a end");
      },
    });
    kept.enqueue({ repo: "o/r", run: async () => void ran.push("b") });
    const drained = kept.drain();
    kept.enqueue({ repo: "o/r", run: async () => void ran.push("c") });
    sync.open();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(ran).toEqual(["a start"]);
    first.open();
    await drained;
    expect(ran).toEqual(["a start", "a end", "b", "c"]);
  });

  it("does not run a job twice: one the queue already started finishes once, through the drain", async () => {
    const { kept, ran } = setup();
    kept.enqueue({ repo: "o/r", run: async () => void ran.push("once") });
    // The queue has started the job but not yet called it (it yields first).
    await kept.drain();
    await kept.onIdle();
    expect(ran).toEqual(["once"]);
  });

  it("a kept job the queue replaced (same supersede key) does not come back at the drain", async () => {
    const { queue, kept, ran } = setup();
    const sync = gate();
    queue.enqueue({ repo: "o/r", run: () => sync.wait });
    kept.enqueue({ repo: "o/r", supersedeKey: "pr#1", run: async () => void ran.push("older") });
    expect(kept.enqueue({ repo: "o/r", supersedeKey: "pr#1", run: async () => void ran.push("newer") })).toBe(
      "superseded",
    );
    const drained = kept.drain();
    sync.open();
    await drained;
    expect(ran).toEqual(["newer"]);
  });

  it("a kept job that fails after the drain is logged and does not stop the next", async () => {
    const { kept, errors, ran, queue } = setup();
    const sync = gate();
    queue.enqueue({ repo: "o/r", run: () => sync.wait });
    kept.enqueue({ repo: "o/r", name: "broken", run: () => Promise.reject(new Error("boom")) });
    kept.enqueue({ repo: "o/r", run: async () => void ran.push("after") });
    const drained = kept.drain();
    sync.open();
    await drained;
    expect(errors).toEqual(["o/r: broken failed"]);
    expect(ran).toEqual(["after"]);
  });

  it("when someone drained the queue directly, a new kept job still runs once the running job is done", async () => {
    const { queue, kept, ran } = setup();
    const sync = gate();
    queue.enqueue({
      repo: "o/r",
      run: async () => {
        await sync.wait;
        ran.push("sync");
      },
    });
    await tick();
    void queue.drain();
    expect(kept.enqueue({ repo: "o/r", run: async () => void ran.push("kept") })).toBe("queued");
    await tick();
    expect(ran).toEqual([]);
    sync.open();
    await kept.onIdle();
    expect(ran).toEqual(["sync", "kept"]);
  });
});
