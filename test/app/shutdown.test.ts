import { afterEach, describe, expect, it } from "vitest";
import { createIssuesHandler } from "../../src/handlers/issues.js";
import { createPushHandler } from "../../src/handlers/push.js";
import { finishOnShutdown } from "../../src/index.js";
import { GracefulShutdown } from "../../src/server/graceful-shutdown.js";
import { PLAN, PLAN_PATH } from "../push-sync/support/push-harness.js";
import { FakeGitHub } from "../support/fake-github/index.js";
import { createTestProbot } from "../support/probot-app.js";
import { GatedRuntime } from "./support/gated-runtime.js";

let fake: FakeGitHub;
afterEach(async () => {
  fake.assertNoUnexpected();
  await fake.stop();
});

const quiet = { info: () => {}, warn: () => {}, error: () => {} };

describe("finishOnShutdown", () => {
  it("while a push sync runs: the next push's sync is dropped, a write-back still in its window is written after the running sync", async () => {
    fake = new FakeGitHub();
    await fake.start();
    const repo = fake.createRepo("acme/plans", { files: { "README.md": "# plans\n" }, installationId: 77 });
    const runtime = new GatedRuntime();
    const onPush = createPushHandler({ runtime });
    // A minute's window: the close is still waiting for it when the stop comes.
    const onIssue = createIssuesHandler({ runtime, windowMs: 60_000 });
    const probot = await createTestProbot(fake, (app) => {
      app.on("push", onPush);
      app.on(["issues.closed", "issues.reopened"], onIssue);
    });
    let delivery = 0;
    const push = (files: Record<string, string>, message: string) => {
      fake.commit(repo, "main", files, message, "ada");
      return probot.receive({ id: `p${++delivery}`, name: "push", payload: fake.pushPayload(repo) as never });
    };
    await push({ [PLAN_PATH]: PLAN }, "Add the plan");
    await onPush.idle();
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
    const dropped = fake.branchHead(repo);
    fake.updateIssue(repo, data2, { state: "closed", stateReason: "completed" }, "ada");
    await probot.receive({
      id: `i${++delivery}`,
      name: "issues",
      payload: fake.issuesPayload(repo, data2, "closed", { sender: "ada" }) as never,
    });
    expect(onIssue.waiting().bursts).toBe(1);

    const shutdown = new GracefulShutdown({ timeoutMs: 20_000, log: quiet });
    finishOnShutdown(shutdown, { runtime, writeBack: onIssue });
    const outcome = shutdown.drain();
    await new Promise((resolve) => setTimeout(resolve, 20));
    runtime.release();
    expect(await outcome).toBe("drained");

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
    // The second push was never synced: no check run on it, and no request after the drain began reads its commit.
    expect(fake.checkRuns(repo).filter((r) => r.headSha === dropped)).toEqual([]);
    expect(fake.requests.some((r) => r.path.includes(dropped))).toBe(false);
  });
});
