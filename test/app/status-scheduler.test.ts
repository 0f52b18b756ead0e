import { afterEach, describe, expect, it } from "vitest";
import type { PlanSyncApp } from "../../src/app/create-app.js";
import type { RefreshStatusOptions } from "../../src/pull-request/refresh-status.js";
import { PR_STATUS_JOB } from "../../src/app/status-scheduler.js";
import { testApp } from "./support/test-runtime.js";

const opts = (o: Partial<RefreshStatusOptions>): RefreshStatusOptions => ({
  checkRun: false,
  mayHaveComment: false,
  ...o,
});

/** A pr-status job as the scheduler stores it for PR #2 of o/r. */
const statusJob = (options: RefreshStatusOptions, delivery: string) => ({
  kind: PR_STATUS_JOB,
  repo: "o/r",
  installationId: 1,
  supersedeKey: "pr-status:o/r#2",
  payload: {
    event: { id: delivery, name: "pull_request", payload: {} },
    data: { prNumber: 2, options: { ...options } },
  },
});

let app: PlanSyncApp;
afterEach(() => app.stop(0));

describe("pr-status jobs", () => {
  it("a newer event for a PR whose refresh waits replaces it, and keeps the check run it owed", async () => {
    // Not loaded into a Probot: nothing runs, the store shows what waits.
    app = testApp();
    expect(await app.jobs.enqueue(statusJob(opts({ checkRun: true }), "synchronize"))).toBe("queued");
    expect(await app.jobs.enqueue(statusJob(opts({ mayHaveComment: true }), "edited"))).toBe("superseded");
    const jobs = await app.jobs.list();
    expect(jobs.map((job) => job.payload)).toEqual([
      {
        // The newest event (its payload, its delivery) with what both owed.
        event: { id: "edited", name: "pull_request", payload: {} },
        data: { prNumber: 2, options: { checkRun: true, mayHaveComment: true, alwaysComment: false } },
      },
    ]);
  });
});
