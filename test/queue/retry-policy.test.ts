import { describe, expect, it } from "vitest";
import { classifyFailure, describeRetry, nextRetryAt } from "../../src/queue/retry-policy.js";
import { DEFAULT_RETRY_DELAYS_MS, parseRetryDelays, readSettings } from "../../src/config/settings.js";
import { failureOutput } from "../../src/sync/failure-output.js";

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

describe("rate limits and network failures seen through wrappers", () => {
  it("a 403 is a rate limit (retried) when GitHub says so by header or message, else a permission problem", () => {
    const exhausted = { response: { headers: { "x-ratelimit-remaining": "0" }, data: {} } };
    expect(classifyFailure(httpError(403, exhausted))).toBe("transient");
    const left = { response: { headers: { "x-ratelimit-remaining": "12" }, data: {} } };
    expect(classifyFailure(httpError(403, left))).toBe("permanent");
    expect(classifyFailure(httpError(403, { message: "You have exceeded a secondary Rate Limit" }))).toBe("transient");
    expect(classifyFailure(httpError(403, { response: undefined }))).toBe("permanent");
    expect(classifyFailure(httpError(499))).toBe("permanent");
  });

  it.each(["socket hang up", "network error", "connect ETIMEDOUT 140.82.112.6:443", "read econnreset"])(
    "a request that failed with %j (no status, no code) is retried",
    (message) => {
      expect(classifyFailure(new Error(message))).toBe("transient");
    },
  );

  it("a network error code is retried even when the message does not say network", () => {
    const dns = Object.assign(new Error("getaddrinfo EAI_AGAIN api.github.com"), { code: "EAI_AGAIN" });
    expect(classifyFailure(dns)).toBe("transient");
  });

  it("a 404 stays permanent even when it carries rate-limit headers (gone is gone)", () => {
    const headers = { "retry-after": "60", "x-ratelimit-remaining": "0" };
    expect(classifyFailure(httpError(404, { response: { headers, data: {} } }))).toBe("permanent");
  });

  it("an error code that is not a network failure is not retried", () => {
    expect(classifyFailure(Object.assign(new Error("open plan.md"), { code: "ENOENT" }))).toBe("permanent");
    expect(classifyFailure(Object.assign(new Error("x"), { code: 104 }))).toBe("permanent");
  });

  it("looks through up to five wrapped errors, and a cause that points back at itself ends the search", () => {
    const wrap = (cause: unknown, times: number): unknown =>
      times === 0 ? cause : wrap(Object.assign(new Error("wrapped"), { cause }), times - 1);
    expect(classifyFailure(wrap(httpError(502), 4))).toBe("transient");
    expect(classifyFailure(wrap(httpError(502), 5))).toBe("permanent");
    const loop: Error & { cause?: unknown } = new Error("loop");
    loop.cause = loop;
    expect(classifyFailure(loop)).toBe("permanent");
    expect(classifyFailure("ECONNRESET")).toBe("permanent");
    expect(classifyFailure(null)).toBe("permanent");
  });
});

describe("describeRetry (check run and log wording)", () => {
  const at = Date.UTC(2026, 11, 6, 21, 4, 30);
  it.each([
    [89_000, "in 89 s (21:04 UTC)"],
    [90_000, "in 2 min (21:04 UTC)"],
    [89 * 60_000, "in 89 min (21:04 UTC)"],
    [90 * 60_000, "in 1.5 h (21:04 UTC)"],
    [7 * 3_600_000 + 20 * 60_000, "in 7.3 h (21:04 UTC)"],
    [-5_000, "in 0 s (21:04 UTC)"],
  ])("%i ms ahead reads %j", (ahead, words) => {
    expect(describeRetry(at, at - ahead)).toBe(words);
  });
});

describe("PLAN_SYNC_RETRY_DELAYS", () => {
  it("unset or blank keeps the default schedule; set, it replaces it", () => {
    expect(readSettings({}).retry.delaysMs).toEqual(DEFAULT_RETRY_DELAYS_MS);
    expect(readSettings({ PLAN_SYNC_RETRY_DELAYS: "  " }).retry.delaysMs).toEqual(DEFAULT_RETRY_DELAYS_MS);
    expect(readSettings({ PLAN_SYNC_RETRY_DELAYS: "1.25h, 3 min" }).retry.delaysMs).toEqual([4_500_000, 180_000]);
  });

  it.each(["x5s", "5s!", "5", "5 d", "1.h"])("refuses %j, naming it", (part) => {
    expect(() => parseRetryDelays(`30s,${part}`)).toThrow(`"${part}" in "30s,${part}"`);
  });
});
