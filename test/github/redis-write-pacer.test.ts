import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { RedisWritePacerRegistry } from "../../src/github/redis-write-pacer.js";
import { startRedis, type RedisServer } from "../support/redis-server.js";

/**
 * Two replicas, one installation: GitHub counts the installation's writes
 * whichever replica sends them, so together they must stay within the
 * budget. Time runs 60× faster (a "minute" is one second) so the test is short;
 * the schedule is the same.
 */
let redis: RedisServer;
let prefixes = 0;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});

function replicas(opts: { perMinute?: number; perHour?: number; timeScale?: number }) {
  const prefix = `pacer-${++prefixes}`;
  const make = () => new RedisWritePacerRegistry(redis.url, { timeScale: 60, ...opts, prefix });
  return [make(), make()] as const;
}

async function grants(
  a: RedisWritePacerRegistry,
  b: RedisWritePacerRegistry,
  each: number,
  key = "installation:1",
): Promise<number[]> {
  const times: number[] = [];
  const run = async (registry: RedisWritePacerRegistry) => {
    for (let i = 0; i < each; i++) {
      await registry.for(key).acquire();
      times.push(performance.now());
    }
  };
  await Promise.all([run(a), run(b)]);
  return times.sort((x, y) => x - y);
}

describe("the write budget shared by replicas in Redis", () => {
  it("two replicas writing for one installation together keep the per-minute spacing", async () => {
    const [a, b] = replicas({ perMinute: 80 });
    const start = performance.now();
    const times = await grants(a, b, 10);
    // 20 writes at 80 a "minute" of one second: slots 12.5 ms apart, the first at once.
    expect(times).toHaveLength(20);
    expect(times[times.length - 1]! - start).toBeGreaterThanOrEqual(19 * 12.5 - 5);
    // In any 100 ms, 8 slots (a few more when timers wake late on a busy machine): had each replica paced alone, 16.
    const busiest = Math.max(...times.map((t) => times.filter((u) => u >= t && u < t + 100).length));
    expect(busiest).toBeLessThanOrEqual(11);
    a.close();
    b.close();
  });

  it("the hourly budget is shared too: past it, both replicas wait for the window", async () => {
    // 3600× faster: an "hour" is one second, and the per-minute spacing is negligible.
    const [a, b] = replicas({ perMinute: 80_000, perHour: 6, timeScale: 3600 });
    const start = performance.now();
    const times = await grants(a, b, 4);
    // 6 writes go at once; the 7th and 8th wait for the first ones to leave the hour window.
    expect(times.filter((t) => t - start < 500)).toHaveLength(6);
    expect(times[7]! - start).toBeGreaterThanOrEqual(950);
    a.close();
    b.close();
  });

  it("a full minute is counted a margin longer than GitHub's: the write after it waits for a late arrival to age out", async () => {
    // GitHub counts writes when they arrive. Five a "minute" (one second), slots 200 ms apart: the sixth slot is a
    // minute after the first, so had the first reached GitHub a few ms late, the sixth would be its sixth in a minute.
    const waits = async (windowMarginMs: number) => {
      const slept: number[] = [];
      const registry = new RedisWritePacerRegistry(redis.url, {
        prefix: `pacer-${++prefixes}`,
        timeScale: 60,
        perMinute: 5,
        windowMarginMs,
        sleep: (ms) => {
          slept.push(ms);
          return new Promise((resolve) => setTimeout(resolve, ms));
        },
      });
      for (let i = 0; i < 5; i++) await registry.for("installation:1").acquire();
      slept.length = 0;
      await registry.for("installation:1").acquire();
      registry.close();
      return slept;
    };
    // With a 200 ms margin the sixth write sleeps to its slot, then once more until the first is 1.2 s old.
    const withMargin = await waits(200);
    expect(withMargin).toHaveLength(2);
    expect(withMargin[1]).toBeGreaterThan(50);
    // Without one it goes at its slot (or after a few ms, when its timer fired before the first write's was granted).
    expect((await waits(0)).slice(1).every((ms) => ms < 50)).toBe(true);
  });

  it("installations do not share a budget", async () => {
    const [a, b] = replicas({ perMinute: 1 });
    const start = performance.now();
    await a.for("installation:1").acquire();
    await b.for("installation:2").acquire();
    // One write a "minute" (one second) each: had they shared, the second would wait a second.
    expect(performance.now() - start).toBeLessThan(900);
    a.close();
    b.close();
  });

  it("a refusal seen by one replica slows both: the other waits out retry-after, then writes at the rate GitHub accepted", async () => {
    const prefix = `pacer-${++prefixes}`;
    const waitsOfB: number[] = [];
    // A "minute" is one second; B's sleeps are recorded (and slept) to see what it was told to wait.
    const a = new RedisWritePacerRegistry(redis.url, { timeScale: 60, prefix });
    const b = new RedisWritePacerRegistry(redis.url, {
      timeScale: 60,
      prefix,
      sleep: (ms) => {
        waitsOfB.push(ms);
        return new Promise((resolve) => setTimeout(resolve, ms));
      },
    });
    const key = "installation:9";
    expect(await b.for(key).adaptiveState()).toMatchObject({ perMinute: 80, adapting: false });

    // Replica A: 20 writes accepted, then GitHub refuses with retry-after 0.5 s.
    for (let i = 0; i < 20; i++) {
      await a.for(key).acquire();
      await a.for(key).accepted();
    }
    await a.for(key).refused(500);

    const state = await b.for(key).adaptiveState();
    expect(state).toMatchObject({ perMinute: 20, adapting: true });
    // B's writes that no engine paced take a slot now too: after the pause, and once the "minute" that holds A's
    // 20 accepted writes lets a 21st in (within a second of them).
    await b.for(key).beforeWrite();
    const firstWait = waitsOfB.reduce((x, y) => x + y, 0);
    expect(firstWait).toBeGreaterThan(400);
    expect(firstWait).toBeLessThanOrEqual(1000);
    // Then 20 a "minute": 50 ms apart, from either replica.
    waitsOfB.length = 0;
    await a.for(key).acquire();
    await b.for(key).acquire();
    expect(waitsOfB.reduce((x, y) => x + y, 0)).toBeGreaterThan(40);

    // Another installation is not slowed.
    expect(await b.for("installation:10").adaptiveState()).toMatchObject({ perMinute: 80, adapting: false });
    a.close();
    b.close();
  });

  it("keeps an installation's budget under plan-sync:ps:pace:<identity> unless given a prefix", async () => {
    const registry = new RedisWritePacerRegistry(redis.url, { timeScale: 60 });
    await registry.for("installation:77").acquire();
    await registry.for("installation:77").accepted();
    await registry.for("installation:77").refused(0);
    const client = new Redis(redis.url);
    const keys = (await client.keys("*installation:77*")).sort();
    client.disconnect();
    registry.close();
    expect(keys).toEqual(["accepted", "adapt", "granted", "last"].map((k) => `plan-sync:ps:pace:installation:77:${k}`));
  });

  it("once closed, a pacer's write fails instead of waiting", async () => {
    const registry = new RedisWritePacerRegistry(redis.url, { timeScale: 60, prefix: `pacer-${++prefixes}` });
    await registry.for("installation:1").acquire();
    registry.close();
    await expect(registry.for("installation:1").acquire()).rejects.toThrow(/closed/i);
  });
});

describe("the Redis pacer with its Redis down", () => {
  it("a write waiting for its slot fails, and nothing is printed to the console for each failed reconnect", async () => {
    // Unheard, every failed connect of ioredis's is printed ("[ioredis] Unhandled error event"), flooding the App's
    // output while Redis is down; /healthz reports Redis instead.
    const printed: unknown[][] = [];
    const spy = vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void printed.push(args));
    const registry = new RedisWritePacerRegistry("redis://127.0.0.1:1", { timeScale: 60 });
    try {
      await expect(registry.for("installation:1").acquire()).rejects.toThrow();
    } finally {
      registry.close();
      spy.mockRestore();
    }
    expect(printed).toEqual([]);
  });
});
