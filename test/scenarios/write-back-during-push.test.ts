import type { Probot } from "probot";
import { afterEach, describe, expect, it } from "vitest";
import type { PlanSyncApp } from "../../src/app/create-app.js";
import { SEARCH_PLAN as PLAN, SEARCH_PLAN_PATH as PLAN_PATH } from "../support/search-plan.js";
import { FakeGitHub, type RepoRef } from "../support/fake-github/index.js";
import { createTestProbot } from "../support/probot-app.js";
import { GatedRuntime } from "../app/support/gated-runtime.js";
import { testApp } from "../app/support/test-runtime.js";

let fake: FakeGitHub;
let app: PlanSyncApp;
afterEach(async () => {
  fake.assertNoUnexpected();
  await app.stop(0);
  await fake.stop();
});

describe("a write-back and a push sync of the same repository", () => {
  it("a write-back whose burst fires while a push sync runs waits for it, then ticks on top of the push's commit", async () => {
    fake = new FakeGitHub();
    await fake.start();
    const repo: RepoRef = fake.createRepo("acme/plans", { files: { "README.md": "# plans\n" }, installationId: 77 });
    let runtime!: GatedRuntime;
    app = testApp({ runtime: (o) => (runtime = new GatedRuntime(o)), writeBack: { windowMs: 5 } });
    const probot: Probot = await createTestProbot(fake, app.app);
    let delivery = 0;
    const push = (files: Record<string, string>, message: string) => {
      fake.commit(repo, "main", files, message, "ada");
      return probot.receive({ id: `p${++delivery}`, name: "push", payload: fake.pushPayload(repo) as never });
    };

    // The plan's first sync: its issues exist and are linked.
    await push({ [PLAN_PATH]: PLAN }, "Add the plan");
    await app.idle();
    const data2 = fake.issues(repo).find((i) => i.title.startsWith("DATA2:"));
    expect(data2?.user.login).toBe(fake.botLogin);
    const n = data2?.number as number;

    // A person adds GAIN3; the push sync stops inside GitHub's "create issue".
    runtime.gated = true;
    const plan = fake.file(repo, PLAN_PATH) as string;
    expect(plan).toContain("| Shows hits | 3 |\n");
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

    // Meanwhile someone closes DATA2's issue; its burst window passes while the sync is held.
    fake.updateIssue(repo, n, { state: "closed", stateReason: "completed" }, "ada");
    const closedAt = fake.requests.length;
    await probot.receive({
      id: `i${++delivery}`,
      name: "issues",
      payload: fake.issuesPayload(repo, n, "closed", { sender: "ada" }) as never,
    });
    while ((await app.jobs.list()).some((job) => job.kind === "write-back" && job.runAt > Date.now()))
      await new Promise((resolve) => setTimeout(resolve, 5));
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(fake.requests.slice(closedAt).map((r) => `${r.method} ${r.path}`)).toEqual([]);

    runtime.release();
    await app.idle();

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
    // Every request of the write-back (it starts by re-reading the issue) came after the push sync's last one, its check run.
    const requests = fake.requests.map((r) => `${r.method} ${r.path}`);
    const writeBackStart = requests.indexOf(`GET /repos/acme/plans/issues/${n}`, closedAt);
    // Created at the end, or created early and updated: either way the sync's last write is to its check run.
    const lastCheckRun = requests
      .map((r, i) => (/^(POST|PATCH) \/repos\/acme\/plans\/check-runs/.test(r) ? i : -1))
      .reduce((a, b) => Math.max(a, b), -1);
    expect(lastCheckRun).toBeGreaterThan(closedAt);
    expect(writeBackStart).toBeGreaterThan(lastCheckRun);
    const ticked = fake.file(repo, PLAN_PATH) as string;
    expect(ticked).toMatch(/\| \[x\] DATA2 \(\[#\d+\]/);
    expect(ticked).toMatch(/\| GAIN3 \(\[#\d+\]/);
  });
});
