import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../src/config/config-schema.js";
import { parsePlan } from "../../src/plan/parse-plan.js";
import { renderIssue } from "../../src/render/issue-render.js";
import { parsePrComment } from "../../src/render/pr-comment.js";
import { PLAN, PLAN_PATH, startApp, type TestApp } from "../support/start-app.js";

let h: TestApp;
afterEach(async () => {
  h.github.assertNoUnexpected();
  await h.stop();
});

const withGain3 = PLAN.replace(
  "| GAIN2 | Search results page | Shows hits | 3 |",
  "| GAIN2 | Search results page | Shows hits | 3 |\n| GAIN3 | Ranking | Better hits first | 8 |",
);

describe("pull requests that change a plan", () => {
  it("opened → one status comment with what merging will do, and a passing check on the head", async () => {
    h = await startApp({ files: { [PLAN_PATH]: PLAN, "README.md": "# plans\n" }, synced: true });
    const pr = h.openPr({ branch: "plan/gain3", files: { [PLAN_PATH]: withGain3 } });
    await h.deliverPr(pr, "opened");

    const comments = h.statusComments(pr);
    expect(comments).toHaveLength(1);
    const body = comments[0]?.body ?? "";
    expect(body).toContain("**Create** 1 issue:\n  - `GAIN3` GAIN3: Ranking");
    expect(body).toContain("| `GAIN` | ░░░░░░░░░░ 0/3 | +1 task |");
    expect(parsePrComment(body)?.plans).toEqual([
      expect.objectContaining({ path: PLAN_PATH, change: "modified", create: 1, close: 0 }),
    ]);

    const runs = h.github.checkRuns(h.repo);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({
      name: "plan-sync",
      headSha: h.github.pull(h.repo, pr)?.headSha ?? h.github.branchHead(h.repo, "plan/gain3"),
      conclusion: "success",
    });
    expect(runs[0]?.output?.title).toBe("Merging will create 1 issue");

    // A preview: no issue was created, closed or edited.
    expect(h.writes().filter((w) => !/comments|check-runs/.test(w.path))).toEqual([]);
  });

  it("synchronize → the same comment edited in place", async () => {
    h = await startApp({ files: { [PLAN_PATH]: PLAN, "README.md": "# plans\n" }, synced: true });
    const pr = h.openPr({ branch: "plan/gain3", files: { [PLAN_PATH]: withGain3 } });
    await h.deliverPr(pr, "opened");
    const [first] = h.statusComments(pr);

    h.commitToBranch("plan/gain3", {
      [PLAN_PATH]: withGain3.replace("| GAIN1 | Search API |", "| [x] GAIN1 | Search API |"),
    });
    await h.deliverPr(pr, "synchronize");

    const comments = h.statusComments(pr);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.id).toBe(first?.id);
    expect(comments[0]?.body).toContain(
      `**Close** 1 issue:\n  - #${h.issues.GAIN1} \`GAIN1\` GAIN1: Search API (completed)`,
    );
    expect(h.commentWrites().map((w) => w.method)).toEqual(["POST", "PATCH"]);
  });

  it("synchronize that changes nothing in the plan → no comment write", async () => {
    h = await startApp({ files: { [PLAN_PATH]: PLAN, "README.md": "# plans\n" }, synced: true });
    const pr = h.openPr({ branch: "plan/gain3", files: { [PLAN_PATH]: withGain3 } });
    await h.deliverPr(pr, "opened");
    h.github.resetCounters();

    h.commitToBranch("plan/gain3", { "docs/notes.txt": "unrelated\n" });
    await h.deliverPr(pr, "synchronize");

    expect(h.commentWrites()).toEqual([]);
    // The new head gets its own check; nothing else is written.
    expect(h.writes().map((w) => `${w.method} ${w.path}`)).toEqual(["POST /repos/acme/plans/check-runs"]);
  });

  it("finds and edits its comment behind more than 100 others, never duplicating it", async () => {
    h = await startApp({ files: { [PLAN_PATH]: PLAN, "README.md": "# plans\n" }, synced: true });
    const pr = h.openPr({ branch: "plan/gain3", files: { [PLAN_PATH]: withGain3 } });
    for (let i = 0; i < 120; i++) h.github.addComment(h.repo, pr, `review note ${i}`, i % 2 ? "ada" : "grace");
    await h.deliverPr(pr, "opened");
    for (let i = 0; i < 120; i++) h.github.addComment(h.repo, pr, `more ${i}`, "ada");
    // Someone quotes our marker in their own comment: it must not be taken for ours.
    h.github.addComment(h.repo, pr, "<!-- plan-sync:pr-status v1 -->\nquoting the bot", "mallory");

    h.commitToBranch("plan/gain3", { [PLAN_PATH]: withGain3.replace("| Ranking |", "| Ranking by relevance |") });
    await h.deliverPr(pr, "synchronize");

    const comments = h.statusComments(pr);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toContain("Ranking by relevance");
    expect(h.commentWrites().map((w) => w.method)).toEqual(["POST", "PATCH"]);
    expect(h.github.comments(h.repo, pr).find((c) => c.user.login === "mallory")?.body).toBe(
      "<!-- plan-sync:pr-status v1 -->\nquoting the bot",
    );
  });

  it("a broken plan → a failing check with annotations at the right lines, and the errors in the comment", async () => {
    h = await startApp({ files: { [PLAN_PATH]: PLAN, "README.md": "# plans\n" }, synced: true });
    const broken = PLAN.replace("| GAIN2 | Search results page |", "| GAIN1 | Search results page |");
    const pr = h.openPr({ branch: "plan/broken", files: { [PLAN_PATH]: broken } });
    await h.deliverPr(pr, "opened");

    const line = broken.split("\n").findIndex((l) => l.startsWith("| GAIN1 | Search results page")) + 1;
    const [run] = h.github.checkRuns(h.repo);
    expect(run?.conclusion).toBe("failure");
    expect(run?.output.annotations).toContainEqual(
      expect.objectContaining({ path: PLAN_PATH, start_line: line, annotation_level: "failure" }),
    );

    const body = h.statusComments(pr)[0]?.body ?? "";
    const head = h.github.branchHead(h.repo, "plan/broken");
    expect(body).toContain(`[line ${line}](https://github.com/acme/plans/blob/${head}/${PLAN_PATH}#L${line})`);
    expect(body).toContain("plan-sync will not sync this plan until");
  });

  it("more than 50 diagnostics all reach the check run (GitHub takes 50 annotations per request)", async () => {
    h = await startApp({ files: { [PLAN_PATH]: PLAN, "README.md": "# plans\n" }, synced: true });
    const rows = Array.from({ length: 60 }, () => "| GAIN1 | Again | x | 1 |").join("\n");
    const broken = PLAN.replace(
      "| GAIN2 | Search results page | Shows hits | 3 |",
      `| GAIN2 | Search results page | Shows hits | 3 |\n${rows}`,
    );
    const pr = h.openPr({ branch: "plan/dupes", files: { [PLAN_PATH]: broken } });
    await h.deliverPr(pr, "opened");
    const [run] = h.github.checkRuns(h.repo);
    expect(run?.conclusion).toBe("failure");
    expect(run?.output.annotations.filter((a) => a.annotation_level === "failure").length).toBeGreaterThanOrEqual(60);
    expect(h.statusComments(pr)[0]?.body).toContain("more in the `plan-sync` check");
  });

  it("deleting a plan previews closing its open issues as not planned", async () => {
    h = await startApp({ files: { [PLAN_PATH]: PLAN, "README.md": "# plans\n" }, synced: true });
    const pr = h.openPr({ branch: "drop-plan", files: { [PLAN_PATH]: null } });
    await h.deliverPr(pr, "opened");
    const data = parsePrComment(h.statusComments(pr)[0]?.body ?? "");
    expect(data?.plans).toEqual([expect.objectContaining({ path: PLAN_PATH, change: "deleted", close: 3 })]);
  });
});

describe("pull requests that change no plan", () => {
  it("an unrelated PR gets no comment and no write at all", async () => {
    h = await startApp({ files: { [PLAN_PATH]: PLAN, "README.md": "# plans\n" }, synced: true });
    const pr = h.openPr({ branch: "docs", files: { "README.md": "# plans, now with docs\n" }, title: "Improve docs" });
    await h.deliverPr(pr, "opened");
    await h.deliverPr(pr, "synchronize");
    expect(h.writes()).toEqual([]);
  });

  it("a PR that closes a task issue gets the plan's status, with the task it completes", async () => {
    h = await startApp({ files: { [PLAN_PATH]: PLAN, "README.md": "# plans\n" }, synced: true });
    const pr = h.openPr({
      branch: "feature/search-page",
      files: { "src/page.tsx": "export {}\n" },
      title: "Search page",
      body: `Implements the page.\n\nCloses #${h.issues.GAIN2}`,
    });
    await h.deliverPr(pr, "opened");

    const body = h.statusComments(pr)[0]?.body ?? "";
    expect(body).toContain(`**Merging completes 1 task**`);
    expect(body).toContain(`- #${h.issues.GAIN2} \`GAIN2\` GAIN2: Search results page`);
    expect(body).toContain("| `GAIN` | ▓▓▓▓▓░░░░░ 1/2 | +1 done |");
    expect(parsePrComment(body)?.plans).toEqual([
      expect.objectContaining({ path: PLAN_PATH, change: "referenced", completes: ["GAIN2"] }),
    ]);
    // Only the comment: no check run for a PR that changes no plan.
    expect(h.writes().map((w) => `${w.method} ${w.path}`)).toEqual([`POST /repos/acme/plans/issues/${pr}/comments`]);
  });

  it("a task ID in the branch name refers to the task without completing it", async () => {
    h = await startApp({ files: { [PLAN_PATH]: PLAN, "README.md": "# plans\n" }, synced: true });
    const pr = h.openPr({ branch: "gain1-api", files: { "src/api.ts": "export {}\n" } });
    await h.deliverPr(pr, "opened");
    const body = h.statusComments(pr)[0]?.body ?? "";
    expect(body).toContain(`**Also refers to:**\n\n- #${h.issues.GAIN1} \`GAIN1\``);
    expect(parsePrComment(body)?.plans[0]?.completes).toEqual([]);
  });

  it("a PR that stops touching the plan gets its comment updated, not left stale", async () => {
    h = await startApp({ files: { [PLAN_PATH]: PLAN, "README.md": "# plans\n" }, synced: true });
    const pr = h.openPr({ branch: "plan/gain3", files: { [PLAN_PATH]: withGain3 } });
    await h.deliverPr(pr, "opened");
    h.commitToBranch("plan/gain3", { [PLAN_PATH]: PLAN });
    await h.deliverPr(pr, "synchronize");
    expect(h.statusComments(pr)).toHaveLength(1);
    expect(h.statusComments(pr)[0]?.body).toContain("changes no plan");
  });
});

describe("pull requests from forks", () => {
  it("get only the comment and the check run", async () => {
    h = await startApp({ files: { [PLAN_PATH]: PLAN, "README.md": "# plans\n" }, synced: true });
    const fork = h.github.createRepo("mallory/plans", { forkOf: h.repo, files: { [PLAN_PATH]: PLAN } });
    const removed = PLAN.replace("| GAIN2 | Search results page | Shows hits | 3 |\n", "");
    const pr = h.openPr({
      branch: "trim",
      files: { [PLAN_PATH]: withGain3.replace("| Ranking |", "| Ranking @octocat |") },
      fork,
      body: `Closes #${h.issues.GAIN1}`,
    });
    await h.deliverPr(pr, "opened");
    h.commitToBranch("trim", { [PLAN_PATH]: removed }, fork);
    await h.deliverPr(pr, "synchronize");

    const writes = h.writes().map((w) => `${w.method} ${w.path.replace(/\d+$/, "N")}`);
    expect(new Set(writes)).toEqual(
      new Set([
        "POST /repos/acme/plans/issues/" + pr + "/comments",
        "PATCH /repos/acme/plans/issues/comments/N",
        "POST /repos/acme/plans/check-runs",
      ]),
    );
    expect(h.statusComments(pr)[0]?.body).toContain(`**Close** 1 issue:\n  - #${h.issues.GAIN2} \`GAIN2\``);
    expect(h.github.issue(h.repo, h.issues.GAIN2 as number)?.state).toBe("open");
  });
});

describe("/plan-sync status", () => {
  it("refreshes the comment on request", async () => {
    h = await startApp({ files: { [PLAN_PATH]: PLAN, "README.md": "# plans\n" }, synced: true });
    const pr = h.openPr({ branch: "plan/gain3", files: { [PLAN_PATH]: withGain3 } });
    await h.deliverPr(pr, "opened");
    expect(h.statusComments(pr)[0]?.body).toContain("**Create** 1 issue");
    // GAIN3's issue appears meanwhile (a `plan-sync sync` run from the branch): the preview must follow.
    const plan = parsePlan(withGain3, PLAN_PATH);
    const gain3 = plan.tasks.find((t) => t.id === "GAIN3");
    if (!gain3) throw new Error("fixture has no GAIN3");
    const rendered = renderIssue(gain3, plan, { owner: "acme", repo: "plans", sha: "abc" }, DEFAULT_CONFIG);
    h.github.createIssue(h.repo, {
      title: rendered.title,
      body: rendered.body,
      labels: rendered.labels,
      user: h.github.botLogin,
    });
    h.github.resetCounters();

    await h.comment(pr, "/plan-sync status");
    expect(h.commentWrites().map((w) => w.method)).toEqual(["PATCH"]);
    expect(h.statusComments(pr)).toHaveLength(1);
    expect(h.statusComments(pr)[0]?.body).toContain("No issue changes on merge.");
    // A refresh of the comment only: the head already has its check.
    expect(h.github.checkRuns(h.repo)).toHaveLength(1);
  });

  it("answers even on a PR with nothing to report, and ignores other comments and bots", async () => {
    h = await startApp({ files: { [PLAN_PATH]: PLAN, "README.md": "# plans\n" }, synced: true });
    const pr = h.openPr({ branch: "docs", files: { "README.md": "# docs\n" }, title: "Docs" });
    await h.comment(pr, "LGTM /plan-sync status please");
    await h.comment(pr, "/plan-sync status", "dependabot[bot]");
    expect(h.statusComments(pr)).toHaveLength(0);
    await h.comment(pr, "/Plan-Sync status");
    expect(h.statusComments(pr)[0]?.body).toContain("changes no plan");
  });
});
