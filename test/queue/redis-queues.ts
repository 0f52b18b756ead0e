import { afterAll, afterEach, beforeAll } from "vitest";
import { Redis } from "ioredis";
import { RedisJobQueue, type RedisJobQueueOptions } from "../../src/queue/redis-job-queue.js";
import { startRedis, type RedisServer } from "../support/redis-server.js";

/**
 * The Redis job queue tests' common ground: one real Redis per test file, a plain client to look inside it (what an
 * operator sees with `redis-cli`), and every queue a test opens stopped and closed after the test, so a test that
 * fails half-way leaves no worker polling into the next one.
 */
export function useRedisQueues(): {
  readonly redis: RedisServer;
  readonly client: Redis;
  open(options: Omit<RedisJobQueueOptions, "url">): RedisJobQueue;
} {
  let redis: RedisServer;
  let client: Redis;
  const opened: RedisJobQueue[] = [];
  beforeAll(async () => {
    redis = await startRedis();
    client = new Redis(redis.url);
  });
  afterAll(async () => {
    client?.disconnect();
    await redis?.stop();
  });
  afterEach(async () => {
    for (const queue of opened.splice(0)) {
      await queue.stop(0);
      await queue.close();
    }
  });
  return {
    get redis() {
      return redis;
    },
    get client() {
      return client;
    },
    open(options) {
      const queue = new RedisJobQueue({ log: { warn: () => {}, error: () => {} }, ...options, url: redis.url });
      opened.push(queue);
      return queue;
    },
  };
}
