import { afterEach, describe, expect, it } from "vitest";
import type { PlanSyncApp } from "../../src/app/create-app.js";
import { mergePushes, PUSH_SYNC_JOB } from "../../src/app/push-scheduler.js";
import type { Json } from "../../src/queue/job-queue.js";
import type { PushToSync } from "../../src/sync/push-event.js";
import { testApp } from "./support/test-runtime.js";

const push = (o: Partial<PushToSync>): PushToSync => ({
  branch: "main",
  before: "a".repeat(40),
  after: "b".repeat(40),
  headCommit: null,
  touchesConfig: false,
  confirmClose: false,
  ...o,
});

describe("mergePushes: a push replacing one still waiting", () => {
  it("syncs from the older push's before to the newer head, so no change in between is skipped", () => {
    const older = push({ before: "1".repeat(40), after: "2".repeat(40) });
    const newer = push({ before: "2".repeat(40), after: "3".repeat(40), headCommit: { message: "newest" } });
    expect(mergePushes(older, newer)).toEqual({ ...newer, before: "1".repeat(40) });
  });

  it("keeps a config change or a confirm-close of either push", () => {
    expect(mergePushes(push({ touchesConfig: true }), push({})).touchesConfig).toBe(true);
    expect(mergePushes(push({}), push({ touchesConfig: true })).touchesConfig).toBe(true);
    expect(mergePushes(push({ confirmClose: true }), push({})).confirmClose).toBe(true);
    expect(mergePushes(push({}), push({ confirmClose: true })).confirmClose).toBe(true);
    expect(mergePushes(push({ confirmClose: undefined }), push({ confirmClose: undefined })).confirmClose).toBe(false);
    expect(mergePushes(push({}), push({}))).toMatchObject({ touchesConfig: false, confirmClose: false });
  });
});

let app: PlanSyncApp | undefined;
afterEach(() => app?.stop(0));

describe("push-sync jobs", () => {
  it("a second push of the branch while the first waits replaces it with the merged range, in the store", async () => {
    // Not loaded into a Probot: nothing runs, the store shows what waits.
    app = testApp();
    const job = (delivery: string, data: PushToSync) => ({
      kind: PUSH_SYNC_JOB,
      repo: "o/r",
      installationId: 1,
      supersedeKey: "push:refs/heads/main",
      payload: { event: { id: delivery, name: "push", payload: {} }, data: { ...data } as unknown as Json },
    });
    const first = push({ before: "1".repeat(40), after: "2".repeat(40), touchesConfig: true });
    const second = push({ before: "2".repeat(40), after: "3".repeat(40) });
    expect(await app.jobs.enqueue(job("d1", first))).toBe("queued");
    expect(await app.jobs.enqueue(job("d2", second))).toBe("superseded");
    expect((await app.jobs.list()).map((j) => j.payload)).toEqual([
      {
        event: { id: "d2", name: "push", payload: {} },
        data: { ...second, before: "1".repeat(40), touchesConfig: true },
      },
    ]);
  });
});
