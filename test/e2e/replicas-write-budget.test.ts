import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeGitHub, type RepoRef } from "../support/fake-github/index.js";
import { generatePlan } from "../support/generate-plan.js";
import { probotRunEnv } from "../support/probot-app.js";
import { startRedis, type RedisServer } from "../support/redis-server.js";
import { AppProcess, REPO_ROOT } from "./support/app-process.js";
import { quietPeriod, waitUntil } from "./support/wait-until.js";

/**
 * Two replicas (separate processes, the App built by the real composition root
 * and served by Probot's runner: test/e2e/support/scaled-replica.js) share one
 * real Redis and one installation's write budget, against a fake GitHub that
 * accepts only 20 content writes a minute (GitHub documents 80) and refuses
 * the rest with a 403 secondary rate limit and `retry-after`. Minutes last
 * 60 s / SCALE for the fake's windows and the replicas' pacers alike.
 *
 * Replica A's first sync of a 30-task plan meets the limit once; the rate GitHub
 * accepted is then the installation's, in Redis: replica B, which from then on
 * syncs a second repository of the same installation at the same time and
 * handles an issue close, writes at that rate too, and no write is refused again.
 * Counts only, no timings.
 */
const SCALE = 5;
const SECRET = "budget-secret";
const PLAN_PATH = "docs/plans/feature.md";
const INSTALLATION = 7;
// The tracking issue (and a sub-issue link per task) is a routing feature; these repositories opt out so the
// writes counted here are the sync's own.
const CONFIG = { ".github/plan-sync.yml": "tracking: false\n" };

let redis: RedisServer;
let github: FakeGitHub;
const replicas: AppProcess[] = [];

beforeAll(async () => {
  redis = await startRedis();
  github = new FakeGitHub();
  await github.start();
});

afterAll(async () => {
  for (const app of replicas.splice(0)) if (!app.exitInfo) await app.stop("SIGKILL").catch(() => {});
  await github?.stop();
  await redis?.stop();
});

async function replica(prefix: string): Promise<AppProcess> {
  const app = await AppProcess.start({
    command: { file: process.execPath, args: [join(REPO_ROOT, "test/e2e/support/scaled-replica.js"), String(SCALE)] },
    env: {
      ...probotRunEnv(github, SECRET),
      LOG_LEVEL: "info",
      REDIS_URL: redis.url,
      PLAN_SYNC_REDIS_PREFIX: prefix,
      // One job of an installation at a time per replica: the second repository's sync goes to the other replica.
      PLAN_SYNC_INSTALLATION_CONCURRENCY: "1",
      PLAN_SYNC_WRITE_BACK_WINDOW_MS: "200",
    },
  });
  replicas.push(app);
  return app;
}

function send(app: AppProcess, name: string, payload: object, id: string): Promise<Response> {
  return app.deliver({ name, payload, id, sign: (body) => github.sign(body, SECRET) });
}

const output = () => replicas.map((r, i) => `--- replica ${i} ---\n${r.output.slice(-3000)}`).join("\n");
const until = <T>(what: string, probe: () => T | undefined | false) =>
  waitUntil(what, probe, { timeoutMs: 150_000, intervalMs: 100, output });

const appIssues = (repo: RepoRef) => github.issues(repo).filter((i) => i.user.login === github.botLogin);
const path = (repo: RepoRef) => `/repos/${repo.owner}/${repo.repo}/issues`;
/** Issues GitHub created (201), however many attempts the refusals cost. */
const created = (repo: RepoRef) =>
  github.requests.filter((r) => r.method === "POST" && r.path === path(repo) && r.status === 201).length;

describe(
  "two replicas share one installation's write budget (real Redis, separate processes)",
  { timeout: 240_000 },
  () => {
    it("a 30-task first sync and a second repository's sync on the other replica: one issue per task, one refusal in all", async () => {
      const prefix = `budget-${randomUUID()}`;
      const [a, b] = [await replica(prefix), await replica(prefix)];
      const plans = github.createRepo("acme/budget-plans", { installationId: INSTALLATION, files: { ...CONFIG } });
      const side = github.createRepo("acme/budget-side", { installationId: INSTALLATION, files: { ...CONFIG } });
      github.commit(plans, "main", { [PLAN_PATH]: generatePlan(30, { checklist: false }) }, "Plan", "ada");
      github.commit(side, "main", { [PLAN_PATH]: generatePlan(3, { checklist: false }) }, "Plan", "ada");
      github.enforceContentCreationLimit({ perMinute: 20, perHour: 500, timeScale: SCALE });
      github.resetCounters();

      // The push to A, and GitHub's redelivery of it to B: one job.
      const pushPlans = randomUUID();
      expect((await send(a, "push", github.pushPayload(plans), pushPlans)).status).toBe(200);
      expect((await send(b, "push", github.pushPayload(plans), pushPlans)).status).toBe(200);
      await until("GitHub refuses a write", () => github.secondaryLimitHits > 0);

      // From now on both replicas write for the installation: the other repository's push to B (redelivered to A),
      // and a person closing one of the new issues, delivered to B and redelivered to A.
      const pushSide = randomUUID();
      expect((await send(b, "push", github.pushPayload(side), pushSide)).status).toBe(200);
      expect((await send(a, "push", github.pushPayload(side), pushSide)).status).toBe(200);
      const closed = appIssues(plans)[0]!;
      github.updateIssue(plans, closed.number, { state: "closed", stateReason: "completed" }, "grace");
      const close = randomUUID();
      expect((await send(b, "issues", github.issuesPayload(plans, closed.number, "closed"), close)).status).toBe(200);
      expect((await send(a, "issues", github.issuesPayload(plans, closed.number, "closed"), close)).status).toBe(200);

      const taskId = closed.title.split(":")[0]!;
      await until(
        "both syncs complete and the closed task is ticked",
        () =>
          github.checkRuns(plans).some((r) => r.status === "completed") &&
          github.checkRuns(side).some((r) => r.status === "completed") &&
          new RegExp(`^\\| \\[x\\] ${taskId} \\(`, "m").test(github.file(plans, PLAN_PATH) ?? ""),
      );
      await quietPeriod(1500);

      // Nothing lost, nothing duplicated: one issue per task, each created once.
      const titles = (repo: RepoRef) => appIssues(repo).map((i) => i.title.split(":")[0]);
      expect(new Set(titles(plans)).size).toBe(30);
      expect(titles(plans)).toHaveLength(30);
      expect(new Set(titles(side)).size).toBe(3);
      expect(titles(side)).toHaveLength(3);
      expect([created(plans), created(side)]).toEqual([30, 3]);
      expect(github.checkRuns(plans).map((r) => r.conclusion)).toEqual(["success"]);
      expect(github.checkRuns(side).map((r) => r.conclusion)).toEqual(["success"]);

      // The limit was met once, by the first burst; after it both replicas kept to the rate GitHub accepted.
      expect(github.secondaryLimitHits).toBe(1);
      expect(github.requests.filter((r) => r.status === 403)).toHaveLength(1);

      // Each push synced once, the two repositories on different replicas: both did the installation's work.
      const ran = (app: AppProcess, repo: RepoRef) =>
        (app.output.match(new RegExp(`push sync ${repo.owner}/${repo.repo}@\\w+: `, "g")) ?? []).length;
      expect([ran(a, plans) + ran(b, plans), ran(a, side) + ran(b, side)]).toEqual([1, 1]);
      expect(ran(a, plans) === 1 ? ran(b, side) : ran(a, side)).toBe(1);
    });
  },
);
