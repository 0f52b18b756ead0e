import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openJobQueue } from "../../src/queue/open-job-queue.js";
import { RedisJobQueue } from "../../src/queue/redis-job-queue.js";
import { SqliteJobQueue } from "../../src/queue/sqlite-job-queue.js";
import { readSettings, SettingsError } from "../../src/config/settings.js";

describe("REDIS_URL chooses the shared backend", () => {
  it("unset: one instance, jobs in the embedded store", () => {
    expect(readSettings({}).redis).toBeNull();
  });

  it("set: Redis with its defaults (prefix plan-sync, a 30 s lease)", () => {
    expect(readSettings({ REDIS_URL: "redis://redis:6379" }).redis).toEqual({
      url: "redis://redis:6379",
      prefix: "plan-sync",
      leaseMs: 30_000,
    });
    expect(
      readSettings({
        REDIS_URL: "rediss://:pw@cache.example:6380/2",
        PLAN_SYNC_REDIS_PREFIX: "staging",
        PLAN_SYNC_JOB_LEASE_MS: "5000",
      }).redis,
    ).toEqual({ url: "rediss://:pw@cache.example:6380/2", prefix: "staging", leaseMs: 5000 });
  });

  it("a bad value stops the start, naming the variable and never echoing a URL that may hold a password", () => {
    const bad = (env: NodeJS.ProcessEnv) => () => readSettings(env);
    expect(bad({ REDIS_URL: "http://user:secret@host" })).toThrow(SettingsError);
    expect(bad({ REDIS_URL: "http://user:secret@host" })).not.toThrow(/secret/);
    expect(bad({ REDIS_URL: "redis://r", PLAN_SYNC_JOB_LEASE_MS: "500" })).toThrow(/PLAN_SYNC_JOB_LEASE_MS/);
    expect(bad({ REDIS_URL: "redis://r", PLAN_SYNC_REDIS_PREFIX: "a b" })).toThrow(/PLAN_SYNC_REDIS_PREFIX/);
  });

  it("openJobQueue builds the backend the settings name", async () => {
    const merge = () => ({ payload: null });
    const redis = openJobQueue(readSettings({ REDIS_URL: "redis://127.0.0.1:1" }), merge);
    expect(redis).toBeInstanceOf(RedisJobQueue);
    await redis.close();
    const dir = mkdtempSync(join(tmpdir(), "plan-sync-settings-"));
    const sqlite = openJobQueue(readSettings({ PLAN_SYNC_DATA_DIR: dir }), merge);
    expect(sqlite).toBeInstanceOf(SqliteJobQueue);
    await sqlite.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
