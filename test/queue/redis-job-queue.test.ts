import { afterAll, beforeAll } from "vitest";
import { RedisJobQueue } from "../../src/queue/redis-job-queue.js";
import { startRedis, type RedisServer } from "../support/redis-server.js";
import { queueContract } from "./contract.js";

let redis: RedisServer;
let store = 0;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});

// A fresh key prefix per test is a fresh store on the same server; a short lease so takeover tests do not wait 30 s.
queueContract(
  "redis (BullMQ)",
  async () => {
    const prefix = `contract-${++store}`;
    return {
      open: async (options) => new RedisJobQueue({ ...options, url: redis.url, prefix, leaseMs: 1_000, recheckMs: 20 }),
      dispose: async () => {},
    };
  },
  { globalOrder: false },
);
