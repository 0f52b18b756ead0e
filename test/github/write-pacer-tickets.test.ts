import { describe, expect, it } from "vitest";
import { WritePacer } from "../../src/github/write-pacer.js";

/** A clock the test sets; sleeping moves it. */
function clock(start = 0) {
  let t = start;
  return { now: () => t, set: (ms: number) => void (t = ms), sleep: async (ms: number) => void (t += ms) };
}

describe("limits a write pacer refuses", () => {
  it.each([{ recoveryStep: 0 }, { recoveryStep: -1 }, { minPerMinute: 0 }, { minPerMinute: -2 }])(
    "%j is not a positive limit",
    (opts) => {
      expect(() => new WritePacer(opts)).toThrow(new RangeError("WritePacer limits must be positive"));
    },
  );
});

describe("a slot an engine acquired covers its write for a sixth of a minute", () => {
  it("a write sent within 10 s of its slot takes no second slot", async () => {
    const c = clock(1_000_000);
    const pacer = new WritePacer({ now: c.now, sleep: c.sleep });
    await pacer.acquire();
    c.set(1_009_999);
    await pacer.beforeWrite();
    expect(pacer.usedThisHour()).toBe(1);
  });

  it("a write sent 10 s or more after its slot takes a new one", async () => {
    const c = clock(1_000_000);
    const pacer = new WritePacer({ now: c.now, sleep: c.sleep });
    await pacer.acquire();
    c.set(1_010_000);
    await pacer.beforeWrite();
    expect(pacer.usedThisHour()).toBe(2);
  });
});

describe("the adaptive state", () => {
  it("adapting while paused even when the rate is back at the ceiling, until the pause ends", async () => {
    const c = clock(1_000_000);
    const pacer = new WritePacer({ perMinute: 80, minPerMinute: 80, now: c.now, sleep: c.sleep });
    await pacer.refused(1000);
    expect(await pacer.adaptiveState()).toEqual({ perMinute: 80, pausedUntil: 1_001_000, adapting: true });
    c.set(1_000_999);
    expect((await pacer.adaptiveState()).adapting).toBe(true);
    c.set(1_001_000);
    expect((await pacer.adaptiveState()).adapting).toBe(false);
  });

  it("adapting after the pause while the rate is still reduced", async () => {
    const c = clock(1_000_000);
    const pacer = new WritePacer({ perMinute: 80, now: c.now, sleep: c.sleep });
    await pacer.refused(1000);
    c.set(1_002_000);
    expect(await pacer.adaptiveState()).toEqual({ perMinute: 20, pausedUntil: 1_001_000, adapting: true });
  });
});

describe("the rate a refusal sets", () => {
  it("counts the writes GitHub accepted in the minute before it, not older ones", async () => {
    const at = async (refusedAt: number) => {
      const c = clock(1_000_000);
      const pacer = new WritePacer({ perMinute: 80, minPerMinute: 1, now: c.now, sleep: c.sleep });
      for (let i = 0; i < 30; i++) await pacer.accepted();
      c.set(refusedAt);
      await pacer.refused(0);
      return (await pacer.adaptiveState()).perMinute;
    };
    expect(await at(1_059_999)).toBe(30);
    expect(await at(1_060_000)).toBe(1);
  });

  it("a refusal when the pause has just ended sets the rate again, lower", async () => {
    const c = clock(1_000_000);
    const pacer = new WritePacer({ perMinute: 80, minPerMinute: 1, now: c.now, sleep: c.sleep });
    for (let i = 0; i < 50; i++) await pacer.accepted();
    await pacer.refused(1000);
    expect((await pacer.adaptiveState()).perMinute).toBe(50);
    c.set(1_001_000);
    await pacer.refused(1000);
    // 50 accepted in the minute, at most 90 % of 50.
    expect(await pacer.adaptiveState()).toEqual({ perMinute: 45, pausedUntil: 1_002_000, adapting: true });
  });
});
