import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { parseTrackingMarker } from "../../src/render/tracking-issue.js";
import { PLAN, PLAN_PATH, startApp, type TestApp } from "../support/start-app.js";
import { generatePlan } from "../support/generate-plan.js";
import { holdRepository } from "../app/support/test-runtime.js";

let h: TestApp;
afterEach(async () => {
  h.github.assertNoUnexpected();
  await h.stop();
});

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../fixtures/webhooks/${name}`, import.meta.url), "utf8")) as object;
const appIssues = () => h.github.issues(h.repo).filter((i) => i.user.login === h.github.botLogin);
/** The plans' tracking issues (on by default), by the plan path their marker names. */
const trackedPaths = () => appIssues().flatMap((i) => parseTrackingMarker(i.body ?? "") ?? []);
const taskIssues = () => appIssues().filter((i) => parseTrackingMarker(i.body ?? "") === null);

describe("push handler", () => {
  it.each(["push.tag-created.json", "push.branch-deleted.json", "push.other-branch.json"])(
    "%s: ignored without a single request",
    async (name) => {
      h = await startApp();
      await h.probot.receive({ id: name, name: "push", payload: fixture(name) as never });
      await h.settle();
      expect(h.github.requests).toEqual([]);
    },
  );

  it("a push that touches no Markdown file costs nothing", async () => {
    h = await startApp({ files: { [PLAN_PATH]: PLAN } });
    await h.push({ "src/main.py": "print('hi')\n" });
    expect(h.github.requests.filter((r) => !r.path.startsWith("/app"))).toEqual([]);
  });

  it("the push of the app's own link commit causes no further writes", async () => {
    h = await startApp();
    await h.push({ [PLAN_PATH]: PLAN });
    const linkCommit = h.github.log(h.repo)[0]!;
    expect(linkCommit.authorLogin).toBe(h.github.botLogin);
    h.github.resetCounters();
    await h.deliverPush();
    await h.settle();
    expect(h.writes()).toEqual([]);
  });

  it("a push that changes only a plan's prose: no write at all (no check run), 3 reads: the compare, the plan as pushed and its issues (drift heals)", async () => {
    h = await startApp();
    await h.push({ [PLAN_PATH]: PLAN });
    const text = h.planText()!;
    await h.deliverPush(); // the link commit: skipped
    h.github.resetCounters();
    await h.push(
      { [PLAN_PATH]: text.replace("## Repository Changes", "## Repository Changes\n\nSome prose.") },
      "Explain the plan",
    );
    expect(h.writes()).toEqual([]);
    const reads = h.github.requests.map((r) => `${r.method} ${r.path.replace("/repos/acme/plans", "")}`);
    // The plan at `before` is not read: every task agrees with its issue, so it could change nothing.
    expect(reads).toEqual([expect.stringMatching(/^GET \/compare\//), `GET /contents/${PLAN_PATH}`, "GET /issues"]);
    expect(h.github.checkRuns(h.repo)).toHaveLength(1);
  });

  it("a one-task edit: the issue's update and one check run, written once, completed; no look for other authors' issues", async () => {
    h = await startApp();
    await h.push({ [PLAN_PATH]: PLAN });
    await h.deliverPush(); // the link commit: skipped
    h.github.resetCounters();
    const sha = await h.push(
      { [PLAN_PATH]: h.planText()!.replace("| Search API |", "| Search API v2 |") },
      "Rename GAIN1",
    );

    const gain1 = h.issueByTask("GAIN1")!;
    expect(gain1.title).toBe("GAIN1: Search API v2");
    expect(
      h
        .writes()
        .map((w) =>
          `${w.method} ${w.path.replace("/repos/acme/plans", "")} ${(w.body as { status?: string }).status ?? ""}`.trim(),
        ),
    ).toEqual([`PATCH /issues/${gain1.number}`, "POST /check-runs completed"]);
    expect(h.github.requests.filter((r) => r.method === "GET" && r.query.labels !== undefined)).toEqual([]);
    // The compare, the plan at both ends, the app's issue list (one page), and the two writes.
    expect(h.github.requests).toHaveLength(6);
    expect(h.github.checkRuns(h.repo).find((r) => r.headSha === sha)).toMatchObject({
      status: "completed",
      conclusion: "success",
    });
  });

  it("a sync of more than 10 changes shows its run in progress first, then completes it", async () => {
    h = await startApp();
    const rows = Array.from({ length: 12 }, (_, i) => `| DATA${i + 3} | Task ${i + 3} | Done | 1 |`).join("\n");
    await h.push({ [PLAN_PATH]: PLAN.replace(/(\| DATA2 [^\n]*\n)/, `$1${rows}\n`) });
    const runWrites = h.writes().filter((w) => w.path.includes("/check-runs"));
    expect(runWrites.map((w) => `${w.method} ${(w.body as { status?: string }).status}`)).toEqual([
      "POST in_progress",
      "PATCH completed",
    ]);
    expect(h.github.checkRuns(h.repo)).toEqual([
      expect.objectContaining({
        status: "completed",
        conclusion: "success",
        output: expect.objectContaining({ title: "Created 16 issues, closed 1" }),
      }),
    ]);
  });

  it("a sync that fails on GitHub's side: its check run says when it is retried, and the retry syncs the push in that same run", async () => {
    h = await startApp({ retry: { delaysMs: [120_000] } });
    h.github.failNext({ method: "POST", path: "/repos/acme/plans/issues", status: 502 });
    const sha = h.commit({ [PLAN_PATH]: PLAN });
    const before = Date.now();
    await h.deliverPush();
    while ((await h.app.jobs.list()).every((j) => j.attempts === 0)) await new Promise((r) => setTimeout(r, 10));

    const [failed] = h.github.checkRuns(h.repo);
    expect(failed).toMatchObject({ headSha: sha, status: "completed", conclusion: "failure" });
    // "retrying in 2 min (HH:MM UTC)": the delay the policy gives, and the time it comes.
    const at = new Date(before + 120_000);
    const clock = (d: Date) => d.toISOString().slice(11, 16);
    const within = [clock(at), clock(new Date(at.getTime() + 60_000))];
    expect(failed?.output.title).toMatch(
      /^Sync stopped after \d+ of \d+ changes; retrying in 2 min \((\d\d:\d\d) UTC\)$/,
    );
    expect(within).toContain(/\((\d\d:\d\d) UTC\)/.exec(failed?.output.title ?? "")?.[1]);
    expect(failed?.output.summary).toContain("tries this sync again by itself in 2 min");
    expect(failed?.output.summary).toContain("and reports it in this check run.");
    expect(appIssues()).toEqual([]);

    h.github.resetCounters();
    await h.app.flush();
    expect(taskIssues()).toHaveLength(4);
    expect(trackedPaths()).toEqual([PLAN_PATH]);
    // One run for the push: the retry completes the failed run anew; its title says it was a retry.
    expect(h.github.checkRuns(h.repo)).toEqual([
      expect.objectContaining({
        id: failed?.id,
        headSha: sha,
        status: "completed",
        conclusion: "success",
        output: expect.objectContaining({ title: "Created 4 issues, closed 1 (retry 1)" }),
      }),
    ]);
    // GitHub does not take a completed run back to in progress: the retry never asks it to, and ends it completed.
    const runWrites = h.github.writes().filter((w) => w.path.includes("/check-runs"));
    expect(runWrites.every((w) => w.method === "PATCH" && w.path.endsWith(`/${failed?.id}`))).toBe(true);
    expect(runWrites.map((w) => (w.body as { status?: string }).status)).not.toContain("in_progress");
    expect((runWrites.at(-1)?.body as { status?: string }).status).toBe("completed");
  });

  it("a big sync retried after a failure: its progress and end go into the failed run, never back to in progress", async () => {
    h = await startApp({ retry: { delaysMs: [120_000] } });
    h.github.failNext({ method: "POST", path: "/repos/acme/plans/issues", status: 502 });
    const sha = h.commit({ [PLAN_PATH]: generatePlan(12, { checklist: false }) });
    await h.deliverPush();
    while ((await h.app.jobs.list()).every((j) => j.attempts === 0)) await new Promise((r) => setTimeout(r, 10));
    const [failed] = h.github.checkRuns(h.repo);
    expect(failed).toMatchObject({ headSha: sha, conclusion: "failure" });

    h.github.resetCounters();
    await h.app.flush();
    expect(taskIssues()).toHaveLength(12);
    expect(trackedPaths()).toEqual([PLAN_PATH]);
    const runWrites = h.github.writes().filter((w) => w.path.includes("/check-runs"));
    expect(
      runWrites.map((w) => [w.method, (w.body as { status?: string }).status, w.path.endsWith(`/${failed?.id}`)]),
    ).toEqual([
      ["PATCH", undefined, true],
      ["PATCH", "completed", true],
    ]);
    expect((runWrites[0]?.body as { output?: { title?: string } }).output?.title).toBe("Syncing 12 changes (retry 1)");
    expect(h.github.checkRuns(h.repo)).toEqual([
      expect.objectContaining({
        id: failed?.id,
        conclusion: "success",
        output: expect.objectContaining({ title: "Created 12 issues (retry 1)" }),
      }),
    ]);
  });

  it("an invalid .github/plan-sync.yml fails the check run, naming the key", async () => {
    h = await startApp();
    const sha = await h.push({ ".github/plan-sync.yml": "linkz: false\n", [PLAN_PATH]: PLAN });
    expect(appIssues()).toEqual([]);
    const run = h.github.checkRuns(h.repo).find((r) => r.headSha === sha);
    expect(run).toMatchObject({ conclusion: "failure" });
    expect(run?.output.summary).toContain("linkz: unknown key, did you mean `links`?");
    expect(run?.output.title).toBe("1 error in .github/plan-sync.yml");
  });

  it("a config change is read at once: `links: false` stops link commits", async () => {
    h = await startApp();
    await h.push({ ".github/plan-sync.yml": "links: false\n", [PLAN_PATH]: PLAN });
    expect(taskIssues()).toHaveLength(4);
    expect(h.github.log(h.repo).filter((c) => c.authorLogin === h.github.botLogin)).toEqual([]);
    expect(h.planText()).toBe(PLAN);
  });

  it("a newer push replaces a queued one and still syncs the changes of both", async () => {
    h = await startApp();
    const release = await holdRepository(h.app, "acme/plans");
    h.commit({ [PLAN_PATH]: PLAN }, "First plan");
    await h.deliverPush();
    const second = h.commit(
      { "docs/plans/other.md": PLAN.replace("Semantic search", "Other").replace(/(DATA|GAIN)(\d)/g, "$1$2$2") },
      "Second plan",
    );
    await h.deliverPush();
    await new Promise((resolve) => setImmediate(resolve));
    release();
    await h.settle();

    expect(taskIssues()).toHaveLength(8);
    expect(trackedPaths().sort()).toEqual(["docs/plans/other.md", PLAN_PATH].sort());
    // One sync ran, for the newer push, covering both.
    expect(h.github.checkRuns(h.repo).map((r) => r.headSha)).toEqual([second]);
  });

  it("a `plan-sync: confirm-close` in a push that a newer push replaced while waiting still confirms the closes", async () => {
    h = await startApp();
    const big = generatePlan(12);
    await h.push({ [PLAN_PATH]: big });
    expect(taskIssues().filter((i) => i.state === "open")).toHaveLength(12);

    const release = await holdRepository(h.app, "acme/plans");
    // Keep one task row: every other row goes (more than half, more than 5: the guard's case).
    const rows = h.planText()!.split("\n");
    const taskRows = rows.filter((l) => /^\| (DATA|GAIN|EDH)\d+ /.test(l));
    const kept = rows.filter((l) => !taskRows.slice(1).includes(l)).join("\n");
    h.commit({ [PLAN_PATH]: kept }, "Drop the tasks we will not do\n\nplan-sync: confirm-close");
    await h.deliverPush();
    const last = h.commit({ "docs/notes.md": "Typo fixed.\n" }, "Fix a typo");
    await h.deliverPush();
    await new Promise((resolve) => setImmediate(resolve));
    release();
    await h.settle();

    expect(taskIssues().filter((i) => i.state === "open")).toHaveLength(1);
    // One sync, for the newer push, covering both.
    expect(
      h.github
        .checkRuns(h.repo)
        .map((r) => r.headSha)
        .at(-1),
    ).toBe(last);
  });

  it("the App's identity is asked of GitHub once, not per push", async () => {
    h = await startApp();
    await h.push({ [PLAN_PATH]: PLAN });
    await h.push({ [PLAN_PATH]: h.planText()!.replace("| GAIN1 (", "| [x] GAIN1 (") });
    expect(h.github.requests.filter((r) => r.method === "GET" && r.path === "/app")).toHaveLength(1);
  });

  it("when the hourly write budget runs out, the check run says so while the sync waits, then completes", async () => {
    let clock = Date.parse("2026-01-01T00:00:00Z");
    h = await startApp({
      pacer: {
        perMinute: 1_000_000,
        perHour: 5,
        longWaitMs: 60_000,
        now: () => clock,
        sleep: async (ms) => void (clock += ms),
      },
    });
    await h.push({ [PLAN_PATH]: PLAN });

    // A small sync has no run in progress until it has to wait: the wait opens one.
    const checkRunWrites = h.github.requests.filter((r) => r.path.includes("/check-runs"));
    expect(checkRunWrites.map((r) => `${r.method} ${(r.body as { status?: string }).status ?? ""}`)).toEqual([
      "POST in_progress",
      "PATCH completed",
    ]);
    const titles = checkRunWrites.map((r) => (r.body as { output?: { title?: string } }).output?.title);
    expect(titles).toContainEqual(expect.stringMatching(/^Waiting for GitHub's write limit: \d+ of \d+ done$/));
    // Four task issues and the plan's tracking issue with its four sub-issue links: all written after the wait.
    expect(taskIssues()).toHaveLength(4);
    expect(trackedPaths()).toEqual([PLAN_PATH]);
    expect(h.github.checkRuns(h.repo)).toEqual([
      expect.objectContaining({ status: "completed", conclusion: "success" }),
    ]);
  });
});
