import { describe, expect, it } from "vitest";
import type { ApplyProgress } from "../../src/sync/apply-actions.js";
import { CheckRunReporter, type CheckRunReporterOptions } from "../../src/sync/check-run-reporter.js";
import type { CheckRunInput } from "../../src/sync/gateway.js";
import type { Pacer } from "../../src/sync/pacer.js";
import type { CheckRunOutput } from "../../src/render/check-run.js";

/** The `plan-sync` check run of one push, as GitHub receives it: every create and update, in order. */

const SHA = "a".repeat(40);
const DONE: CheckRunOutput = {
  name: "plan-sync",
  status: "completed",
  conclusion: "success",
  title: "Created 2 issues",
  summary: "What this sync did",
  annotations: [],
};

function setup(opts: Partial<CheckRunReporterOptions> = {}, fail: { create?: Error; update?: Error } = {}) {
  const calls: Array<[string, number | null, Partial<CheckRunInput>]> = [];
  const warnings: string[] = [];
  const paced: string[] = [];
  const pacer: Pacer = { acquire: async () => void paced.push(`slot before call ${calls.length + 1}`) };
  let nextId = 41;
  const reporter = new CheckRunReporter({
    gateway: {
      createCheckRun: async (input) => {
        const refusal = fail.create;
        // Refused once: the next create goes through.
        fail.create = undefined;
        if (refusal) throw refusal;
        calls.push(["create", null, input]);
        return ++nextId;
      },
      updateCheckRun: async (id, input) => {
        if (fail.update) throw fail.update;
        calls.push(["update", id, input]);
      },
    },
    headSha: SHA,
    pacer,
    warn: (m) => warnings.push(m),
    ...opts,
  });
  return { reporter, calls, warnings, paced };
}

const action = (done: number, total: number): ApplyProgress => ({
  kind: "action",
  done,
  total,
  action: { type: "create-label", name: "x", color: "000000", description: "" },
});
const waiting = (done: number, total: number): ApplyProgress => ({
  kind: "waiting",
  done,
  total,
  wait: { waitMs: 1_500, resumeAt: new Date("2026-12-07T07:00:01.250Z"), usedThisHour: 500 },
});
const WAIT_NOTE = {
  title: "Waiting for GitHub's write limit: 3 of 20 done",
  summary:
    "plan-sync has used 500 writes in the last hour and waits until 2026-12-07T07:00:01Z (2 s) before the next one, so GitHub does not block the app. Nothing is lost meanwhile.",
};

describe("CheckRunReporter", () => {
  it("a small sync's run is created once, completed, through a paced slot", async () => {
    const { reporter, calls, paced } = setup();
    expect(reporter.checkRunId).toBeNull();
    expect(reporter.resumed).toBe(false);
    // No run yet: progress has nothing to update.
    await reporter.progress(action(1, 2));
    expect(await reporter.finish(DONE)).toBe(42);
    expect(calls).toEqual([
      [
        "create",
        null,
        {
          headSha: SHA,
          name: "plan-sync",
          status: "completed",
          conclusion: "success",
          title: "Created 2 issues",
          summary: "What this sync did",
          annotations: [],
        },
      ],
    ]);
    expect(paced).toEqual(["slot before call 1"]);
    expect(reporter.checkRunId).toBe(42);
  });

  it("a big sync's run is started in progress, updated no more often than the interval (60 s by default) and not at the last action, then completed", async () => {
    let now = 0;
    const { reporter, calls } = setup({ now: () => now });
    await reporter.start("Syncing 20 changes", "coming");
    now = 59_999;
    await reporter.progress(action(1, 20));
    now = 60_000;
    await reporter.progress(action(2, 20));
    now = 119_999;
    await reporter.progress(action(3, 20));
    now = 500_000;
    await reporter.progress(action(20, 20));
    await reporter.finish(DONE);
    expect(calls).toEqual([
      [
        "create",
        null,
        { headSha: SHA, name: "plan-sync", status: "in_progress", title: "Syncing 20 changes", summary: "coming" },
      ],
      [
        "update",
        42,
        {
          title: "Syncing: 2 of 20 changes done",
          summary: "plan-sync is applying 20 changes one at a time, at GitHub's pace for integrations.",
        },
      ],
      [
        "update",
        42,
        {
          status: "completed",
          conclusion: "success",
          title: "Created 2 issues",
          summary: "What this sync did",
          annotations: [],
        },
      ],
    ]);
  });

  it("a failed progress update is only a warning: the sync goes on", async () => {
    let now = 0;
    const failing = setup({ now: () => now, progressIntervalMs: 10, resumeId: 7 }, { update: new Error("502") });
    now = 100;
    await failing.reporter.progress(action(1, 5));
    expect(failing.warnings).toEqual(["check run progress update failed: 502"]);
  });

  it("a long pacing wait is said on the run while the pacer waits (no slot of its own), opening one for a small sync", async () => {
    const { reporter, calls, paced } = setup();
    await reporter.progress(waiting(3, 20));
    await reporter.progress(waiting(3, 20));
    await reporter.finish(DONE);
    expect(calls).toEqual([
      ["create", null, { headSha: SHA, name: "plan-sync", status: "in_progress", ...WAIT_NOTE }],
      ["update", 42, WAIT_NOTE],
      ["update", 42, expect.objectContaining({ status: "completed", title: "Created 2 issues" })],
    ]);
    expect(paced).toEqual(["slot before call 3"]);
  });

  it("a run that cannot be opened while waiting is a warning; finish then creates it", async () => {
    const broken = setup({}, { create: new Error("rate limited") });
    await broken.reporter.progress(waiting(3, 20));
    await broken.reporter.progress(action(4, 20));
    expect(await broken.reporter.finish(DONE)).toBe(42);
    expect(broken.warnings).toEqual(["check run could not be created while waiting: rate limited"]);
    expect(broken.calls).toEqual([["create", null, expect.objectContaining({ status: "completed" })]]);
  });

  it("a resumed run (the process died mid-sync) is carried on: set back in progress, updated, completed", async () => {
    const { reporter, calls } = setup({ resumeId: 7 });
    expect(reporter.resumed).toBe(true);
    expect(reporter.checkRunId).toBe(7);
    await reporter.start("Syncing 12 changes", "coming");
    expect(await reporter.finish(DONE)).toBe(7);
    expect(calls).toEqual([
      ["update", 7, { status: "in_progress", title: "Syncing 12 changes", summary: "coming" }],
      [
        "update",
        7,
        {
          status: "completed",
          conclusion: "success",
          title: "Created 2 issues",
          summary: "What this sync did",
          annotations: [],
        },
      ],
    ]);
  });

  it("a retry carries on the failed run without setting it back in progress, every title saying which retry", async () => {
    let now = 0;
    const { reporter, calls } = setup({ resumeId: 7, retryAttempt: 2, now: () => now, progressIntervalMs: 1 });
    await reporter.start("Syncing 12 changes", "coming");
    now = 10;
    await reporter.progress(action(1, 12));
    await reporter.progress(waiting(1, 12));
    await reporter.finish(DONE);
    expect(calls.map(([kind, id, input]) => [kind, id, input.status, input.title])).toEqual([
      ["update", 7, undefined, "Syncing 12 changes (retry 2)"],
      ["update", 7, undefined, "Syncing: 1 of 12 changes done (retry 2)"],
      ["update", 7, undefined, `${WAIT_NOTE.title.replace("3 of 20", "1 of 12")} (retry 2)`],
      ["update", 7, "completed", "Created 2 issues (retry 2)"],
    ]);
  });

  it("a resumed run that is no retry keeps its titles; no resumed run at all is not resumed", () => {
    expect(setup({ resumeId: null }).reporter.resumed).toBe(false);
    expect(setup({ resumeId: 7, retryAttempt: 0 }).reporter.resumed).toBe(true);
  });

  it("tells the job each run it creates; a job that cannot store it is a warning, the run goes on", async () => {
    const told: number[] = [];
    const ok = setup({ onCreated: async (id) => void told.push(id) });
    await ok.reporter.finish(DONE);
    expect(told).toEqual([42]);
    const failing = setup({ onCreated: () => Promise.reject(new Error("store gone")) });
    expect(await failing.reporter.finish(DONE)).toBe(42);
    expect(failing.warnings).toEqual(["check run 42 not remembered: store gone"]);
    const thrown = setup({ onCreated: () => Promise.reject("plain") });
    await thrown.reporter.finish(DONE);
    expect(thrown.warnings).toEqual(["check run 42 not remembered: plain"]);
  });
  it("without a warn function, a run not remembered, not opened while waiting, or not updated still never stops the sync", async () => {
    const quiet = { warn: undefined } as unknown as Partial<CheckRunReporterOptions>;
    const unremembered = setup({ ...quiet, onCreated: () => Promise.reject(new Error("store gone")) });
    expect(await unremembered.reporter.finish(DONE)).toBe(42);
    const unopened = setup(quiet, { create: new Error("rate limited") });
    await unopened.reporter.progress(waiting(3, 20));
    expect(await unopened.reporter.finish(DONE)).toBe(42);
    let now = 0;
    const unupdated = setup(
      { ...quiet, now: () => now, progressIntervalMs: 10, resumeId: 7 },
      { update: new Error("502") },
    );
    now = 100;
    await expect(unupdated.reporter.progress(action(1, 5))).resolves.toBeUndefined();
    expect([unremembered, unopened, unupdated].flatMap((s) => s.warnings)).toEqual([]);
  });
});
