import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { FakeGitHub, type RepoRef } from "../support/fake-github/index.js";
import { generatePlan } from "../support/generate-plan.js";
import { probotRunEnv } from "../support/probot-app.js";
import { startRedis, type RedisServer } from "../support/redis-server.js";
import { AppProcess } from "./support/app-process.js";
import { quietPeriod, waitUntil } from "./support/wait-until.js";
import { isTaskIssue } from "../support/tracking-issues.js";

/**
 * Two real servers (`node lib/main.js`, as `npm start` runs it) behind "one
 * webhook URL", sharing one real Redis, against the fake GitHub. GitHub may
 * deliver any event to either replica, redeliver it to the other, and a
 * replica may die mid-job: the end state must be that of one undisturbed run.
 */
const SECRET = "replicas-secret";
const PLAN_PATH = "docs/plans/feature.md";

let redis: RedisServer;
let github: FakeGitHub;
let repos = 0;
const replicas: AppProcess[] = [];

beforeAll(async () => {
  redis = await startRedis();
  github = new FakeGitHub();
  await github.start();
});

afterEach(async () => {
  for (const app of replicas.splice(0)) if (!app.exitInfo) await app.stop("SIGKILL").catch(() => {});
});

afterAll(async () => {
  await github?.stop();
  await redis?.stop();
});

async function replica(prefix: string): Promise<AppProcess> {
  const app = await AppProcess.start({
    env: {
      ...probotRunEnv(github, SECRET),
      LOG_LEVEL: "info",
      REDIS_URL: redis.url,
      // One App per test: its own keys in the shared Redis.
      PLAN_SYNC_REDIS_PREFIX: prefix,
      // A dead replica's job is taken over after 3 s instead of 30.
      PLAN_SYNC_JOB_LEASE_MS: "3000",
      PLAN_SYNC_WRITE_BACK_WINDOW_MS: "200",
    },
  });
  replicas.push(app);
  return app;
}

function send(app: AppProcess, name: string, payload: object, id = randomUUID()): Promise<Response> {
  return app.deliver({ name, payload, id, sign: (body) => github.sign(body, SECRET) });
}

/** Task issues (the plan's tracking issue, on by default, apart). */
const appIssues = (repo: RepoRef) =>
  github.issues(repo).filter((i) => i.user.login === github.botLogin && isTaskIssue(i));
const output = () => replicas.map((r, i) => `--- replica ${i} ---\n${r.output.slice(-3000)}`).join("\n");
const until = <T>(what: string, probe: () => T | undefined | false, timeoutMs = 60_000) =>
  waitUntil(what, probe, { timeoutMs, output });

/** One issue per task, each task once: nothing lost, nothing duplicated. */
function expectOneIssuePerTask(repo: RepoRef, tasks: number): void {
  const titles = appIssues(repo).map((i) => i.title.split(":")[0]);
  expect(titles).toHaveLength(tasks);
  expect(new Set(titles).size).toBe(tasks);
}

describe("two replicas sharing one Redis (real servers)", { timeout: 180_000 }, () => {
  it("the same push delivered to both replicas, as a redelivery would: synced once", async () => {
    const prefix = `e2e-${randomUUID()}`;
    const [a, b] = [await replica(prefix), await replica(prefix)];
    // Each replica says which backend holds its jobs, and that Redis answers (never the URL's password).
    const health = (await (await a.get("/healthz")).json()) as { status: string; queue: Record<string, unknown> };
    expect(health).toMatchObject({ status: "ok", queue: { backend: "redis", healthy: true } });
    const repo = github.createRepo(`acme/replicas-${++repos}`, { installationId: 7, files: { "README.md": "#\n" } });
    const sha = github.commit(repo, "main", { [PLAN_PATH]: generatePlan(6, { checklist: false }) }, "Plan", "ada");
    const payload = github.pushPayload(repo);
    const delivery = randomUUID();
    const answers = await Promise.all([send(a, "push", payload, delivery), send(b, "push", payload, delivery)]);
    expect(answers.map((r) => r.status)).toEqual([200, 200]);
    await until("the sync's check run completes", () =>
      github.checkRuns(repo).find((r) => r.headSha === sha && r.status === "completed"),
    );
    await quietPeriod(1500);
    expectOneIssuePerTask(repo, 6);
    // One sync, one check run: the second delivery was a no-op on the other replica.
    expect(github.checkRuns(repo).filter((r) => r.headSha === sha)).toHaveLength(1);
  });

  it("deliveries spread over both: a push to one, the close of an issue to the other, ticked once", async () => {
    const prefix = `e2e-${randomUUID()}`;
    const [a, b] = [await replica(prefix), await replica(prefix)];
    const repo = github.createRepo(`acme/replicas-${++repos}`, { installationId: 7, files: { "README.md": "#\n" } });
    const sha = github.commit(repo, "main", { [PLAN_PATH]: generatePlan(3, { checklist: false }) }, "Plan", "ada");
    expect((await send(a, "push", github.pushPayload(repo))).status).toBe(200);
    await until("the sync's check run completes", () =>
      github.checkRuns(repo).find((r) => r.headSha === sha && r.status === "completed"),
    );
    expectOneIssuePerTask(repo, 3);
    const before = github.file(repo, PLAN_PATH)!;
    const issue = appIssues(repo).find((i) => i.title.startsWith("GAIN1:"))!;
    github.updateIssue(repo, issue.number, { state: "closed", stateReason: "completed" }, "grace");
    expect((await send(b, "issues", github.issuesPayload(repo, issue.number, "closed"))).status).toBe(200);
    const ticked = await until("GAIN1 is ticked in the plan", () => {
      const text = github.file(repo, PLAN_PATH);
      return text !== before && text;
    });
    expect(ticked).toBe(before.replace(/^\| (\[ \] )?GAIN1 \(/m, "| [x] GAIN1 ("));
    await quietPeriod(1000);
    expect(github.log(repo).filter((c) => c.authorLogin === github.botLogin)).toHaveLength(2); // links, then the tick
  });

  it("a replica SIGKILLed mid-sync: another replica takes the sync over after its lease and finishes it, no issue twice", async () => {
    const prefix = `e2e-${randomUUID()}`;
    const a = await replica(prefix);
    const repo = github.createRepo(`acme/replicas-${++repos}`, { installationId: 7, files: { "README.md": "#\n" } });
    github.commit(repo, "main", { [PLAN_PATH]: generatePlan(11, { checklist: false }) }, "Plan", "ada");
    expect((await send(a, "push", github.pushPayload(repo))).status).toBe(200);
    // Replica a is creating issues (80 a minute): kill it after the second, with no warning.
    await until("two issues exist", () => appIssues(repo).length >= 2);
    await a.stop("SIGKILL");
    const createdByA = appIssues(repo).length;
    expect(createdByA).toBeLessThan(11);
    // The other replica (here started after, as a rescheduled pod would be) finds the job in Redis.
    const b = await replica(prefix);
    await until(
      "the surviving replica creates the rest and commits the links",
      () => appIssues(repo).length === 11 && github.log(repo).some((c) => c.authorLogin === github.botLogin),
      120_000,
    );
    // Its sync ends after the links with the tracking issue and its sub-issues (paced), then says so in its log.
    await until(
      "the surviving replica reports the sync",
      () => /push sync acme\/replicas-\d+@\w+: /.test(b.output),
      120_000,
    );
    await quietPeriod(1500);
    expectOneIssuePerTask(repo, 11);
  });
});
