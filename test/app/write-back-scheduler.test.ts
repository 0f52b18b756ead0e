import { describe, expect, it } from "vitest";
import type { RunInfo } from "../../src/app/app-runtime.js";
import type { WriteBackJobData } from "../../src/app/write-back-run.js";
import { mergeBursts, writeBackRetryAt, type WriteBackRetries } from "../../src/app/write-back-scheduler.js";
import type { StoredJob } from "../../src/queue/job-queue.js";
import { WriteBackConflictError } from "../../src/write-back/write-back-errors.js";

const burst = (issueNumber: number, deadline: number): WriteBackJobData => ({
  path: "plans/p.md",
  identity: "plan-sync[bot]",
  events: [{ issueNumber, task: `T${issueNumber}`, done: true }],
  deadline,
  planRepo: null,
});

describe("mergeBursts: a close joining a write-back still waiting", () => {
  it("keeps every event in order and the first event's deadline", () => {
    const { data } = mergeBursts(burst(1, 50_000), burst(2, 90_000), { now: 10_000, windowMs: 3000 });
    expect(data.events.map((e) => e.issueNumber)).toEqual([1, 2]);
    expect(data.deadline).toBe(50_000);
  });

  it("writes one window after the newest event, but never after the deadline", () => {
    expect(mergeBursts(burst(1, 50_000), burst(2, 90_000), { now: 10_000, windowMs: 3000 }).runAt).toBe(13_000);
    expect(mergeBursts(burst(1, 12_000), burst(2, 90_000), { now: 10_000, windowMs: 3000 }).runAt).toBe(12_000);
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
