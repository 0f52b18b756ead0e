import { afterEach, describe, expect, it } from "vitest";
import { isOwnCommit } from "../../src/write-back/own-commit.js";
import { crlf, SAMPLE_PLAN, SAMPLE_PLAN_PATH as PLAN_PATH } from "../write-back/support/sample-plan.js";
import { startApp, type TestApp } from "../support/start-app.js";

let h: TestApp;
afterEach(async () => {
  h.github.assertNoUnexpected();
  await h.stop();
});

function edit(text: string, from: string, to: string): string {
  expect(text.split(from)).toHaveLength(2);
  return text.replace(from, to);
}

const issueUrl = (n: number) => `https://github.com/acme/plans/issues/${n}`;

describe("issues.closed / issues.reopened → the plan", () => {
  it("closing the app's issue commits exactly one tick (and the link) into that row, CRLF kept", async () => {
    h = await startApp({ files: { [PLAN_PATH]: crlf(SAMPLE_PLAN) }, planPath: PLAN_PATH });
    const n = h.taskIssue("DATA2");
    await h.closeIssue(n);
    await h.settle();

    const commits = h.appCommits();
    expect(commits).toHaveLength(1);
    expect(commits[0]?.message).toBe("plan-sync: mark DATA2 done\n\nPlan-Sync-Bot: write-back");
    expect(h.github.file(h.repo, PLAN_PATH)).toBe(
      crlf(edit(SAMPLE_PLAN, "| DATA2 |", `| [x] DATA2 ([#${n}](${issueUrl(n)})) |`)),
    );
  });

  it("a checklist item tracking the task follows it; one that merely mentions the ID does not", async () => {
    h = await startApp({ files: { [PLAN_PATH]: SAMPLE_PLAN }, planPath: PLAN_PATH, config: "links: false\n" });
    const n = h.taskIssue("DATA1");
    await h.closeIssue(n);
    await h.settle();
    let expected = edit(SAMPLE_PLAN, "| DATA1 |", "| [x] DATA1 |");
    expected = edit(expected, "- [ ] DATA1: ingest", "- [x] DATA1: ingest");
    expect(h.github.file(h.repo, PLAN_PATH)).toBe(expected);
    expect(expected).toContain("- [ ] Review what DATA1 produces");
  });

  it("reopening unticks the task", async () => {
    h = await startApp({ files: { [PLAN_PATH]: SAMPLE_PLAN }, planPath: PLAN_PATH, config: "links: false\n" });
    const n = h.taskIssue("DATA3", { closed: true });
    await h.reopenIssue(n);
    await h.settle();
    expect(h.github.file(h.repo, PLAN_PATH)).toBe(edit(SAMPLE_PLAN, "| [x] DATA3 |", "| [ ] DATA3 |"));
    expect(h.appCommits().map((c) => c.message.split("\n")[0])).toEqual(["plan-sync: reopen DATA3"]);
  });

  it("three closes within the window make one commit", async () => {
    h = await startApp({
      files: { [PLAN_PATH]: SAMPLE_PLAN },
      planPath: PLAN_PATH,
      windowMs: 300,
      config: "links: false\n",
    });
    const [a, b, c] = [h.taskIssue("DATA1"), h.taskIssue("GAIN1"), h.taskIssue("GAIN2")] as [number, number, number];
    await h.closeIssue(a);
    await h.closeIssue(b);
    await h.closeIssue(c);
    await h.settle();
    expect(h.appCommits().map((m) => m.message.split("\n")[0])).toEqual(["plan-sync: mark DATA1, GAIN1, GAIN2 done"]);
  });

  it("a close quickly followed by a reopen ends unticked: the issues are re-read, so nothing is committed", async () => {
    h = await startApp({
      files: { [PLAN_PATH]: SAMPLE_PLAN },
      planPath: PLAN_PATH,
      windowMs: 300,
      config: "links: false\n",
    });
    const n = h.taskIssue("GAIN2");
    await h.closeIssue(n);
    await h.reopenIssue(n);
    await h.settle();
    expect(h.github.file(h.repo, PLAN_PATH)).toBe(SAMPLE_PLAN);
    expect(h.appCommits()).toEqual([]);
  });

  it("with links on, a task whose issue is open again still gets its link", async () => {
    h = await startApp({ files: { [PLAN_PATH]: SAMPLE_PLAN }, planPath: PLAN_PATH, windowMs: 300 });
    const n = h.taskIssue("GAIN2");
    await h.closeIssue(n);
    await h.reopenIssue(n);
    await h.settle();
    expect(h.github.file(h.repo, PLAN_PATH)).toBe(
      edit(SAMPLE_PLAN, "| GAIN2 |", `| GAIN2 ([#${n}](${issueUrl(n)})) |`),
    );
    expect(h.appCommits().map((m) => m.message.split("\n")[0])).toEqual(["plan-sync: link GAIN2 to its issue"]);
  });

  it("closed as not planned leaves the task unticked and writes nothing", async () => {
    h = await startApp({ files: { [PLAN_PATH]: SAMPLE_PLAN }, planPath: PLAN_PATH, config: "links: false\n" });
    const n = h.taskIssue("DATA1");
    h.github.resetCounters();
    await h.closeIssue(n, "not_planned");
    await h.settle();
    expect(h.github.file(h.repo, PLAN_PATH)).toBe(SAMPLE_PLAN);
    expect(h.github.writes().filter((r) => r.caller === h.github.botLogin)).toEqual([]);
  });

  it("an issue by a person with a copied marker causes zero writes", async () => {
    h = await startApp({ files: { [PLAN_PATH]: SAMPLE_PLAN }, planPath: PLAN_PATH });
    const n = h.taskIssue("DATA1", { user: "mallory" });
    h.github.resetCounters();
    await h.closeIssue(n, "completed", "mallory");
    await h.settle();
    expect(h.github.writes().filter((r) => r.caller === h.github.botLogin)).toEqual([]);
    expect(h.github.file(h.repo, PLAN_PATH)).toBe(SAMPLE_PLAN);
  });

  it("an issue whose author differs from the app's login only in case is still the app's (GitHub logins ignore case)", async () => {
    h = await startApp({ files: { [PLAN_PATH]: SAMPLE_PLAN }, planPath: PLAN_PATH, config: "links: false\n" });
    const n = h.taskIssue("GAIN1", { user: h.github.botLogin.toUpperCase() });
    await h.closeIssue(n);
    await h.settle();
    expect(h.github.file(h.repo, PLAN_PATH)).toBe(edit(SAMPLE_PLAN, "| GAIN1 |", "| [x] GAIN1 |"));
    expect(h.github.log(h.repo)[0]?.message.split("\n")[0]).toBe("plan-sync: mark GAIN1 done");
  });

  it("an issue the plan no longer has a row for changes nothing", async () => {
    h = await startApp({ files: { [PLAN_PATH]: SAMPLE_PLAN }, planPath: PLAN_PATH });
    const n = h.taskIssue("DATA9");
    await h.closeIssue(n);
    await h.settle();
    expect(h.appCommits()).toEqual([]);
  });

  it("a person's commit landing between read and write is kept, and the tick lands on top", async () => {
    h = await startApp({ files: { [PLAN_PATH]: SAMPLE_PLAN }, planPath: PLAN_PATH, config: "links: false\n" });
    const n = h.taskIssue("GAIN1");
    const personal = edit(SAMPLE_PLAN, "Debounced input", "Debounced input<br>Keyboard accessible");
    // The person's commit lands after plan-sync read the plan, just as its write arrives: GitHub answers 409.
    h.onFirstRequest("PUT", `/repos/acme/plans/contents/${PLAN_PATH}`, () => {
      h.github.commit(h.repo, "main", { [PLAN_PATH]: personal }, "Add a criterion", "ada");
    });
    await h.closeIssue(n);
    await h.settle();
    expect(h.github.file(h.repo, PLAN_PATH)).toBe(edit(personal, "| GAIN1 |", "| [x] GAIN1 |"));
    expect(
      h.github
        .log(h.repo)
        .map((c) => c.message.split("\n")[0])
        .slice(0, 2),
    ).toEqual(["plan-sync: mark GAIN1 done", "Add a criterion"]);
    expect(h.github.requests.filter((r) => r.method === "PUT").map((r) => r.status)).toEqual([409, 200]);
  });

  it("on a protected default branch, opens a pull request and says so in a plan-sync/write-back check run", async () => {
    h = await startApp({ files: { [PLAN_PATH]: SAMPLE_PLAN }, planPath: PLAN_PATH, config: "links: false\n" });
    h.github.protectBranch(h.repo, "main");
    const head = h.github.branchHead(h.repo, "main");
    const n = h.taskIssue("GAIN2");
    await h.closeIssue(n);
    await h.settle();

    expect(h.github.file(h.repo, PLAN_PATH)).toBe(SAMPLE_PLAN);
    expect(h.github.file(h.repo, PLAN_PATH, "plan-sync/docs-plan")).toBe(
      edit(SAMPLE_PLAN, "| GAIN2 |", "| [x] GAIN2 |"),
    );
    const pulls = [...h.github.model.mustRepo(h.repo).pulls.values()];
    expect(pulls).toHaveLength(1);
    expect(pulls[0]).toMatchObject({ headRef: "plan-sync/docs-plan", baseRef: "main", state: "open" });
    const runs = h.github.checkRuns(h.repo);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({
      name: "plan-sync/write-back",
      headSha: head,
      status: "completed",
      conclusion: "neutral",
    });
    expect(JSON.stringify(runs[0])).toContain(`/pull/${pulls[0]?.number}`);
    // Branch, commit, pull request, check run: each took a slot of the installation's write pacer, as push sync's writes do.
    const writes = h.github.writes().filter((w) => w.caller === h.github.botLogin);
    expect(writes.length).toBeGreaterThanOrEqual(4);
    expect(h.slots).toEqual(writes.map(() => "installation:77"));
  });

  it("the push caused by the app's own commit is recognised as its own (no loop)", async () => {
    h = await startApp({ files: { [PLAN_PATH]: SAMPLE_PLAN }, planPath: PLAN_PATH });
    const before = h.github.branchHead(h.repo, "main");
    await h.closeIssue(h.taskIssue("DATA1"));
    await h.settle();
    const push = h.github.pushPayload(h.repo, { before, after: h.github.branchHead(h.repo, "main") }) as {
      head_commit: Parameters<typeof isOwnCommit>[0];
    };
    expect(isOwnCommit(push.head_commit, h.github.botLogin)).toBe(true);
  });

  it("a close by the app itself (push sync obeying the plan) is not written back", async () => {
    h = await startApp({ files: { [PLAN_PATH]: SAMPLE_PLAN }, planPath: PLAN_PATH });
    const n = h.taskIssue("DATA3");
    h.github.resetCounters();
    await h.closeIssue(n, "completed", h.github.botLogin);
    await h.settle();
    expect(h.github.requests.filter((r) => !r.path.startsWith("/app"))).toEqual([]);
  });

  it("writeBack: false in the config turns write-back off", async () => {
    h = await startApp({ files: { [PLAN_PATH]: SAMPLE_PLAN }, planPath: PLAN_PATH, config: "writeBack: false\n" });
    await h.closeIssue(h.taskIssue("DATA1"));
    await h.settle();
    expect(h.appCommits()).toEqual([]);
  });

  it("answers the webhook before touching the plan: the work waits for the burst window", async () => {
    h = await startApp({ files: { [PLAN_PATH]: SAMPLE_PLAN }, planPath: PLAN_PATH, windowMs: 200 });
    const n = h.taskIssue("DATA1");
    h.github.resetCounters();
    await h.closeIssue(n);
    expect(h.github.requests.filter((r) => r.path.startsWith("/repos/"))).toEqual([]);
    await h.settle();
    expect(h.appCommits()).toHaveLength(1);
  });

  it("a failed write is tried again, and the tick lands", async () => {
    h = await startApp({ files: { [PLAN_PATH]: SAMPLE_PLAN }, planPath: PLAN_PATH, config: "links: false\n" });
    h.github.failNext({ method: "PUT", path: `/repos/acme/plans/contents/${PLAN_PATH}`, status: 500, times: 2 });
    await h.closeIssue(h.taskIssue("DATA1"));
    await h.settle();
    expect(h.github.requests.filter((r) => r.method === "PUT").map((r) => r.status)).toEqual([500, 500, 200]);
    expect(h.appCommits().map((c) => c.message.split("\n")[0])).toEqual(["plan-sync: mark DATA1 done"]);
  });

  it("gives up after the retries, and a later event for the plan writes, the given-up close included", async () => {
    h = await startApp({
      files: { [PLAN_PATH]: SAMPLE_PLAN },
      planPath: PLAN_PATH,
      config: "links: false\n",
      maxRetries: 1,
    });
    const [a, b] = [h.taskIssue("DATA1"), h.taskIssue("DATA2")] as [number, number];
    h.github.failNext({ method: "PUT", path: `/repos/acme/plans/contents/${PLAN_PATH}`, status: 500, times: 2 });
    await h.closeIssue(a);
    await h.settle();
    expect(h.appCommits()).toEqual([]);
    await h.closeIssue(b);
    await h.settle();
    expect(h.appCommits().map((c) => c.message.split("\n")[0])).toEqual(["plan-sync: mark DATA1, DATA2 done"]);
  });
});

describe("the burst and its retry are stored jobs", () => {
  it("a close while the plan's failed write-back waits for its retry joins it: one job, one commit for both", async () => {
    h = await startApp({
      files: { [PLAN_PATH]: SAMPLE_PLAN },
      planPath: PLAN_PATH,
      config: "links: false\n",
      windowMs: 60_000,
      retryDelayMs: 60_000,
    });
    const [a, b] = [h.taskIssue("DATA1"), h.taskIssue("GAIN1")] as [number, number];
    await h.closeIssue(a);
    h.github.failNext({ method: "PUT", path: `/repos/acme/plans/contents/${PLAN_PATH}`, status: 500 });
    await h.app.jobs.promoteDelayed();
    // The first write failed: the job stays stored, a minute away from its retry.
    while (!(await h.app.jobs.list()).some((job) => job.attempts === 1))
      await new Promise((resolve) => setTimeout(resolve, 5));
    await h.closeIssue(b);
    expect((await h.app.jobs.list()).map((job) => job.kind)).toEqual(["write-back"]);
    await h.app.flush();
    expect(h.appCommits().map((c) => c.message.split("\n")[0])).toEqual(["plan-sync: mark DATA1, GAIN1 done"]);
  });
});
