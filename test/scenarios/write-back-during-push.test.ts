import { afterEach, describe, expect, it } from "vitest";
import { SEARCH_PLAN as PLAN, SEARCH_PLAN_PATH as PLAN_PATH } from "../support/search-plan.js";
import { startApp, type TestApp } from "../support/start-app.js";
import { GatedRuntime } from "../app/support/gated-runtime.js";

let h: TestApp;
afterEach(async () => {
  h.github.assertNoUnexpected();
  await h.stop();
});

describe("a write-back and a push sync of the same repository", () => {
  it("a write-back whose burst fires while a push sync runs waits for it, then ticks on top of the push's commit", async () => {
    let runtime!: GatedRuntime;
    h = await startApp({ windowMs: 5, create: { runtime: (o) => (runtime = new GatedRuntime(o)) } });
    const { github: fake, repo } = h;
    const push = async (files: Record<string, string>, message: string) => {
      h.commit(files, message);
      await h.deliverPush();
    };

    // The plan's first sync: its issues exist and are linked.
    await push({ [PLAN_PATH]: PLAN }, "Add the plan");
    await h.settle();
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
    const closedAt = fake.requests.length;
    await h.closeIssue(n);
    while ((await h.app.jobs.list()).some((job) => job.kind === "write-back" && job.runAt > Date.now()))
      await new Promise((resolve) => setTimeout(resolve, 5));
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(fake.requests.slice(closedAt).map((r) => `${r.method} ${r.path}`)).toEqual([]);

    runtime.release();
    await h.settle();

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
