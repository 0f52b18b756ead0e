import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { renderMarker } from "../../src/render/marker.js";
import { FakeGitHub, type RepoRef } from "../support/fake-github/index.js";
import { generatePlan } from "../support/generate-plan.js";
import { probotRunEnv } from "../support/probot-app.js";
import { SAMPLE_PLAN } from "../write-back/support/sample-plan.js";
import { AppProcess } from "./support/app-process.js";
import { WEBHOOK_SECRET } from "./support/app-against-fake.js";
import { quietPeriod, waitUntil } from "./support/wait-until.js";
import { isTaskIssue } from "../support/tracking-issues.js";

/**
 * Nothing acknowledged is lost (issue 10), on the real server (`node lib/main.js`)
 * against the fake GitHub: the server is killed without warning (SIGKILL, as an
 * OOM kill or a node drained without grace does) or GitHub fails for a while,
 * and the outcome is that of an undisturbed run. Each server keeps its jobs
 * under PLAN_SYNC_DATA_DIR; the "restarted" server is a new process on the same
 * directory.
 */

const PLAN_PATH = "docs/plans/search.md";
let github: FakeGitHub;
let dataDir: string;
const servers: AppProcess[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) if (!server.exitInfo) await server.stop("SIGKILL");
  await github.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function setUp(): Promise<void> {
  github = new FakeGitHub();
  await github.start();
  dataDir = mkdtempSync(join(tmpdir(), "plan-sync-data-"));
}

async function startServer(env: Record<string, string> = {}): Promise<AppProcess> {
  const server = await AppProcess.start({
    env: { ...probotRunEnv(github, WEBHOOK_SECRET), LOG_LEVEL: "info", PLAN_SYNC_DATA_DIR: dataDir, ...env },
  });
  servers.push(server);
  return server;
}

function send(server: AppProcess, name: string, payload: object): Promise<Response> {
  return server.deliver({ name, payload, sign: (body) => github.sign(body, WEBHOOK_SECRET) });
}

/** Task issues (the plan's tracking issue, on by default, apart). */
const appIssues = (repo: RepoRef) =>
  github.issues(repo).filter((i) => i.user.login === github.botLogin && isTaskIssue(i));
const taskIds = (plan: string) => [...plan.matchAll(/^\| (?:\[[ x]\] )?([A-Z]+\d+)\b/gm)].map((m) => m[1] as string);

/** One issue per task of the plan, each task once, and the push's check run completed with success. */
async function expectSyncedOnce(repo: RepoRef, plan: string, sha: string, server: () => AppProcess): Promise<void> {
  const tasks = taskIds(plan);
  await waitUntil(
    "the sync completes",
    () =>
      github.checkRuns(repo).some((r) => r.headSha === sha && r.conclusion === "success") &&
      appIssues(repo).length >= tasks.length,
    { timeoutMs: 150_000, intervalMs: 200, output: () => server().output },
  );
  const byTask = appIssues(repo).map((i) => i.title.split(":")[0]);
  expect(byTask.sort()).toEqual([...tasks].sort());
}

describe("a crash or an outage loses nothing (real server)", () => {
  it("killed 100 ms after an issues.closed was answered: the next start writes the tick", async () => {
    await setUp();
    const repo = github.createRepo("acme/plans", {
      installationId: 7,
      files: { "docs/plan.md": SAMPLE_PLAN, ".github/plan-sync.yml": "links: false\n" },
    });
    const issue = github.createIssue(repo, {
      title: "DATA1: a task",
      body: `What to do.\n\n${renderMarker({ path: "docs/plan.md", task: "DATA1", hash: "0123abcd" })}\n`,
      user: github.botLogin,
    }).number;
    const first = await startServer();
    github.updateIssue(repo, issue, { state: "closed", stateReason: "completed" }, "ada");
    const answer = await send(first, "issues", github.issuesPayload(repo, issue, "closed", { sender: "ada" }));
    expect(answer.status).toBe(200);
    await quietPeriod(100);
    // Inside the 3 s burst window: the tick is not written yet, and the process dies.
    expect(await first.stop("SIGKILL")).toMatchObject({ signal: "SIGKILL" });
    expect(github.file(repo, "docs/plan.md")).toBe(SAMPLE_PLAN);

    const second = await startServer();
    const ticked = await waitUntil(
      "the tick is committed",
      () => github.file(repo, "docs/plan.md") !== SAMPLE_PLAN && github.file(repo, "docs/plan.md"),
      {
        timeoutMs: 30_000,
        output: () => second.output,
      },
    );
    // What an undisturbed run writes: the checkbox, nothing else.
    expect(ticked).toBe(
      SAMPLE_PLAN.replace("| DATA1 |", "| [x] DATA1 |").replace("- [ ] DATA1: ingest", "- [x] DATA1: ingest"),
    );
    expect(github.log(repo).filter((c) => c.authorLogin === github.botLogin)).toHaveLength(1);
    await second.stopCleanly();
  }, 120_000);

  it("killed while GitHub creates the 5th issue of 11 (created, answer never delivered): the next start creates the other 6, none twice", async () => {
    await setUp();
    const plan = generatePlan(11);
    const repo = github.createRepo("acme/plans", { installationId: 7, files: { "README.md": "# plans\n" } });
    let first = await startServer();
    let creates = 0;
    const armed = github.onRequest((r) => {
      if (r.method === "POST" && r.path === `/repos/${repo.owner}/${repo.repo}/issues` && ++creates === 5)
        // Before the fake answers: GitHub creates the issue, the answer finds no one.
        first.child.kill("SIGKILL");
    });
    const sha = github.commit(repo, "main", { [PLAN_PATH]: plan }, "Add the plan", "ada");
    expect((await send(first, "push", github.pushPayload(repo))).status).toBe(200);
    await first.exited;
    armed();
    expect(appIssues(repo)).toHaveLength(5);

    // The killed run had opened the push's check run (a sync of more than 10 changes shows progress).
    expect(github.checkRuns(repo).map((r) => r.status)).toEqual(["in_progress"]);

    first = await startServer();
    await expectSyncedOnce(repo, plan, sha, () => first);
    expect(appIssues(repo)).toHaveLength(11);
    // The resumed run carries that check run on: one run for the push, completed, none left "in progress".
    expect(github.checkRuns(repo).map((r) => [r.headSha, r.status, r.conclusion])).toEqual([
      [sha, "completed", "success"],
    ]);
    await first.stopCleanly();
  }, 240_000);

  it("GitHub answers 502 to everything for 45 s in the middle of a first sync: the sync finishes afterwards", async () => {
    await setUp();
    const plan = generatePlan(11);
    const repo = github.createRepo("acme/plans", { installationId: 7, files: { "README.md": "# plans\n" } });
    // Short retry delays: the schedule's shape, at a test's pace.
    const server = await startServer({ PLAN_SYNC_RETRY_DELAYS: "5s,10s,20s,30s,30s,30s" });
    let creates = 0;
    let outageUntil = 0;
    const armed = github.onRequest((r) => {
      if (
        r.method === "POST" &&
        r.path === `/repos/${repo.owner}/${repo.repo}/issues` &&
        ++creates === 4 &&
        !outageUntil
      )
        outageUntil = Date.now() + 45_000;
    });
    // Every request while the outage lasts, whatever it is: a rule that never runs out and matches by the clock.
    const duringOutage = { test: () => outageUntil > 0 && Date.now() < outageUntil } as unknown as RegExp;
    github.failNext({ path: duringOutage, status: 502, times: Number.MAX_SAFE_INTEGER });
    const sha = github.commit(repo, "main", { [PLAN_PATH]: plan }, "Add the plan", "ada");
    expect((await send(server, "push", github.pushPayload(repo))).status).toBe(200);
    await waitUntil("the outage begins", () => outageUntil > 0, { timeoutMs: 30_000, output: () => server.output });
    await expectSyncedOnce(repo, plan, sha, () => server);
    armed();
    expect(Date.now()).toBeGreaterThan(outageUntil);
    expect(server.output).toMatch(/failed on GitHub's side; retrying in/);
    await server.stopCleanly();
  }, 300_000);
});
