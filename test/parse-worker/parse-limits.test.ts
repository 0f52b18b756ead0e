import { describe, expect, it } from "vitest";
import { DEFAULT_PARSE_LIMITS, readParseLimits as parseLimitsFromEnv } from "../../src/config/settings.js";

describe("parse budget from the environment", () => {
  it("defaults when unset or empty", () => {
    expect(parseLimitsFromEnv({})).toEqual(DEFAULT_PARSE_LIMITS);
    expect(parseLimitsFromEnv({ PLAN_SYNC_PARSE_TIMEOUT_MS: " " })).toEqual(DEFAULT_PARSE_LIMITS);
  });

  it("reads each variable", () => {
    expect(
      parseLimitsFromEnv({
        PLAN_SYNC_PARSE_TIMEOUT_MS: "2500",
        PLAN_SYNC_PARSE_MEMORY_MB: "128",
        PLAN_SYNC_PARSE_THREADS: "4",
      }),
    ).toEqual({ timeoutMs: 2500, memoryMb: 128, threads: 4 });
  });

  it("refuses a value that is not a whole number at or above its minimum, naming the variable", () => {
    expect(() => parseLimitsFromEnv({ PLAN_SYNC_PARSE_TIMEOUT_MS: "5s" })).toThrow(
      'PLAN_SYNC_PARSE_TIMEOUT_MS must be a whole number of 100 or more, got "5s"',
    );
    expect(() => parseLimitsFromEnv({ PLAN_SYNC_PARSE_THREADS: "0" })).toThrow(/PLAN_SYNC_PARSE_THREADS/);
    expect(() => parseLimitsFromEnv({ PLAN_SYNC_PARSE_MEMORY_MB: "16" })).toThrow(/of 32 or more/);
  });
});
