import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { SupersedeMerge } from "../../src/queue/job-queue.js";
import { SqliteJobQueue } from "../../src/queue/sqlite-job-queue.js";
import { SEARCH_PLAN as PLAN, SEARCH_PLAN_PATH as PLAN_PATH } from "../support/search-plan.js";
import { startApp, type TestApp } from "../support/start-app.js";
import { GatedRuntime } from "./support/gated-runtime.js";

let h: TestApp;
let dir: string;
afterEach(async () => {
  h.github.assertNoUnexpected();
  await h.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("stopping the App (SIGTERM's drain)", () => {
  it("the running push sync finishes; the next push's sync and a write-back in its window stay stored, and the next start does them", async () => {
    dir = mkdtempSync(join(tmpdir(), "plan-sync-shutdown-"));
    // One store on disk, as PLAN_SYNC_DATA_DIR gives the server.
    const jobs = (merge: SupersedeMerge) =>
      new SqliteJobQueue({ path: join(dir, "jobs.sqlite"), merge, log: { warn: () => {}, error: () => {} } });
    let runtime!: GatedRuntime;
    // A minute's window: the close is still waiting for it when the stop comes.
    h = await startApp({ windowMs: 60_000, create: { jobs, runtime: (o) => (runtime = new GatedRuntime(o)) } });
    const { github: fake, repo } = h;
    const push = async (files: Record<string, string>, message: string) => {
      h.commit(files, message);
      await h.deliverPush();
    };
    await push({ [PLAN_PATH]: PLAN }, "Add the plan");
    await h.settle();
    const data2 = fake.issues(repo).find((i) => i.title.startsWith("DATA2:"))?.number as number;

    // A sync held mid-flight, a second push waiting behind it, a close waiting for its window.
    runtime.gated = true;
    const plan = fake.file(repo, PLAN_PATH) as string;
    await push(
      {
        [PLAN_PATH]: plan.replace(
          "| Shows hits | 3 |\n",
          "| Shows hits | 3 |\n| GAIN3 | Ranking | Better hits first | 8 |\n",
        ),
      },
      "Add GAIN3",
    );
    await runtime.held;
    await push(
      { "notes.md": "GAIN4 next\n", [PLAN_PATH]: `${fake.file(repo, PLAN_PATH) as string}\nMore to come.\n` },
      "Notes",
    );
    const waiting = fake.branchHead(repo);
    await h.closeIssue(data2);

    const stopped = h.app.stop(20_000);
    await new Promise((resolve) => setTimeout(resolve, 20));
    runtime.release();
    expect(await stopped).toEqual({ interrupted: 0, left: 2 });
    // Nothing of the waiting work ran during the stop: no request even reads the waiting push's commit.
    const readsWaiting = () => fake.requests.some((r) => r.path.includes(waiting));
    expect(readsWaiting()).toBe(false);
    const ticks = () => fake.log(repo).filter((c) => c.message.startsWith("plan-sync: mark"));
    expect(ticks()).toEqual([]);

    // The next start (same store) resumes both.
    await h.restart({ jobs });
    await h.app.flush();
    const messages = fake
      .log(repo)
      .filter((c) => c.authorLogin === fake.botLogin)
      .map((c) => c.message.split("\n")[0])
      .reverse();
    expect(messages).toEqual([
      "plan-sync: link DATA1, DATA2, GAIN1, GAIN2 to their issues",
      "plan-sync: link GAIN3 to its issue",
      "plan-sync: mark DATA2 done",
    ]);
    expect(fake.file(repo, PLAN_PATH)).toMatch(/\| \[x\] DATA2 \(\[#\d+\]/);
    // The waiting push was synced too (it changes no task: nothing to write, no check run).
    expect(readsWaiting()).toBe(true);
    expect(await h.app.jobs.list()).toEqual([]);
  });
});
