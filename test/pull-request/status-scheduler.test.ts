import { describe, expect, it } from "vitest";
import type { RefreshStatusOptions } from "../../src/pull-request/refresh-status.js";
import { StatusScheduler } from "../../src/pull-request/status-scheduler.js";

const opts = (o: Partial<RefreshStatusOptions>): RefreshStatusOptions => ({
  checkRun: false,
  mayHaveComment: false,
  ...o,
});

describe("StatusScheduler", () => {
  it("runs off the caller's turn, and a newer event for a waiting PR replaces it, keeping the check run it owed", async () => {
    const scheduler = new StatusScheduler();
    const ran: string[] = [];
    let release!: () => void;
    const blocker = new Promise<void>((resolve) => (release = resolve));

    // PR 1 is running (blocked); PR 2's synchronize waits behind it, then its edit arrives.
    scheduler.schedule({
      repo: "o/r",
      prNumber: 1,
      options: opts({}),
      run: () => blocker.then(() => void ran.push("pr1")),
    });
    const first = scheduler.schedule({
      repo: "o/r",
      prNumber: 2,
      options: opts({ checkRun: true }),
      run: async (o) => void ran.push(`sync ${JSON.stringify(o)}`),
    });
    const second = scheduler.schedule({
      repo: "o/r",
      prNumber: 2,
      options: opts({ mayHaveComment: true }),
      run: async (o) => void ran.push(`edit ${JSON.stringify(o)}`),
    });
    expect([first, second]).toEqual(["queued", "superseded"]);
    expect(ran).toEqual([]);

    release();
    await scheduler.idle();
    expect(ran).toEqual([
      "pr1",
      `edit ${JSON.stringify({ checkRun: true, mayHaveComment: true, alwaysComment: false })}`,
    ]);
  });

  it("skips a redelivery with the same idempotency key", async () => {
    const scheduler = new StatusScheduler();
    let runs = 0;
    const request = { repo: "o/r", prNumber: 3, idempotencyKey: "k", options: opts({}), run: async () => void runs++ };
    scheduler.schedule(request);
    await scheduler.idle();
    expect(scheduler.schedule(request)).toBe("duplicate");
    await scheduler.idle();
    expect(runs).toBe(1);
  });
});
