import { describe, expect, it } from "vitest";
import { WritePacer, WritePacerRegistry, type PacerWait } from "../../src/github/write-pacer.js";

/** Virtual time: sleeping just moves the clock. */
function virtualClock() {
  let t = 1_000_000;
  return {
    now: () => t,
    sleep: async (ms: number) => {
      t += ms;
    },
    elapsed: (from: number) => t - from,
  };
}

describe("WritePacer", () => {
  it("lets 300 writes through in about 300/80 minutes", async () => {
    const clock = virtualClock();
    const pacer = new WritePacer({ perMinute: 80, perHour: 500, now: clock.now, sleep: clock.sleep });
    const start = clock.now();

    for (let i = 0; i < 300; i++) await pacer.acquire();

    const minutes = clock.elapsed(start) / 60_000;
    expect(minutes).toBeGreaterThan(3.6);
    expect(minutes).toBeLessThan(3.9);
  });

  it("never grants more than 80 writes in any minute", async () => {
    const clock = virtualClock();
    const pacer = new WritePacer({ now: clock.now, sleep: clock.sleep });
    const times: number[] = [];
    for (let i = 0; i < 200; i++) {
      await pacer.acquire();
      times.push(clock.now());
    }
    for (let i = 80; i < times.length; i++) expect(times[i]! - times[i - 80]!).toBeGreaterThanOrEqual(60_000);
  });

  it("makes the 501st write wait for the hour window and says so first", async () => {
    const clock = virtualClock();
    const pacer = new WritePacer({
      perMinute: 80,
      perHour: 500,
      now: clock.now,
      sleep: clock.sleep,
      longWaitMs: 30_000,
    });
    const start = clock.now();
    const waits: PacerWait[] = [];
    const onLongWait = (w: PacerWait) => {
      waits.push(w);
    };

    for (let i = 0; i < 500; i++) await pacer.acquire({ onLongWait });
    expect(waits).toEqual([]);
    expect(pacer.usedThisHour()).toBe(500);

    await pacer.acquire({ onLongWait });

    expect(clock.elapsed(start)).toBe(60 * 60_000);
    expect(waits).toHaveLength(1);
    expect(waits[0]!.usedThisHour).toBe(500);
    expect(waits[0]!.resumeAt.getTime()).toBe(start + 60 * 60_000);
    expect(waits[0]!.waitMs).toBeGreaterThan(50 * 60_000);
  });

  it("runs a scaled clock for benchmarks: timeScale 60 makes a minute last a second", async () => {
    const clock = virtualClock();
    const pacer = new WritePacer({ perMinute: 80, perHour: 500, timeScale: 60, now: clock.now, sleep: clock.sleep });
    const start = clock.now();

    for (let i = 0; i < 501; i++) await pacer.acquire();

    expect(clock.elapsed(start)).toBe(60_000);
  });

  it("serves concurrent callers one slot each, in order", async () => {
    const clock = virtualClock();
    const pacer = new WritePacer({ perMinute: 60, perHour: 500, now: clock.now, sleep: clock.sleep });
    const order: Array<[number, number]> = [];
    await Promise.all([0, 1, 2].map((i) => pacer.acquire().then(() => order.push([i, clock.now()]))));

    expect(order.map(([i]) => i)).toEqual([0, 1, 2]);
    expect(order[2]![1] - order[0]![1]).toBe(2_000);
  });

  it("a write waiting for its slot sleeps on a timer: the rest of the App (a webhook's answer) runs meanwhile", async () => {
    // The real clock and the default sleep: a slot every 100 ms.
    const pacer = new WritePacer({ perMinute: 600 });
    await pacer.acquire();
    const events: string[] = [];
    const second = pacer.acquire().then(() => events.push("second write"));
    setTimeout(() => events.push("webhook answered"), 0);
    await second;
    expect(events).toEqual(["webhook answered", "second write"]);
  });

  it("keeps serving after an onLongWait callback fails", async () => {
    const clock = virtualClock();
    const pacer = new WritePacer({ perMinute: 1, perHour: 500, now: clock.now, sleep: clock.sleep, longWaitMs: 1_000 });
    await pacer.acquire();
    await expect(
      pacer.acquire({ onLongWait: () => Promise.reject(new Error("check run update failed")) }),
    ).rejects.toThrow("check run update failed");
    await expect(pacer.acquire()).resolves.toBeUndefined();
  });
});

describe("WritePacer's adaptive rate", () => {
  /** `n` writes through the pacer that GitHub accepts, as the transport reports them. */
  async function acceptedWrites(pacer: WritePacer, n: number): Promise<void> {
    for (let i = 0; i < n; i++) {
      await pacer.acquire();
      await pacer.beforeWrite();
      await pacer.accepted();
    }
  }

  it("after a refusal, waits out retry-after, then hands out slots at the rate GitHub accepted", async () => {
    const clock = virtualClock();
    const pacer = new WritePacer({ now: clock.now, sleep: clock.sleep });
    await acceptedWrites(pacer, 20);
    const refusedAt = clock.now();
    await pacer.refused(45_000);

    expect(await pacer.adaptiveState()).toEqual({ perMinute: 20, pausedUntil: refusedAt + 45_000, adapting: true });
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      await pacer.acquire();
      times.push(clock.now());
    }
    expect(times[0]).toBe(refusedAt + 45_000);
    expect(times.slice(1).map((t, i) => t - times[i]!)).toEqual([3_000, 3_000, 3_000, 3_000]);
  });

  it("refusals of writes already in flight extend the pause but do not cut the rate twice", async () => {
    const clock = virtualClock();
    const pacer = new WritePacer({ now: clock.now, sleep: clock.sleep });
    await acceptedWrites(pacer, 30);
    await pacer.refused(10_000);
    await pacer.refused(20_000);
    const state = await pacer.adaptiveState();
    expect(state.perMinute).toBe(30);
    expect(state.pausedUntil).toBe(clock.now() + 20_000);
  });

  it("a refusal at the ceiling still slows down, and never below the floor", async () => {
    const clock = virtualClock();
    const pacer = new WritePacer({ now: clock.now, sleep: clock.sleep });
    await acceptedWrites(pacer, 80);
    await pacer.refused(1_000);
    expect((await pacer.adaptiveState()).perMinute).toBe(72);

    // Refused after 3 writes: not a rate GitHub showed, so not below a quarter of the ceiling.
    const cold = new WritePacer({ now: clock.now, sleep: clock.sleep });
    await acceptedWrites(cold, 3);
    await cold.refused(1_000);
    expect((await cold.adaptiveState()).perMinute).toBe(20);
  });

  it("recovers toward the ceiling after quiet minutes: two at the reduced rate, then +5 a minute", async () => {
    const clock = virtualClock();
    const pacer = new WritePacer({ now: clock.now, sleep: clock.sleep });
    await acceptedWrites(pacer, 20);
    await pacer.refused(60_000);
    const rates: number[] = [];
    for (let minute = 0; minute <= 16; minute++) {
      rates.push((await pacer.adaptiveState()).perMinute);
      await clock.sleep(60_000);
    }
    expect(rates.slice(0, 6)).toEqual([20, 20, 20, 25, 30, 35]);
    expect(rates[15]).toBe(80);
    expect(await pacer.adaptiveState()).toEqual({ perMinute: 80, pausedUntil: expect.any(Number), adapting: false });
    // Back at the ceiling: 80 a minute again.
    const start = clock.now();
    for (let i = 0; i < 81; i++) await pacer.acquire();
    expect(clock.now() - start).toBe(60_000);
  });

  it("writes no engine paced (client retries, check-run notes) take a slot too: at once when the installation is not writing", async () => {
    const clock = virtualClock();
    const pacer = new WritePacer({ perMinute: 60, now: clock.now, sleep: clock.sleep });
    const start = clock.now();
    await pacer.beforeWrite();
    expect(clock.now()).toBe(start);
    // Sent alongside an engine writing at the ceiling, a note would be one write too many in GitHub's minute.
    await pacer.beforeWrite();
    expect(clock.now()).toBe(start + 1_000);

    await acceptedWrites(pacer, 30);
    await pacer.refused(30_000);
    const refusedAt = clock.now();
    await pacer.beforeWrite(); // the retry of the refused write
    expect(clock.now()).toBe(refusedAt + 30_000);
    await pacer.beforeWrite(); // at the 30 a minute GitHub accepted
    expect(clock.now()).toBe(refusedAt + 30_000 + 2_000);

    // A write an engine paced does not take a second slot.
    await pacer.acquire();
    const paced = clock.now();
    await pacer.beforeWrite();
    expect(clock.now()).toBe(paced);
  });
});

describe("WritePacerRegistry", () => {
  it("shares one pacer per installation", () => {
    const registry = new WritePacerRegistry();
    expect(registry.for("installation:1")).toBe(registry.for("installation:1"));
    expect(registry.for("installation:1")).not.toBe(registry.for("installation:2"));
  });

  it("keeps at most maxEntries pacers, dropping the least recently used installation", async () => {
    const clock = virtualClock();
    const registry = new WritePacerRegistry({ now: clock.now, sleep: clock.sleep }, 2);
    await registry.for("installation:1").acquire();
    await registry.for("installation:2").acquire();
    await registry.for("installation:1").acquire(); // 1 is now the most recently used
    await registry.for("installation:3").acquire(); // a third installation: 2 goes

    expect(registry.for("installation:1").usedThisHour()).toBe(2);
    // Installation 2 starts over with a fresh pacer; its one write is forgotten.
    expect(registry.for("installation:2").usedThisHour()).toBe(0);
    // …which in turn pushed out 3, the least recently used by then.
    expect(registry.for("installation:3").usedThisHour()).toBe(0);
  });
});

describe("WritePacer limits and windows", () => {
  it("refuses limits that are not positive, instead of never granting or never waiting", () => {
    for (const opts of [{ perMinute: 0 }, { perHour: 0 }, { timeScale: 0 }, { perMinute: -1 }, { perHour: -5 }]) {
      expect(() => new WritePacer(opts)).toThrow(new RangeError("WritePacer limits must be positive"));
    }
    expect(() => new WritePacer({ perMinute: 1, perHour: 1, timeScale: 0.5 })).not.toThrow();
  });

  it("says a wait is long only past 30 s by default (80/min's spacing is not; 1/min's is)", async () => {
    const clock = virtualClock();
    const waits: PacerWait[] = [];
    const onLongWait = (w: PacerWait) => void waits.push(w);
    const atTheLimit = new WritePacer({ perMinute: 2, now: clock.now, sleep: clock.sleep });
    expect(atTheLimit.longWaitMs).toBe(30_000);
    await atTheLimit.acquire({ onLongWait });
    await atTheLimit.acquire({ onLongWait }); // waits exactly 30 s
    expect(waits).toEqual([]);
    const slow = new WritePacer({ perMinute: 1, now: clock.now, sleep: clock.sleep });
    await slow.acquire({ onLongWait });
    await slow.acquire({ onLongWait });
    expect(waits.map((w) => w.waitMs)).toEqual([60_000]);
  });

  it("forgets a write exactly one hour after it was granted", async () => {
    const clock = virtualClock();
    const pacer = new WritePacer({ perMinute: 80, now: clock.now, sleep: clock.sleep });
    const start = clock.now();
    await pacer.acquire();
    await pacer.acquire(); // 750 ms later
    expect(pacer.usedThisHour()).toBe(2);
    await clock.sleep(start + 60 * 60_000 - clock.now());
    expect(pacer.usedThisHour()).toBe(1);
    await clock.sleep(750);
    expect(pacer.usedThisHour()).toBe(0);
    expect(pacer.nextSlotAt()).toBe(clock.now());
  });
});
