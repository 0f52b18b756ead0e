import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
    // In any 100 ms, at most 8 slots (+1 for a timer that woke late): had each replica paced alone, 16.
    const busiest = Math.max(...times.map((t) => times.filter((u) => u >= t && u < t + 100).length));
    expect(busiest).toBeLessThanOrEqual(9);
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
});
