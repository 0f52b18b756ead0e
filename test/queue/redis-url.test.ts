import { describe, expect, it } from "vitest";
import { connectionOptions, redactUrl } from "../../src/queue/redis-job-queue.js";

/** REDIS_URL as BullMQ's connections see it, and as /healthz and the logs show it (never a password). */
describe("REDIS_URL", () => {
  it("reaches BullMQ with its host, port, credentials (percent-decoded), database and TLS", () => {
    expect(connectionOptions("rediss://us%40er:p%3Aw%2F@cache.example:6380/2")).toEqual({
      host: "cache.example",
      port: 6380,
      username: "us@er",
      password: "p:w/",
      db: 2,
      tls: {},
      // BullMQ's blocking worker connection must never give up on a request.
      maxRetriesPerRequest: null,
    });
  });

  it("without port, credentials or database: Redis's defaults, no TLS", () => {
    expect(connectionOptions("redis://redis")).toEqual({
      host: "redis",
      port: 6379,
      username: undefined,
      password: undefined,
      db: 0,
      tls: undefined,
      maxRetriesPerRequest: null,
    });
    expect(connectionOptions("redis://:secret@redis/")).toMatchObject({
      username: undefined,
      password: "secret",
      db: 0,
    });
  });

  it("is shown without its credentials", () => {
    expect(redactUrl("redis://user:secret@cache.example:6380/2")).toBe("redis://***:***@cache.example:6380/2");
    expect(redactUrl("rediss://:secret@cache.example")).toBe("rediss://:***@cache.example");
    expect(redactUrl("redis://user@cache.example")).toBe("redis://***@cache.example");
    expect(redactUrl("redis://cache.example:6379")).toBe("redis://cache.example:6379");
    // Not a URL (no scheme): nothing of it is shown.
    expect(redactUrl("//:secret@cache.example")).toBe("redis");
  });
});
