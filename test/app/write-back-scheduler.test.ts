import { afterEach, describe, expect, it } from "vitest";
import type { RunInfo } from "../../src/app/app-runtime.js";
import { writeBackRetryAt, type WriteBackRetries } from "../../src/app/write-back-scheduler.js";
import type { StoredJob } from "../../src/queue/job-queue.js";
import { WriteBackConflictError } from "../../src/write-back/write-back-errors.js";
import { startApp, type TestApp } from "../support/start-app.js";
import { SAMPLE_PLAN, SAMPLE_PLAN_PATH as PLAN_PATH } from "../write-back/support/sample-plan.js";

let h: TestApp | null = null;
afterEach(async () => {
  h?.github.assertNoUnexpected();
  await h?.stop();
  h = null;
});

describe("a write-back burst: each close one stored entry of the plan's waiting job", () => {
  it("closes join the waiting job as entries (the job itself never grows), each moving the write one window later, never past maxWait", async () => {
    // The scheduler's clock an hour ahead of the queue's: nothing runs by itself while the test looks.
    let clock = Date.now() + 3_600_000;
    const t0 = clock;
    const app = await startApp({
      files: { [PLAN_PATH]: SAMPLE_PLAN },
      planPath: PLAN_PATH,
      config: "links: false\n",
      create: { writeBack: { windowMs: 1_000, maxWaitMs: 2_500, retryDelayMs: 20, now: () => clock } },
    });
    h = app;
    const [a, b, c] = [app.taskIssue("DATA1"), app.taskIssue("GAIN1"), app.taskIssue("GAIN2")] as [
      number,
      number,
      number,
    ];
    const stored = async () => {
      const jobs = await app.app.jobs.list();
      expect(jobs.map((j) => j.kind)).toEqual(["write-back"]);
      const [job] = jobs as [StoredJob];
      return { runAt: job.runAt, entries: job.entries, size: JSON.stringify(job.payload).length };
    };
    await app.closeIssue(a);
    const first = await stored();
    expect(first).toMatchObject({ runAt: t0 + 1_000, entries: [{ issueNumber: a, task: "DATA1", done: true }] });
    clock += 800;
    await app.closeIssue(b);
    expect(await stored()).toMatchObject({ runAt: t0 + 1_800, size: first.size });
    clock += 800;
    await app.reopenIssue(a);
    await app.closeIssue(c);
    const last = await stored();
    // One window after the last close would be t0 + 2,600: the burst's deadline comes first.
    expect(last).toEqual({
      runAt: t0 + 2_500,
      size: first.size,
      entries: [
        { issueNumber: a, task: "DATA1", done: true },
        { issueNumber: b, task: "GAIN1", done: true },
        { issueNumber: a, task: "DATA1", done: false },
        { issueNumber: c, task: "GAIN2", done: true },
      ],
    });
    await app.app.flush();
    expect(app.appCommits().map((m) => m.message.split("\n")[0])).toEqual(["plan-sync: mark GAIN1, GAIN2 done"]);
  });
});

const info = (attempts: number, retryAt: number | null = 777): RunInfo => ({
  job: { attempts } as StoredJob,
  retryAt: () => retryAt,
  save: async () => {},
});

describe("writeBackRetryAt: when a failed write-back is tried again", () => {
  const policy: WriteBackRetries = { kind: "policy", policy: { delaysMs: [1000, 5000] } };

  it("a conflict (someone kept committing to the plan) follows the App's retry delays, then gives up", () => {
    const conflict = new WriteBackConflictError("plans/p.md", "main", 3);
    expect(writeBackRetryAt(policy, conflict, info(0, null), 100)).toBe(1100);
    expect(writeBackRetryAt(policy, conflict, info(1, null), 100)).toBe(5100);
    expect(writeBackRetryAt(policy, conflict, info(2, null), 100)).toBeNull();
  });

  it("any other failure is the App's to judge (transient or permanent)", () => {
    expect(writeBackRetryAt(policy, new Error("boom"), info(0, 777), 100)).toBe(777);
    expect(writeBackRetryAt(policy, new Error("boom"), info(0, null), 100)).toBeNull();
  });

  it("a fixed delay (tests) doubles per attempt, up to its maximum", () => {
    const fixed: WriteBackRetries = { kind: "fixed", delayMs: 10, max: 2 };
    expect(writeBackRetryAt(fixed, new Error("x"), info(0, null), 100)).toBe(110);
    expect(writeBackRetryAt(fixed, new Error("x"), info(1, null), 100)).toBe(120);
    expect(writeBackRetryAt(fixed, new Error("x"), info(2, 777), 100)).toBeNull();
  });
});
