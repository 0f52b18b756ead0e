import { describe, expect, it } from "vitest";
import { BurstCoalescer, type Timers } from "../../src/write-back/burst-coalescer.js";

/** A virtual clock: timers fire only when the test advances time. */
function virtualTimers() {
  let now = 0;
  let seq = 0;
  const pending = new Map<number, { at: number; fn: () => void }>();
  const timers: Timers = {
    setTimeout: (fn, ms) => {
      const id = ++seq;
      pending.set(id, { at: now + ms, fn });
      return id;
    },
    clearTimeout: (handle) => void pending.delete(handle as number),
  };
  const advance = (ms: number) => {
    const until = now + ms;
    for (;;) {
      const next = [...pending.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
      if (!next) break;
      pending.delete(next[0]);
      now = next[1].at;
      next[1].fn();
    }
    now = until;
  };
  return { timers, advance, now: () => now };
}

describe("BurstCoalescer", () => {
  it("turns events for one plan within the window into one flush", () => {
    const clock = virtualTimers();
    const flushed: Array<[string, number[]]> = [];
    const c = new BurstCoalescer<number>({
      windowMs: 3000,
      timers: clock.timers,
      flush: (k, items) => flushed.push([k, items]),
    });
    c.add("o/r:plan.md", 1, clock.now());
    clock.advance(1000);
    c.add("o/r:plan.md", 2, clock.now());
    clock.advance(2500);
    c.add("o/r:plan.md", 3, clock.now());
    expect(flushed).toEqual([]);
    clock.advance(3000);
    expect(flushed).toEqual([["o/r:plan.md", [1, 2, 3]]]);
  });

  it("keeps plans apart and flushes each after its own quiet window", () => {
    const clock = virtualTimers();
    const flushed: string[] = [];
    const c = new BurstCoalescer<number>({
      windowMs: 100,
      timers: clock.timers,
      flush: (k, items) => flushed.push(`${k}=${items.join(",")}`),
    });
    c.add("a", 1, clock.now());
    c.add("b", 2, clock.now());
    clock.advance(100);
    c.add("a", 3, clock.now());
    clock.advance(100);
    expect(flushed).toEqual(["a=1", "b=2", "a=3"]);
  });

  it("does not let a steady trickle postpone the write past maxWait", () => {
    const clock = virtualTimers();
    const flushed: number[][] = [];
    const c = new BurstCoalescer<number>({
      windowMs: 100,
      maxWaitMs: 250,
      timers: clock.timers,
      flush: (_k, items) => flushed.push(items),
    });
    for (let i = 0; i < 10; i++) {
      c.add("a", i, clock.now());
      clock.advance(60);
    }
    expect(flushed[0]).toEqual([0, 1, 2, 3, 4]);
  });

  it("flushAll writes waiting bursts at once (shutdown)", () => {
    const flushed: number[][] = [];
    const c = new BurstCoalescer<number>({ windowMs: 60_000, flush: (_k, items) => flushed.push(items) });
    c.add("a", 1);
    c.flushAll();
    expect(flushed).toEqual([[1]]);
    expect(c.size).toBe(0);
  });
});
