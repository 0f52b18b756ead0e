import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { PlanSyncApp } from "../../src/app/create-app.js";
import type { SupersedeMerge } from "../../src/queue/job-queue.js";
import { SqliteJobQueue } from "../../src/queue/sqlite-job-queue.js";
import { SEARCH_PLAN as PLAN, SEARCH_PLAN_PATH as PLAN_PATH } from "../support/search-plan.js";
import { FakeGitHub } from "../support/fake-github/index.js";
import { createTestProbot } from "../support/probot-app.js";
import { GatedRuntime } from "./support/gated-runtime.js";
import { testApp } from "./support/test-runtime.js";

let fake: FakeGitHub;
let dir: string;
const apps: PlanSyncApp[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.stop(0);
  fake.assertNoUnexpected();
  await fake.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("stopping the App (SIGTERM's drain)", () => {
  it("the running push sync finishes; the next push's sync and a write-back in its window stay stored, and the next start does them", async () => {
    fake = new FakeGitHub();
    await fake.start();
    dir = mkdtempSync(join(tmpdir(), "plan-sync-shutdown-"));
    const repo = fake.createRepo("acme/plans", { files: { "README.md": "# plans\n" }, installationId: 77 });
    // One store on disk, as PLAN_SYNC_DATA_DIR gives the server.
    const jobs = (merge: SupersedeMerge) =>
      new SqliteJobQueue({ path: join(dir, "jobs.sqlite"), merge, log: { warn: () => {}, error: () => {} } });
    let runtime!: GatedRuntime;
    // A minute's window: the close is still waiting for it when the stop comes.
    const first = testApp({ jobs, runtime: (o) => (runtime = new GatedRuntime(o)), writeBack: { windowMs: 60_000 } });
    apps.push(first);
    const probot = await createTestProbot(fake, first.app);
    let delivery = 0;
    const push = (files: Record<string, string>, message: string) => {
      fake.commit(repo, "main", files, message, "ada");
      return probot.receive({ id: `p${++delivery}`, name: "push", payload: fake.pushPayload(repo) as never });
    };
    await push({ [PLAN_PATH]: PLAN }, "Add the plan");
    await first.idle();
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
    fake.updateIssue(repo, data2, { state: "closed", stateReason: "completed" }, "ada");
    await probot.receive({
      id: `i${++delivery}`,
      name: "issues",
      payload: fake.issuesPayload(repo, data2, "closed", { sender: "ada" }) as never,
    });

    const stopped = first.stop(20_000);
    await new Promise((resolve) => setTimeout(resolve, 20));
    runtime.release();
    expect(await stopped).toEqual({ interrupted: 0, left: 2 });
    // Nothing of the waiting work ran during the stop: no request even reads the waiting push's commit.
    const readsWaiting = () => fake.requests.some((r) => r.path.includes(waiting));
    expect(readsWaiting()).toBe(false);
    const ticks = () => fake.log(repo).filter((c) => c.message.startsWith("plan-sync: mark"));
    expect(ticks()).toEqual([]);

    // The next start (same store) resumes both.
    const second = testApp({ jobs, writeBack: { windowMs: 60_000 } });
    apps.push(second);
    await createTestProbot(fake, second.app);
    await second.flush();
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
    expect(await second.jobs.list()).toEqual([]);
  });
});
