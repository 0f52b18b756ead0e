import { createServer, type Server, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisJobQueue } from "../../src/queue/redis-job-queue.js";

/**
 * A Redis that takes the connection but never answers (a hung server, a
 * half-open connection through a proxy): ioredis waits for ever, so the
 * webhook's enqueue must give up by itself well within GitHub's 10 s.
 */
let server: Server;
let port = 0;
const sockets: Socket[] = [];

beforeAll(async () => {
  server = createServer((socket) => void sockets.push(socket));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as { port: number }).port;
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => server.close(resolve));
});

describe("Redis job queue with a Redis that never answers", () => {
  it("an enqueue fails with a timeout after enqueueTimeoutMs instead of hanging", async () => {
    const queue = new RedisJobQueue({
      url: `redis://127.0.0.1:${port}`,
      prefix: "mute",
      enqueueTimeoutMs: 300,
      log: { warn: () => {}, error: () => {} },
    });
    try {
      await expect(
        queue.enqueue({ kind: "push-sync", repo: "acme/plans", installationId: 1, payload: "sync" }),
      ).rejects.toThrow(/^redis job queue: no answer from Redis within 300 ms$/);
    } finally {
      await queue.close();
    }
  });
});
