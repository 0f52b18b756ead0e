import { describe, expect, it } from "vitest";
import { classifyFailure, describeRetry, nextRetryAt } from "../../src/queue/retry-policy.js";
import { DEFAULT_RETRY_DELAYS_MS, parseRetryDelays, readSettings } from "../../src/config/settings.js";
import { failureOutput } from "../../src/push-sync/failure-output.js";

const httpError = (status: number, extra: object = {}) =>
  Object.assign(new Error(`HTTP ${status}`), { status, response: { headers: {}, data: {} } }, extra);

describe("which failures are retried", () => {
  it.each([500, 502, 503, 504, 408, 429])("GitHub answering %i is an outage: retried", (status) => {
    expect(classifyFailure(httpError(status))).toBe("transient");
  });

  it("a secondary rate limit beyond the client's retries (403 with retry-after) is retried", () => {
    expect(classifyFailure(httpError(403, { response: { headers: { "retry-after": "60" }, data: {} } }))).toBe(
      "transient",
    );
  });

  it.each([
    [404, "the repository or plan is gone"],
    [410, "gone for good"],
    [422, "GitHub refused the content"],
    [401, "bad credentials"],
    [403, "no permission"],
  ])("GitHub answering %i (%s) is permanent: reported, not retried", (status) => {
    expect(classifyFailure(httpError(status))).toBe("permanent");
  });

  it("a request that never got an answer (network) is retried, also when wrapped by the engine", () => {
    expect(classifyFailure(Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }))).toBe("transient");
    expect(classifyFailure(new TypeError("fetch failed"))).toBe("transient");
    const wrapped = Object.assign(new Error("create issue DATA5 failed"), { cause: httpError(502) });
    expect(classifyFailure(wrapped)).toBe("transient");
  });

  it("a bug of plan-sync itself is not retried (another attempt would only repeat it)", () => {
    expect(classifyFailure(new TypeError("Cannot read properties of undefined"))).toBe("permanent");
  });
});

describe("backoff", () => {
  it("grows from 30 s to hours, then stops", () => {
    expect(DEFAULT_RETRY_DELAYS_MS.slice(0, 3)).toEqual([30_000, 120_000, 600_000]);
    const total = DEFAULT_RETRY_DELAYS_MS.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(10 * 3_600_000);
    for (let i = 1; i < DEFAULT_RETRY_DELAYS_MS.length; i++)
      expect(DEFAULT_RETRY_DELAYS_MS[i]).toBeGreaterThanOrEqual(DEFAULT_RETRY_DELAYS_MS[i - 1]!);
    const policy = { delaysMs: [1000, 5000] };
    expect(nextRetryAt(policy, 0, 100)).toBe(1100);
    expect(nextRetryAt(policy, 1, 100)).toBe(5100);
    expect(nextRetryAt(policy, 2, 100)).toBeNull();
  });

  it("PLAN_SYNC_RETRY_DELAYS takes delays with units, and a typo stops the start naming the variable", () => {
    expect(parseRetryDelays("500ms, 5s,2m,1.5h")).toEqual([500, 5000, 120_000, 5_400_000]);
    expect(readSettings({ PLAN_SYNC_RETRY_DELAYS: "5s,10s" }).retry.delaysMs).toEqual([5000, 10_000]);
    expect(() => readSettings({ PLAN_SYNC_RETRY_DELAYS: "5s,10" })).toThrow(
      /PLAN_SYNC_RETRY_DELAYS must be .*"10" in "5s,10" is not one/,
    );
    expect(() => readSettings({ PLAN_SYNC_CONCURRENCY: "0" })).toThrow(/PLAN_SYNC_CONCURRENCY must be a whole number/);
    expect(() => readSettings({ PLAN_SYNC_INSTALLATION_CONCURRENCY: "two" })).toThrow(
      /PLAN_SYNC_INSTALLATION_CONCURRENCY must be a whole number/,
    );
    expect(readSettings({}).concurrency).toEqual({ global: 4, perInstallation: 2 });
  });

  it("the push's failed check run says when it retries, and says redelivery only when it does not", () => {
    const at = Date.UTC(2026, 11, 6, 21, 4);
    const retrying = failureOutput(httpError(502), { at, now: at - 120_000 });
    expect(retrying.title).toBe("Sync failed; retrying in 2 min (21:04 UTC)");
    expect(retrying.summary).toContain("tries this sync again by itself in 2 min (21:04 UTC)");
    const final = failureOutput(httpError(404));
    expect(final.title).toBe("Sync failed");
    expect(final.summary).toContain("retried when GitHub redelivers this push");
    expect(describeRetry(at, at - 30_000)).toBe("in 30 s (21:04 UTC)");
  });
});
