import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app/create-app.js";
import { DEFAULT_WRITE_BACK_WINDOW_MS, readSettings, SettingsError } from "../../src/config/settings.js";

describe("the server's settings, read once at start-up", () => {
  it("defaults every setting when nothing is set, and an empty value counts as unset", () => {
    const defaults = readSettings({});
    expect(defaults.writeBackWindowMs).toBe(DEFAULT_WRITE_BACK_WINDOW_MS);
    expect(readSettings({ PLAN_SYNC_WRITE_BACK_WINDOW_MS: " ", PLAN_SYNC_PARSE_THREADS: "" })).toEqual(defaults);
  });

  it("reads the write-back window, 0 included", () => {
    expect(readSettings({ PLAN_SYNC_WRITE_BACK_WINDOW_MS: "200" }).writeBackWindowMs).toBe(200);
    expect(readSettings({ PLAN_SYNC_WRITE_BACK_WINDOW_MS: "0" }).writeBackWindowMs).toBe(0);
  });

  it.each(["3s", "-1", "1.5", "soon"])(
    "refuses the write-back window %j in one line naming the variable, instead of falling back to 3000",
    (value) => {
      const read = () => readSettings({ PLAN_SYNC_WRITE_BACK_WINDOW_MS: value });
      expect(read).toThrow(SettingsError);
      expect(read).toThrow(`PLAN_SYNC_WRITE_BACK_WINDOW_MS must be a whole number of 0 or more, got "${value}"`);
    },
  );

  it("names the variable for each kind of bad value", () => {
    const message = (env: Record<string, string | undefined>) => {
      try {
        readSettings(env);
      } catch (error) {
        expect(error).toBeInstanceOf(SettingsError);
        return (error as Error).message;
      }
      throw new Error("no error");
    };
    expect(message({ PLAN_SYNC_SHUTDOWN_TIMEOUT_SECONDS: "-2" })).toMatch(/^PLAN_SYNC_SHUTDOWN_TIMEOUT_SECONDS must/);
    expect(message({ PLAN_SYNC_PARSE_MEMORY_MB: "16" })).toMatch(/^PLAN_SYNC_PARSE_MEMORY_MB must .* 32 or more/);
    expect(message({ PLAN_SYNC_REDELIVERY_LOOKBACK_HOURS: "0" })).toMatch(/^PLAN_SYNC_REDELIVERY_LOOKBACK_HOURS must/);
    expect(message({ PLAN_SYNC_RETRY_DELAYS: "30" })).toMatch(/^PLAN_SYNC_RETRY_DELAYS must/);
    for (const env of [{ PLAN_SYNC_CONCURRENCY: "0" }, { PLAN_SYNC_JOB_LEASE_MS: "x", REDIS_URL: "redis://r:6379" }]) {
      expect(message(env).split("\n")).toHaveLength(1);
    }
  });

  it("stops createApp before anything opens (no job store is created for a bad value)", () => {
    expect(() =>
      createApp({ env: { PLAN_SYNC_WRITE_BACK_WINDOW_MS: "3s", PLAN_SYNC_DATA_DIR: "/nonexistent/x" } }),
    ).toThrow(/PLAN_SYNC_WRITE_BACK_WINDOW_MS/);
  });
});

describe("the environment is read in one place", () => {
  it("no module under src/ but src/config/settings.ts reads a PLAN_SYNC_* variable or REDIS_URL", () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (path.endsWith(".ts") && path !== join("src", "config", "settings.ts")) {
          const text = readFileSync(path, "utf8");
          if (/env(?:\.|\[["'`])(?:PLAN_SYNC_\w+|REDIS_URL)/.test(text)) offenders.push(path);
        }
      }
    };
    walk("src");
    expect(offenders).toEqual([]);
  });
});
