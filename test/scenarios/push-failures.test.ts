import { afterEach, describe, expect, it } from "vitest";
import { PLAN, PLAN_PATH, startApp, type TestApp } from "../support/start-app.js";
import { isTaskIssue, isTrackingIssue } from "../support/tracking-issues.js";

let h: TestApp;
afterEach(async () => {
  h.github.assertNoUnexpected();
  await h.stop();
});

/** The App's task issues; the plan's tracking issue (on by default) is counted apart. */
const taskIssues = () => h.github.issues(h.repo).filter((i) => i.user.login === h.github.botLogin && isTaskIssue(i));
const trackingIssues = () =>
  h.github.issues(h.repo).filter((i) => i.user.login === h.github.botLogin && isTrackingIssue(i));

describe("push sync when GitHub pushes back", () => {
  it("a secondary rate limit (403 + retry-after) in the middle of a sync: waited out, same end state, no duplicates", async () => {
    // The production Octokit policy, with retry-after counted in milliseconds so the test does not sleep.
    h = await startApp({ policy: { retryAfterBaseValue: 1 } });
    let creates = 0;
    h.github.onRequest((r) => {
      if (r.method === "POST" && r.path === "/repos/acme/plans/issues" && ++creates === 3) {
        h.github.failNextWithSecondaryLimit({ method: "POST", path: "/repos/acme/plans/issues", retryAfter: 1 });
      }
    });
    await h.push({ [PLAN_PATH]: PLAN });

    expect(h.github.requests.some((r) => r.status === 403)).toBe(true);
    expect(taskIssues().map((i) => i.title.split(":")[0])).toEqual(["DATA1", "DATA2", "GAIN1", "GAIN2"]);
    expect(trackingIssues()).toHaveLength(1);
    expect(h.github.checkRuns(h.repo)).toEqual([expect.objectContaining({ conclusion: "success" })]);
  });

  it("GitHub failing with 5xx mid-sync ends the check run as failed with a clear message; the redelivery finishes the job without duplicates", async () => {
    h = await startApp();
    const sha = h.commit({ [PLAN_PATH]: PLAN });
    let creates = 0;
    const stop = h.github.onRequest((r) => {
      if (r.method === "POST" && r.path === "/repos/acme/plans/issues" && ++creates === 3) {
        h.github.failNext({ method: "POST", path: "/repos/acme/plans/issues", status: 502, times: 1 });
      }
    });
    await h.deliverPush({ id: "first" });
    await h.settle();
    stop();

    expect(taskIssues()).toHaveLength(2);
    const failed = h.github.checkRuns(h.repo);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ headSha: sha, status: "completed", conclusion: "failure" });
    expect(failed[0]?.output.title).toMatch(/^Sync stopped after \d+ of \d+ changes$/);
    expect(failed[0]?.output.summary).toContain("Nothing is duplicated by trying again");

    await h.deliverPush({ after: sha, id: "first" });
    await h.settle();
    expect(taskIssues().map((i) => i.title.split(":")[0])).toEqual(["DATA1", "DATA2", "GAIN1", "GAIN2"]);
    expect(trackingIssues()).toHaveLength(1);
    expect(
      h.github
        .checkRuns(h.repo)
        .filter((r) => r.headSha === sha)
        .map((r) => r.conclusion),
    ).toEqual(["failure", "success"]);
  });
});
