import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parsePlan } from "../../src/plan/parse-plan.js";
import { SqliteJobQueue } from "../../src/queue/sqlite-job-queue.js";
import { SAMPLE_PLAN, SAMPLE_PLAN_PATH as PLAN_PATH } from "../write-back/support/sample-plan.js";
import { startApp, type TestApp } from "../support/start-app.js";

/** Someone closes an issue and plan-sync cannot write the tick: they read why on the issue, once. */

let h: TestApp;
afterEach(async () => {
  h.github.assertNoUnexpected();
  await h.stop();
});

// DATA2's row now says DATA1: a duplicate ID, an error the plan is refused for.
const BROKEN = SAMPLE_PLAN.replace("| DATA2 |", "| DATA1 |");
const PLAN_URL = `https://github.com/acme/plans/blob/main/${PLAN_PATH}`;

const botComments = (n: number) => h.github.comments(h.repo, n).filter((c) => c.user.login === h.github.botLogin);
const commentWrites = () => h.github.writes().filter((r) => r.path.includes("/comments"));
const firstLine = (message: string) => message.split("\n")[0];

describe("scenario: a close plan-sync cannot write", () => {
  it("a plan with errors: one comment on the closed issue naming the plan and its first error at its line; nothing committed", async () => {
    h = await startApp({ files: { [PLAN_PATH]: BROKEN }, planPath: PLAN_PATH, config: "links: false\n" });
    const n = h.taskIssue("GAIN1");
    await h.closeIssue(n);
    await h.settle();

    expect(h.appCommits()).toEqual([]);
    expect(h.github.file(h.repo, PLAN_PATH)).toBe(BROKEN);
    const [error] = parsePlan(BROKEN, PLAN_PATH).diagnostics.filter((d) => d.severity === "error");
    if (!error) throw new Error("the broken plan must have an error");
    const comments = botComments(n);
    expect(comments).toHaveLength(1);
    const body = comments[0]?.body ?? "";
    expect(body.startsWith("<!-- plan-sync:write-back v1 -->")).toBe(true);
    expect(body).toContain(`plan-sync could not tick \`GAIN1\` in [\`${PLAN_PATH}\`](${PLAN_URL})`);
    expect(body).toContain(`- [\`${PLAN_PATH}:${error.line}\`](${PLAN_URL}#L${error.line}): ${error.message}`);
    expect(body).toContain("fix the plan and push it");
    expect(body).toContain("reopen this issue and close it again");
  });

  it("closing and reopening again on the same broken plan keeps that one comment: the same failure writes nothing, a reopen edits it", async () => {
    h = await startApp({
      files: { [PLAN_PATH]: BROKEN },
      planPath: PLAN_PATH,
      config: "links: false\n",
      windowMs: 200,
    });
    const n = h.taskIssue("GAIN1");
    await h.closeIssue(n);
    await h.settle();
    const [first] = botComments(n);

    // Reopened and closed again within one burst: the issue ends closed, the same failure as before.
    h.github.resetCounters();
    await h.reopenIssue(n);
    await h.closeIssue(n);
    await h.settle();
    expect(botComments(n)).toEqual([first]);
    expect(commentWrites().filter((r) => r.method !== "GET")).toEqual([]);

    // Reopened for good: the comment now says the untick was not written, in place.
    await h.reopenIssue(n);
    await h.settle();
    const after = botComments(n);
    expect(after).toHaveLength(1);
    expect(after[0]?.id).toBe(first?.id);
    expect(after[0]?.body).toContain("plan-sync could not untick `GAIN1`");
  });

  it("once the plan is fixed, the next write-back of the plan writes the earlier close too, and its comment says so", async () => {
    h = await startApp({ files: { [PLAN_PATH]: BROKEN }, planPath: PLAN_PATH, config: "links: false\n" });
    const [gain1, gain2] = [h.taskIssue("GAIN1"), h.taskIssue("GAIN2")] as [number, number];
    await h.closeIssue(gain1);
    await h.settle();
    expect(botComments(gain1)).toHaveLength(1);

    h.github.commit(h.repo, "main", { [PLAN_PATH]: SAMPLE_PLAN }, "Fix the duplicate ID", "ada");
    await h.closeIssue(gain2);
    await h.settle();

    expect(h.appCommits().map((c) => firstLine(c.message))).toEqual(["plan-sync: mark GAIN1, GAIN2 done"]);
    const comments = botComments(gain1);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toContain(
      `plan-sync has written this issue's state since: \`GAIN1\` is ticked in [\`${PLAN_PATH}\`](${PLAN_URL}) (commit ${h.appCommits()[0]?.sha.slice(0, 7)}).`,
    );
    // The issue that never failed gets no comment.
    expect(botComments(gain2)).toEqual([]);
  });

  it("that memory outlives a restart: after it, the plan's next write-back writes the earlier close too, and its comment says so", async () => {
    const dir = mkdtempSync(join(tmpdir(), "plan-sync-unwritten-"));
    try {
      // The production store, on a file: what the first process remembers is what the second one reads.
      h = await startApp({
        files: { [PLAN_PATH]: BROKEN },
        planPath: PLAN_PATH,
        config: "links: false\n",
        create: {
          jobs: (merge) =>
            new SqliteJobQueue({ path: join(dir, "jobs.sqlite"), merge, log: { warn: () => {}, error: () => {} } }),
        },
      });
      const [gain1, gain2] = [h.taskIssue("GAIN1"), h.taskIssue("GAIN2")] as [number, number];
      await h.closeIssue(gain1);
      await h.settle();
      expect(botComments(gain1)).toHaveLength(1);
      await h.restart();

      h.github.commit(h.repo, "main", { [PLAN_PATH]: SAMPLE_PLAN }, "Fix the duplicate ID", "ada");
      await h.closeIssue(gain2);
      await h.settle();
      await h.app.stop(0);

      expect(h.appCommits().map((c) => firstLine(c.message))).toEqual(["plan-sync: mark GAIN1, GAIN2 done"]);
      expect(h.github.file(h.repo, PLAN_PATH)).toContain("| [x] GAIN1 |");
      expect(botComments(gain1)[0]?.body).toContain(
        "plan-sync has written this issue's state since: `GAIN1` is ticked",
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("on a protected branch the earlier close goes into plan-sync's pull request, and its comment links that pull request", async () => {
    h = await startApp({ files: { [PLAN_PATH]: BROKEN }, planPath: PLAN_PATH, config: "links: false\n" });
    const [gain1, gain2] = [h.taskIssue("GAIN1"), h.taskIssue("GAIN2")] as [number, number];
    await h.closeIssue(gain1);
    await h.settle();

    h.github.commit(h.repo, "main", { [PLAN_PATH]: SAMPLE_PLAN }, "Fix the duplicate ID", "ada");
    h.github.protectBranch(h.repo, "main");
    await h.closeIssue(gain2);
    await h.settle();

    const [pull] = [...h.github.model.mustRepo(h.repo).pulls.values()];
    expect(h.github.file(h.repo, PLAN_PATH, pull?.headRef)).toContain("| [x] GAIN1 |");
    expect(botComments(gain1)[0]?.body).toContain(
      `\`GAIN1\` is ticked in [\`${PLAN_PATH}\`](${PLAN_URL}) by pull request [#${pull?.number}](https://github.com/acme/plans/pull/${pull?.number})`,
    );
  });

  it("an invalid .github/plan-sync.yml: the issue is told, with the config's error", async () => {
    h = await startApp({ files: { [PLAN_PATH]: SAMPLE_PLAN }, planPath: PLAN_PATH, config: "writeBack: sometimes\n" });
    const n = h.taskIssue("DATA2");
    await h.closeIssue(n);
    await h.settle();

    expect(h.appCommits()).toEqual([]);
    const comments = botComments(n);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toContain("`.github/plan-sync.yml` is not valid:");
    expect(comments[0]?.body).toMatch(/\n- .*writeBack/);
    expect(comments[0]?.body).toContain("fix `.github/plan-sync.yml` and push it");
  });

  it("GitHub failing through every retry: the issue is told (with the HTTP status), and the next close of the plan writes both", async () => {
    h = await startApp({
      files: { [PLAN_PATH]: SAMPLE_PLAN },
      planPath: PLAN_PATH,
      config: "links: false\n",
      maxRetries: 1,
    });
    const [a, b] = [h.taskIssue("DATA2"), h.taskIssue("GAIN1")] as [number, number];
    h.github.failNext({ method: "PUT", path: `/repos/acme/plans/contents/${PLAN_PATH}`, status: 502, times: 2 });
    await h.closeIssue(a);
    await h.settle();

    expect(h.appCommits()).toEqual([]);
    const [told] = botComments(a);
    expect(told?.body).toContain("GitHub kept answering plan-sync's requests with an error (HTTP 502)");
    expect(told?.body).toContain("nothing to fix in the plan");

    await h.closeIssue(b);
    await h.settle();
    expect(h.appCommits().map((c) => firstLine(c.message))).toEqual(["plan-sync: mark DATA2, GAIN1 done"]);
    expect(botComments(a)[0]?.body).toContain("plan-sync has written this issue's state since: `DATA2` is ticked");
  });

  it("a comment by a person that starts with plan-sync's marker is never edited; plan-sync adds its own", async () => {
    h = await startApp({ files: { [PLAN_PATH]: BROKEN }, planPath: PLAN_PATH, config: "links: false\n" });
    const n = h.taskIssue("GAIN1");
    const copied = h.github.addComment(h.repo, n, "<!-- plan-sync:write-back v1 -->\nmine", "mallory");
    await h.closeIssue(n);
    await h.settle();

    expect(h.github.comments(h.repo, n).find((c) => c.id === copied.id)?.body).toBe(
      "<!-- plan-sync:write-back v1 -->\nmine",
    );
    expect(botComments(n)).toHaveLength(1);
  });

  it("a close left out on purpose (writeBack: false) is not commented on", async () => {
    h = await startApp({ files: { [PLAN_PATH]: BROKEN }, planPath: PLAN_PATH, config: "writeBack: false\n" });
    const n = h.taskIssue("GAIN1");
    await h.closeIssue(n);
    await h.settle();
    expect(h.github.comments(h.repo, n)).toEqual([]);
  });
});
