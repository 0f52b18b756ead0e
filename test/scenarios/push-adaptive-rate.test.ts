import { afterEach, describe, expect, it } from "vitest";
import { generatePlan } from "../support/generate-plan.js";
import type { RequestInfo } from "../support/fake-github/index.js";
import { startApp, type TestApp } from "../support/start-app.js";

/**
 * A GitHub that accepts fewer writes than it documents (20 a minute instead
 * of 80), against the production Octokit policy and the App's pacer. Time is
 * virtual: the pacer sleeps by moving a clock, and the fake GitHub's limit
 * window runs on that same clock, so the schedule is exact and the test does
 * not wait. The client's own retry waits are shrunk to 0 ms (retryAfterBaseValue
 * 0): what waits out a refusal here is the pacer, as in production.
 */
function virtualClock() {
  let t = 1_000_000;
  return {
    now: () => t,
    sleep: async (ms: number) => {
      t += ms;
    },
  };
}

const MINUTE = 60_000;
let h: TestApp;
afterEach(async () => {
  h.github.assertNoUnexpected();
  await h.stop();
});

interface Write extends RequestInfo {
  at: number;
}

async function firstSyncAgainst20PerMinute(rows: number, { tracking }: { tracking: boolean }) {
  const clock = virtualClock();
  h = await startApp({
    // Without the tracking issue the schedule is the tasks' own writes; the last test keeps the default.
    files: tracking ? {} : { ".github/plan-sync.yml": "tracking: false\n" },
    policy: { retryAfterBaseValue: 0 },
    pacer: { perMinute: 80, perHour: 500, now: clock.now, sleep: clock.sleep },
    // No progress notes: the writes are the sync's own, the same on every run.
    progressIntervalMs: 3_600_000,
  });
  const writes: Write[] = [];
  h.github.onRequest((r) => {
    if (r.method !== "GET" && r.path.startsWith("/repos/")) writes.push({ ...r, at: clock.now() });
  });
  h.github.enforceContentCreationLimit({ perMinute: 20, perHour: 500, now: clock.now });
  const start = clock.now();
  await h.push({ "docs/plans/big.md": generatePlan(rows) }, "Add the big plan");
  const refusals = h.github.requests.filter((r) => r.status === 403).length;
  return { clock, writes, start, refusals };
}

describe("the write rate adapts to what GitHub accepts", () => {
  it("a 42-task first sync against a GitHub that accepts 20 writes a minute: one refusal, then that limit's pace, every issue once", async () => {
    const { clock, writes, start, refusals } = await firstSyncAgainst20PerMinute(42, { tracking: false });

    const appIssues = h.github.issues(h.repo).filter((i) => i.user.login === h.github.botLogin);
    expect(appIssues).toHaveLength(42);
    expect(new Set(appIssues.map((i) => i.title)).size).toBe(42);
    expect(h.github.checkRuns(h.repo)).toEqual([expect.objectContaining({ conclusion: "success" })]);

    // The fixed 80/min schedule met 2 to 8 refusals here; the adaptive one meets the limit once.
    expect(refusals).toBe(1);

    // After the refusal every write (retry, issues, labels, commit, check run) is 3 s apart: 20 a minute.
    const refusedAt = writes.findIndex((w, i) => i > 0 && w.at > writes[i - 1]!.at + 20_000) - 1;
    expect(refusedAt).toBeGreaterThan(0);
    const after = writes.slice(refusedAt + 1);
    expect(after.length).toBeGreaterThan(20);
    for (let i = 1; i < after.length; i++) expect(after[i]!.at - after[i - 1]!.at).toBeGreaterThanOrEqual(3_000);
    // The retry of the refused write waited for GitHub's retry-after (the window's oldest write a minute old).
    expect(after[0]!.at - writes[0]!.at).toBeGreaterThanOrEqual(MINUTE);
    expect(after.some((w) => w.path.includes("/check-runs"))).toBe(true);

    // About that limit's pace overall: the writes GitHub took, at 20 a minute, plus the first burst's head start.
    const accepted = writes.length - refusals;
    const minutes = (clock.now() - start) / MINUTE;
    expect(minutes).toBeLessThanOrEqual((accepted / 20) * 1.1);
    expect(minutes).toBeGreaterThanOrEqual((accepted - 20) / 20);
  });

  it("with the tracking issue (the default) the same sync meets one more refusal, when the pacer probes upwards after a quiet minute, and still links every task once", async () => {
    const { writes, refusals } = await firstSyncAgainst20PerMinute(42, { tracking: true });

    const appIssues = h.github.issues(h.repo).filter((i) => i.user.login === h.github.botLogin);
    // 42 task issues and the plan's tracking issue, each created once.
    expect(appIssues).toHaveLength(43);
    expect(new Set(appIssues.map((i) => i.title)).size).toBe(43);
    const linked = h.github.requests.filter(
      (r) => r.method === "POST" && r.path.endsWith("/sub_issues") && r.status === 201,
    );
    expect(linked).toHaveLength(42);
    expect(h.github.checkRuns(h.repo)).toEqual([expect.objectContaining({ conclusion: "success" })]);

    // The first refusal sets the pace to 20 a minute; after a quiet minute the pacer adds 5 a minute
    // (recoveryStep), GitHub refuses once more, and the rest runs at what it accepts: two refusals in all, not the
    // fixed schedule's one per burst.
    expect(refusals).toBe(2);
    const refused = h.github.requests.filter((r) => r.status === 403).map((r) => `${r.method} ${r.path}`);
    expect(refused).toEqual(["POST /repos/acme/plans/issues", "POST /repos/acme/plans/issues/43/sub_issues"]);
    // Never faster than 80 a minute, and after the first refusal never faster than the probe's 25 a minute.
    const firstRefusal = writes.findIndex((w, i) => i > 0 && w.at > writes[i - 1]!.at + 20_000);
    for (let i = 1; i < writes.length; i++) {
      const gap = writes[i]!.at - writes[i - 1]!.at;
      expect(gap).toBeGreaterThanOrEqual(i > firstRefusal ? 2_400 : 750);
    }
  });
});
