import { afterEach, describe, expect, it, vi } from "vitest";
import { RedisWritePacer } from "../../src/github/redis-write-pacer.js";

/**
 * What one replica's pacer asks of Redis, against a scripted stand-in for the Lua commands (the real scripts run in
 * test/github/redis-write-pacer.test.ts): the keys and limits each script gets, how the replica sleeps on the
 * answers, and when it tells the caller about a long wait.
 */
type Answer = number | [number, number] | [number, number, number];

function fakeRedis(answers: Partial<Record<string, Answer[]>> = {}) {
  const calls: Array<[string, ...Array<string | number>]> = [];
  const answer = (name: string, fallback: Answer) => {
    return async (...args: Array<string | number>) => {
      calls.push([name, ...args]);
      return answers[name]?.shift() ?? fallback;
    };
  };
  return {
    calls,
    names: () => calls.map((c) => c[0]),
    redis: {
      psReserveWrite: answer("reserve", 0),
      psGrantWrite: answer("grant", [0, 1]),
      psRefusedWrite: answer("refused", [40, 0]),
      psAcceptedWrite: answer("accepted", 1),
      psPaceState: answer("state", [80, 0, 0]),
      zcard: answer("zcard", 17),
    },
  };
}

function pacer(fake: ReturnType<typeof fakeRedis>, opts: ConstructorParameters<typeof RedisWritePacer>[2] = {}) {
  const slept: number[] = [];
  const p = new RedisWritePacer(fake.redis as never, "app:ps:pace:installation:1", {
    sleep: async (ms) => void slept.push(ms),
    ...opts,
  });
  return { p, slept };
}

const K = "app:ps:pace:installation:1";

afterEach(() => {
  vi.useRealTimers();
});

describe("a write's slot from the shared budget", () => {
  it("reserves the next evenly spaced slot, then is granted against the minute and hour windows", async () => {
    const fake = fakeRedis();
    const { p, slept } = pacer(fake);
    await p.acquire();
    expect(fake.calls).toEqual([
      ["reserve", `${K}:last`, `${K}:adapt`, 80, 60_000, 5, 3_600_000],
      ["grant", `${K}:granted`, `${K}:adapt`, 80, 60_000, 500, 3_600_000, expect.any(String), 5, 500],
    ]);
    expect(slept).toEqual([]);
  });

  it("on a scaled clock the windows shrink, and so does the margin (a 120th of the minute, rounded up)", async () => {
    const fake = fakeRedis();
    const { p } = pacer(fake, { timeScale: 60, perMinute: 10, perHour: 50, recoveryStep: 2 });
    await p.acquire();
    expect(fake.calls).toEqual([
      ["reserve", `${K}:last`, `${K}:adapt`, 10, 1000, 2, 60_000],
      ["grant", `${K}:granted`, `${K}:adapt`, 10, 1000, 50, 60_000, expect.any(String), 2, 9],
    ]);
  });

  it("a given margin is taken as it is (not scaled), rounded up; a negative one is none", async () => {
    const given = fakeRedis();
    await pacer(given, { timeScale: 60, windowMarginMs: 499.5 }).p.acquire();
    expect(given.calls[1]!.at(-1)).toBe(500);
    const negative = fakeRedis();
    await pacer(negative, { windowMarginMs: -5 }).p.acquire();
    expect(negative.calls[1]!.at(-1)).toBe(0);
  });

  it("sleeps the reserved wait, then each wait the grant asks for, until granted", async () => {
    const fake = fakeRedis({
      reserve: [120],
      grant: [
        [45, 3],
        [7, 3],
        [0, 4],
      ],
    });
    const { p, slept } = pacer(fake);
    await p.acquire();
    expect(slept).toEqual([120, 45, 7]);
    expect(fake.names()).toEqual(["reserve", "grant", "grant", "grant"]);
  });

  it("a grant that answers a negative wait is granted", async () => {
    const fake = fakeRedis({ grant: [[-3, 1]] });
    const { p, slept } = pacer(fake);
    await p.acquire();
    expect(slept).toEqual([]);
    expect(fake.names()).toEqual(["reserve", "grant"]);
  });

  it("each write is a distinct member of the window", async () => {
    const fake = fakeRedis();
    const { p } = pacer(fake);
    await p.acquire();
    await p.acquire();
    const members = fake.calls.filter((c) => c[0] === "grant").map((c) => c[7]);
    expect(new Set(members).size).toBe(2);
    for (const m of members) expect(m).toMatch(new RegExp(`^${process.pid}:\\d+:\\d+:`));
  });

  it("waits on the real clock when no sleep is given", async () => {
    vi.useFakeTimers();
    const fake = fakeRedis({ reserve: [1000] });
    const p = new RedisWritePacer(fake.redis as never, K, {});
    let done = false;
    const acquired = p.acquire().then(() => (done = true));
    await vi.advanceTimersByTimeAsync(999);
    expect(fake.names()).toEqual(["reserve"]);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await acquired;
    expect(fake.names()).toEqual(["reserve", "grant"]);
  });
});

describe("a long wait, told to the caller", () => {
  it("once, with the wait, when it resumes and the writes of the last hour", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-12-07T10:00:00Z"));
    const fake = fakeRedis({
      reserve: [45_000],
      grant: [
        [40_000, 500],
        [0, 500],
      ],
    });
    const { p, slept } = pacer(fake);
    const told: unknown[] = [];
    await p.acquire({ onLongWait: async (w) => void told.push(w) });
    expect(told).toEqual([{ waitMs: 45_000, resumeAt: new Date("2026-12-07T10:00:45Z"), usedThisHour: 17 }]);
    expect(fake.calls.find((c) => c[0] === "zcard")).toEqual(["zcard", `${K}:granted`]);
    expect(slept).toEqual([45_000, 40_000]);
  });

  it("not for a wait of exactly longWaitMs, nor without a listener", async () => {
    const exact = fakeRedis({ reserve: [30_000] });
    const told: unknown[] = [];
    await pacer(exact).p.acquire({ onLongWait: async (w) => void told.push(w) });
    expect(told).toEqual([]);
    expect(exact.names()).not.toContain("zcard");

    const longer = fakeRedis({ reserve: [30_001] });
    await pacer(longer).p.acquire({ onLongWait: async (w) => void told.push(w) });
    expect(told).toHaveLength(1);

    const unheard = fakeRedis({ reserve: [90_000] });
    await pacer(unheard).p.acquire();
    expect(unheard.names()).toEqual(["reserve", "grant"]);
  });

  it("a long wait the grant asks for (after no reserved wait) is told too", async () => {
    const fake = fakeRedis({
      reserve: [0],
      grant: [
        [60_000, 500],
        [0, 500],
      ],
    });
    const told: number[] = [];
    await pacer(fake, { longWaitMs: 1000 }).p.acquire({ onLongWait: async (w) => void told.push(w.waitMs) });
    expect(told).toEqual([60_000]);
  });
});

describe("writes an engine paced, and the others", () => {
  it("a write after acquire goes at once; the next one takes a slot of its own", async () => {
    const fake = fakeRedis();
    const { p } = pacer(fake);
    await p.acquire();
    await p.beforeWrite();
    expect(fake.names()).toEqual(["reserve", "grant"]);
    await p.beforeWrite();
    expect(fake.names()).toEqual(["reserve", "grant", "reserve", "grant"]);
    await p.beforeWrite();
    expect(fake.names()).toHaveLength(6);
  });
});

describe("GitHub's answers, shared through Redis", () => {
  it("a refusal sets the installation's rate and pause for every replica, its retry-after in whole ms", async () => {
    const fake = fakeRedis();
    const { p } = pacer(fake);
    await p.refused(1500.2);
    await p.refused(-10);
    expect(fake.calls).toEqual([
      ["refused", `${K}:adapt`, `${K}:accepted`, 80, 60_000, 5, 20, 1501, 7_200_000],
      ["refused", `${K}:adapt`, `${K}:accepted`, 80, 60_000, 5, 20, 0, 7_200_000],
    ]);
  });

  it("an accepted write is recorded in the minute's window, each as its own member", async () => {
    const fake = fakeRedis();
    const { p } = pacer(fake, { timeScale: 2 });
    await p.accepted();
    await p.accepted();
    expect(fake.calls.map((c) => c.slice(0, 3))).toEqual([
      ["accepted", `${K}:accepted`, 30_000],
      ["accepted", `${K}:accepted`, 30_000],
    ]);
    expect(fake.calls[0]![3]).not.toBe(fake.calls[1]![3]);
  });

  it.each([
    [[80, 0, 1000], { perMinute: 80, pausedUntil: 0, adapting: false }],
    [[79, 0, 1000], { perMinute: 79, pausedUntil: 0, adapting: true }],
    [[80, 1001, 1000], { perMinute: 80, pausedUntil: 1001, adapting: true }],
    [[80, 1000, 1000], { perMinute: 80, pausedUntil: 1000, adapting: false }],
  ] as const)("the adaptive state %j reads as %j", async (state, expected) => {
    const fake = fakeRedis({ state: [[...state]] });
    expect(await pacer(fake).p.adaptiveState()).toEqual(expected);
    expect(fake.calls).toEqual([["state", `${K}:adapt`, 80, 60_000, 5]]);
  });
});
