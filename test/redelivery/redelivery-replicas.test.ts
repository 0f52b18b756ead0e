import { silentLog, type Log } from "../../src/log/log.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppJwtClient } from "../../src/github/webhook-deliveries.js";
import { RedeliveryScheduler } from "../../src/redelivery/redelivery-scheduler.js";
import { RedisLookLock } from "../../src/redelivery/redis-look-lock.js";
import { FakeGitHub } from "../support/fake-github/index.js";
import { createTestProbot } from "../support/probot-app.js";
import { startRedis, type RedisServer } from "../support/redis-server.js";

/**
 * Two replicas on one Redis look for failed deliveries on their own clocks.
 * Two looks at the same moment would both find an event not yet redelivered
 * and both ask GitHub for it; the lock in Redis lets one look at a time.
 */
let redis: RedisServer;
let fake: FakeGitHub;
beforeAll(async () => {
  redis = await startRedis();
  fake = new FakeGitHub();
  await fake.start();
});
afterAll(async () => {
  await fake?.stop();
  await redis?.stop();
});

/** Any warning fails the test: these looks should have nothing to warn about. */
const quiet: Log = {
  ...silentLog,
  warn: (first: string | object, message?: string) => expect.fail(message ?? String(first)),
};
const attempts = () =>
  fake.requests.filter((r) => r.method === "POST" && r.path.startsWith("/app/hook/deliveries/")).length;

describe("redelivery with several replicas (REDIS_URL)", () => {
  it("two replicas looking at the same moment ask GitHub for a failed delivery once", async () => {
    const probot = await createTestProbot(fake, () => {});
    const client = async () => (await probot.auth()) as unknown as AppJwtClient;
    fake.hookDeliveries.record({ guid: "guid-failed", event: "issues", action: "closed", statusCode: 502 });
    const prefix = "redelivery-1";
    const lockA = new RedisLookLock(redis.url, { prefix });
    const lockB = new RedisLookLock(redis.url, { prefix });

    // Replica A's look is held at its start (its App token on the way) while replica B looks.
    let letAGo!: () => void;
    const aMayGo = new Promise<void>((resolve) => (letAGo = resolve));
    const a = new RedeliveryScheduler({
      client: async () => {
        await aMayGo;
        return client();
      },
      intervalMs: 0,
      lookbackMs: 3_600_000,
      log: quiet,
      lock: lockA,
    });
    const b = new RedeliveryScheduler({ client, intervalMs: 0, lookbackMs: 3_600_000, log: quiet, lock: lockB });

    const lookA = a.runOnce();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const lookB = await b.runOnce();
    expect(lookB).toEqual({ listed: 0, redelivered: [], skipped: true });
    letAGo();
    expect((await lookA).redelivered.map((d) => d.guid)).toEqual(["guid-failed"]);
    expect(attempts()).toBe(1);

    // A's look is over and the lock free again: B's next look runs, and sees the event redelivered already.
    const next = await b.runOnce();
    expect(next.skipped).toBeUndefined();
    expect(next.listed).toBeGreaterThan(0);
    expect(next.redelivered).toEqual([]);
    expect(attempts()).toBe(1);
    lockA.close();
    lockB.close();
  });

  it("a replica that died mid-look frees the lock after its time-to-live", async () => {
    const prefix = "redelivery-2";
    const dead = new RedisLookLock(redis.url, { prefix, ttlMs: 200 });
    const alive = new RedisLookLock(redis.url, { prefix, ttlMs: 200 });
    expect(await dead.acquire()).not.toBeNull();
    dead.close();
    expect(await alive.acquire()).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const release = await alive.acquire();
    expect(release).not.toBeNull();
    await release!();
    expect(await alive.acquire()).not.toBeNull();
    alive.close();
  });
});
