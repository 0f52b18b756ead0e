import { afterEach, describe, expect, it } from "vitest";
import { crlf, SAMPLE_PLAN, SAMPLE_PLAN_PATH as PLAN_PATH } from "../write-back/support/sample-plan.js";
import { startApp, type TestApp } from "../support/start-app.js";

let h: TestApp;
afterEach(async () => {
  h.github.assertNoUnexpected();
  await h.stop();
});

const BRANCH = "plan-sync/docs-plan";
const pulls = () => [...h.github.model.mustRepo(h.repo).pulls.values()];

describe("scenario: a team whose main branch is protected", () => {
  it("collects ticks in one pull request across bursts, then starts a fresh one after the merge", async () => {
    h = await startApp({ files: { [PLAN_PATH]: SAMPLE_PLAN }, planPath: PLAN_PATH, config: "links: false\n" });
    h.github.protectBranch(h.repo, "main");
    const gain1 = h.taskIssue("GAIN1");
    const data2 = h.taskIssue("DATA2");

    await h.closeIssue(gain1);
    await h.settle();
    expect(pulls()).toHaveLength(1);

    // Someone edits the plan on main (through their own merged PR) before the next close.
    const edited = SAMPLE_PLAN.replace("Runs nightly", "Runs nightly at 02:00");
    h.github.unprotectBranch(h.repo, "main");
    h.github.commit(h.repo, "main", { [PLAN_PATH]: edited }, "Clarify DATA2", "ada");
    h.github.protectBranch(h.repo, "main");

    await h.closeIssue(data2);
    await h.settle();
    expect(pulls()).toHaveLength(1);
    const ticked = edited.replace("| GAIN1 |", "| [x] GAIN1 |").replace("| DATA2 |", "| [x] DATA2 |");
    expect(h.github.file(h.repo, PLAN_PATH, BRANCH)).toBe(ticked);
    expect(h.github.checkRuns(h.repo).map((r) => r.headSha)).toEqual([
      h.github.log(h.repo).find((c) => c.message === "Initial commit")?.sha,
      h.github.branchHead(h.repo, "main"),
    ]);

    const pr = pulls()[0];
    h.github.mergePullRequest(h.repo, pr!.number, "ada");
    expect(h.github.file(h.repo, PLAN_PATH)).toBe(ticked);

    await h.reopenIssue(gain1);
    await h.settle();
    const open = pulls().filter((p) => p.state === "open");
    expect(open).toHaveLength(1);
    expect(open[0]?.number).not.toBe(pr?.number);
    expect(h.github.file(h.repo, PLAN_PATH, BRANCH)).toBe(ticked.replace("| [x] GAIN1 |", "| [ ] GAIN1 |"));
  });

  it("writes nothing to main itself, ever", async () => {
    h = await startApp({ files: { [PLAN_PATH]: SAMPLE_PLAN }, planPath: PLAN_PATH });
    h.github.protectBranch(h.repo, "main");
    const head = h.github.branchHead(h.repo, "main");
    await h.closeIssue(h.taskIssue("DATA1"));
    await h.settle();
    expect(h.github.branchHead(h.repo, "main")).toBe(head);
  });
});

describe("scenario: a push sync failed on the commit the write-back reports on", () => {
  it("the write-back's neutral check is `plan-sync/write-back`, so the failing `plan-sync` check stays what the commit shows", async () => {
    h = await startApp({ files: { [PLAN_PATH]: SAMPLE_PLAN }, planPath: PLAN_PATH, config: "links: false\n" });
    // The same App receives the push: src/index.ts wires push next to issues.
    const pusher = h.probot;
    const gain1 = h.taskIssue("GAIN1");
    const head = h.github.commit(
      h.repo,
      "main",
      { [PLAN_PATH]: `${SAMPLE_PLAN}\nNotes from the review.\n` },
      "Notes",
      "ada",
    );
    h.github.protectBranch(h.repo, "main");
    // GitHub fails the sync's first write: its check on the commit fails.
    h.github.failNext({ method: "POST", path: /^\/repos\/acme\/plans\/(issues|labels)$/, status: 502 });
    await pusher.receive({ id: "push-1", name: "push", payload: h.github.pushPayload(h.repo) as never });
    await h.app.idle();
    expect(h.github.checkRuns(h.repo).map((r) => [r.name, r.headSha, r.conclusion])).toEqual([
      ["plan-sync", head, "failure"],
    ]);

    await h.closeIssue(gain1);
    await h.settle();
    expect(pulls()).toHaveLength(1);
    const runs = h.github.checkRuns(h.repo).filter((r) => r.headSha === head);
    expect(runs.map((r) => [r.name, r.conclusion])).toEqual([
      ["plan-sync", "failure"],
      ["plan-sync/write-back", "neutral"],
    ]);
  });
});

describe("scenario: a plan saved on Windows with a BOM", () => {
  it("ticks and unticks without touching the BOM or any line ending", async () => {
    const original = `\uFEFF${crlf(SAMPLE_PLAN)}`;
    h = await startApp({ files: { [PLAN_PATH]: original }, planPath: PLAN_PATH, config: "links: false\n" });
    const n = h.taskIssue("GAIN2");
    await h.closeIssue(n);
    await h.settle();
    expect(h.github.file(h.repo, PLAN_PATH)).toBe(original.replace("| GAIN2 |", "| [x] GAIN2 |"));
    await h.reopenIssue(n);
    await h.settle();
    expect(h.github.file(h.repo, PLAN_PATH)).toBe(original.replace("| GAIN2 |", "| [ ] GAIN2 |"));
    expect(h.appCommits().map((c) => c.message.split("\n")[0])).toEqual([
      "plan-sync: mark GAIN2 done",
      "plan-sync: reopen GAIN2",
    ]);
  });
});

describe("scenario: two plans in one repository", () => {
  it("closes in both within one window make one commit per plan", async () => {
    h = await startApp({
      files: { [PLAN_PATH]: SAMPLE_PLAN, "docs/other.md": SAMPLE_PLAN },
      planPath: PLAN_PATH,
      windowMs: 200,
      config: "links: false\n",
    });
    const a = h.taskIssue("DATA1");
    const b = h.taskIssue("DATA1", { path: "docs/other.md" });
    const c = h.taskIssue("GAIN1", { path: "docs/other.md" });
    await h.closeIssue(a);
    await h.closeIssue(b);
    await h.closeIssue(c);
    await h.settle();
    expect(
      h
        .appCommits()
        .map((m) => m.message.split("\n")[0])
        .sort(),
    ).toEqual(["plan-sync: mark DATA1 done", "plan-sync: mark DATA1, GAIN1 done"]);
    expect(h.github.file(h.repo, PLAN_PATH)).toContain("| [x] DATA1 |");
    expect(h.github.file(h.repo, PLAN_PATH)).toContain("| GAIN1 |");
    expect(h.github.file(h.repo, "docs/other.md")).toContain("| [x] GAIN1 |");
  });
});
