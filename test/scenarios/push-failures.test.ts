import { afterEach, describe, expect, it } from "vitest";
import { PLAN, PLAN_PATH, startPushHarness, type PushHarness } from "../push/support/push-harness.js";
import { isTaskIssue, isTrackingIssue } from "../support/tracking-issues.js";

let h: PushHarness;
afterEach(async () => {
  h.fake.assertNoUnexpected();
  await h.stop();
});

/** The App's task issues; the plan's tracking issue (on by default) is counted apart. */
const taskIssues = () => h.fake.issues(h.repo).filter((i) => i.user.login === h.fake.botLogin && isTaskIssue(i));
const trackingIssues = () =>
  h.fake.issues(h.repo).filter((i) => i.user.login === h.fake.botLogin && isTrackingIssue(i));

describe("push sync when GitHub pushes back", () => {
  it("a secondary rate limit (403 + retry-after) in the middle of a sync: waited out, same end state, no duplicates", async () => {
    // The production Octokit policy, with retry-after counted in milliseconds so the test does not sleep.
    h = await startPushHarness({ policy: { retryAfterBaseValue: 1 } });
    let creates = 0;
    h.fake.onRequest((r) => {
      if (r.method === "POST" && r.path === "/repos/acme/plans/issues" && ++creates === 3) {
        h.fake.failNextWithSecondaryLimit({ method: "POST", path: "/repos/acme/plans/issues", retryAfter: 1 });
      }
    });
    await h.push({ [PLAN_PATH]: PLAN });

    expect(h.fake.requests.some((r) => r.status === 403)).toBe(true);
    expect(taskIssues().map((i) => i.title.split(":")[0])).toEqual(["DATA1", "DATA2", "GAIN1", "GAIN2"]);
    expect(trackingIssues()).toHaveLength(1);
    expect(h.fake.checkRuns(h.repo)).toEqual([expect.objectContaining({ conclusion: "success" })]);
  });

  it("GitHub failing with 5xx mid-sync ends the check run as failed with a clear message; the redelivery finishes the job without duplicates", async () => {
    h = await startPushHarness();
    const sha = h.commit({ [PLAN_PATH]: PLAN });
    let creates = 0;
    const stop = h.fake.onRequest((r) => {
      if (r.method === "POST" && r.path === "/repos/acme/plans/issues" && ++creates === 3) {
        h.fake.failNext({ method: "POST", path: "/repos/acme/plans/issues", status: 502, times: 1 });
      }
    });
    await h.deliver({ id: "first" });
    await h.settle();
    stop();

    expect(taskIssues()).toHaveLength(2);
    const failed = h.fake.checkRuns(h.repo);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ headSha: sha, status: "completed", conclusion: "failure" });
    expect(failed[0]?.output.title).toMatch(/^Sync stopped after \d+ of \d+ changes$/);
    expect(failed[0]?.output.summary).toContain("Nothing is duplicated by trying again");

    await h.deliver({ after: sha, id: "first" });
    await h.settle();
    expect(taskIssues().map((i) => i.title.split(":")[0])).toEqual(["DATA1", "DATA2", "GAIN1", "GAIN2"]);
    expect(trackingIssues()).toHaveLength(1);
    expect(
      h.fake
        .checkRuns(h.repo)
        .filter((r) => r.headSha === sha)
        .map((r) => r.conclusion),
    ).toEqual(["failure", "success"]);
  });
});
