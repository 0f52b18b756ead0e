// A whole first sync of a 300-task plan by two replicas of the App: two
// server processes (test/e2e/support/scaled-replica.js: the real composition
// root served by Probot's runner, as `node lib/main.js` does) sharing one real
// redis-server, against the fake GitHub (test/support/fake-github) enforcing
// GitHub's content-creation ceiling: 80 writes a minute and 500 an hour per
// installation, a 403 secondary rate limit with retry-after above it.
// Deliveries land on both replicas: the plan's push on one and its redelivery
// on the other, a second repository's push (same installation) on the other
// and its redelivery on the first, and closes of new issues on both. Each
// replica takes one job of the installation at a time, so the second
// repository's sync runs on the other replica while the big one writes: the
// two write for one installation at once, through the budget they share in Redis.
// The fake's windows and the replicas' pacers run at TIME_SCALE× (a minute lasts
// 60 / TIME_SCALE s); jobs, leases and HTTP are real time.
import { spawn } from "node:child_process";
import { generateKeyPairSync, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadFakeGitHub } from "./push-sync.js";
import { generatePlan } from "./support/generate-plan.js";
import { appServerEnv } from "./support/server-env.js";
import { freePort, startRedis } from "./support/redis-server.js";

export const name = "replicas";

const TASKS = Number(process.env.BENCH_REPLICAS_TASKS ?? 300);
const SIDE_TASKS = Number(process.env.BENCH_REPLICAS_SIDE_TASKS ?? 30);
const CLOSES = 3;
// Real time by default: the fake's windows and the pacers can run faster (BENCH_REPLICAS_SCALE=5 for a quick look),
// but parsing, patching and the requests' own latency do not, so on a scaled clock they weigh SCALE times more
// against the ceiling than in production.
const TIME_SCALE = Number(process.env.BENCH_REPLICAS_SCALE ?? 1);
const PER_MINUTE = 80;
const PER_HOUR = 500;
const SECRET = "bench-replicas";
const PLAN_PATH = "docs/plans/big.md";
const INSTALLATION = 77;
const root = fileURLToPath(new URL("..", import.meta.url));

const keys = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  publicKeyEncoding: { type: "spki", format: "pem" },
  privateKeyEncoding: { type: "pkcs1", format: "pem" },
});

async function startReplica(fake, redisUrl, prefix) {
  const port = await freePort();
  const cwd = mkdtempSync(join(tmpdir(), "plan-sync-bench-replica-"));
  const env = appServerEnv({
    fake,
    privateKey: keys.privateKey,
    secret: SECRET,
    port,
    logLevel: "info",
    extra: {
      REDIS_URL: redisUrl,
      PLAN_SYNC_REDIS_PREFIX: prefix,
      PLAN_SYNC_INSTALLATION_CONCURRENCY: "1",
      PLAN_SYNC_WRITE_BACK_WINDOW_MS: "500",
    },
  });
  const child = spawn(process.execPath, [join(root, "test/e2e/support/scaled-replica.js"), String(TIME_SCALE)], {
    cwd,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.setEncoding("utf8").on("data", (c) => (output += c));
  child.stderr.setEncoding("utf8").on("data", (c) => (output += c));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`replica exited before it was ready:\n${output}`);
    const ok = await fetch(`${base}/healthz`)
      .then((r) => r.status === 200)
      .catch(() => false);
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`replica not ready:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    get output() {
      return output;
    },
    deliver: async (event, payload, id) => {
      const body = JSON.stringify(payload);
      const res = await fetch(`${base}/api/github/webhooks`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-github-event": event,
          "x-github-delivery": id,
          "x-hub-signature-256": fake.sign(body, SECRET),
        },
        body,
      });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${event} delivery answered ${res.status}`);
    },
    health: async () => (await fetch(`${base}/healthz`)).json(),
    stop: () => {
      child.kill("SIGKILL");
      rmSync(cwd, { recursive: true, force: true });
    },
  };
}

async function until(what, probe, timeoutMs = 30 * 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The fastest schedule the ceiling allows for n evenly paced writes: 60/80 s apart, and no 501st within an hour. */
function allowedMs(n) {
  const minute = 60_000 / TIME_SCALE;
  const hour = 3_600_000 / TIME_SCALE;
  const t = [];
  for (let i = 0; i < n; i++) {
    let at = i === 0 ? 0 : t[i - 1] + minute / PER_MINUTE;
    if (i >= PER_HOUR) at = Math.max(at, t[i - PER_HOUR] + hour);
    t.push(at);
  }
  return t[n - 1] ?? 0;
}

/** The most writes the fake accepted in any sliding minute and hour (they must stay ≤ 80 and ≤ 500). */
function peaks(stamps) {
  const most = (windowMs) => {
    let best = 0;
    for (let i = 0, j = 0; i < stamps.length; i++) {
      while (stamps[i] - stamps[j] >= windowMs) j++;
      best = Math.max(best, i - j + 1);
    }
    return best;
  };
  return { minute: most(60_000 / TIME_SCALE), hour: most(3_600_000 / TIME_SCALE) };
}

export async function run() {
  const FakeGitHub = await loadFakeGitHub();
  const redis = await startRedis();
  const fake = new FakeGitHub();
  await fake.start();
  fake.setAppPublicKey(keys.publicKey);
  const started = [];
  try {
    const prefix = `bench-replicas-${randomUUID()}`;
    const a = await startReplica(fake, redis.url, prefix);
    started.push(a);
    const b = await startReplica(fake, redis.url, prefix);
    started.push(b);
    const plans = fake.createRepo("acme/plans", { installationId: INSTALLATION, files: { "README.md": "# plans\n" } });
    const side = fake.createRepo("acme/side", { installationId: INSTALLATION, files: { "README.md": "# side\n" } });
    fake.commit(plans, "main", { [PLAN_PATH]: generatePlan(TASKS, { checklist: false }) }, "Add the plan", "ada");
    fake.commit(side, "main", { [PLAN_PATH]: generatePlan(SIDE_TASKS, { checklist: false }) }, "Add the plan", "ada");
    fake.enforceContentCreationLimit({ perMinute: PER_MINUTE, perHour: PER_HOUR, timeScale: TIME_SCALE });
    fake.resetCounters();
    const appIssues = (repo) => fake.issues(repo).filter((i) => i.user.login === fake.botLogin);

    const t0 = Date.now();
    const pushPlans = randomUUID();
    await a.deliver("push", fake.pushPayload(plans), pushPlans);
    await b.deliver("push", fake.pushPayload(plans), pushPlans);
    const pushSide = randomUUID();
    await b.deliver("push", fake.pushPayload(side), pushSide);
    await a.deliver("push", fake.pushPayload(side), pushSide);
    // A person closes the first few issues while the sync still creates the rest: delivered to both replicas.
    await until(`${CLOSES} issues exist`, () => appIssues(plans).length >= CLOSES);
    const closed = appIssues(plans).slice(0, CLOSES);
    for (const issue of closed) {
      fake.updateIssue(plans, issue.number, { state: "closed", stateReason: "completed" }, "grace");
      const id = randomUUID();
      await b.deliver("issues", fake.issuesPayload(plans, issue.number, "closed"), id);
      await a.deliver("issues", fake.issuesPayload(plans, issue.number, "closed"), id);
    }
    const ticked = (id) => new RegExp(`^\\| \\[x\\] ${id} \\(`, "m").test(fake.file(plans, PLAN_PATH) ?? "");
    await until(
      "both syncs are done and the closes ticked",
      async () =>
        fake.checkRuns(plans).some((r) => r.status === "completed") &&
        fake.checkRuns(side).some((r) => r.status === "completed") &&
        closed.every((i) => ticked(i.title.split(":")[0])) &&
        (({ queue }) => queue.waiting + queue.delayed + queue.running === 0)(await a.health()),
    );
    await new Promise((r) => setTimeout(r, 1000));

    const writes = fake.requests.filter((r) => r.write && r.path.startsWith("/repos/"));
    const accepted = writes.filter((r) => r.status !== 403).map((r) => r.at);
    const lastWrite = Math.max(...writes.map((r) => r.at));
    const elapsedMs = lastWrite - t0;
    const allowed = allowedMs(accepted.length);
    // The issue creations alone: the stretch where the pacer, not parsing or the plan commit, sets the pace.
    const creations = writes.filter((r) => r.method === "POST" && /\/issues$/.test(r.path) && r.status === 201);
    const creationMs = creations[creations.length - 1].at - creations[0].at;
    const creationAllowed = allowedMs(creations.length);
    const beforeFirstMs = Math.min(...writes.map((w) => w.at)) - t0;
    const afterCreationsMs = lastWrite - creations[creations.length - 1].at;
    const issuesOk = (repo, tasks) => {
      const titles = appIssues(repo).map((i) => i.title.split(":")[0]);
      return titles.length === tasks && new Set(titles).size === tasks;
    };
    const createdPosts = (repo) =>
      fake.requests.filter(
        (r) => r.method === "POST" && r.path === `/repos/${repo.owner}/${repo.repo}/issues` && r.status === 201,
      ).length;
    const ran = (replica, repo) =>
      (replica.output.match(new RegExp(`push sync ${repo.owner}/${repo.repo}@\\w+: `, "g")) ?? []).length;
    const who = (repo) => (ran(a, repo) ? "A" : "") + (ran(b, repo) ? "B" : "");
    const r = {
      writes: accepted.length,
      refused: fake.secondaryLimitHits,
      refusedWrites: writes
        .filter((w) => w.status === 403)
        .map((w) => `${w.method} ${w.path.replace(/^\/repos\/acme\//, "")}`),
      elapsedMs,
      allowed,
      ratio: elapsedMs / allowed,
      creationRatio: creationMs / creationAllowed,
      peak: peaks(accepted),
      oneIssuePerTask: issuesOk(plans, TASKS) && issuesOk(side, SIDE_TASKS),
      created: [createdPosts(plans), createdPosts(side)],
      ranPlans: who(plans),
      ranSide: who(side),
    };
    const within = r.ratio <= 1.2 && r.refused === 0 && r.oneIssuePerTask && r.peak.minute <= PER_MINUTE;
    const minute = 60 / TIME_SCALE;
    const summary =
      `two replicas, ${TASKS}+${SIDE_TASKS} tasks at ${TIME_SCALE}×: ${r.writes} writes in ${(elapsedMs / 1000).toFixed(2)} s, ceiling allows ${(allowed / 1000).toFixed(2)} s → ${r.ratio.toFixed(2)}× (issue creations alone ${r.creationRatio.toFixed(2)}×; ${(beforeFirstMs / 1000).toFixed(1)} s before the first write, ${(afterCreationsMs / 1000).toFixed(1)} s after the last creation); ` +
      `${r.refused} refusals${r.refusedWrites.length ? ` (${r.refusedWrites.join(", ")})` : ""}; busiest minute ${r.peak.minute}, hour ${r.peak.hour}; one issue per task: ${r.oneIssuePerTask} (created ${r.created.join(" + ")}); ` +
      `plan synced by ${r.ranPlans}, side by ${r.ranSide}`;
    const markdown = [
      `Two replicas (separate processes: \`test/e2e/support/scaled-replica.js\`, the App built by the real composition root and served by Probot's runner with plan-sync's Octokit, as \`node lib/main.js\` does) share one real \`redis-server\` (jobs, leases, idempotency keys, the write budget) against the fake GitHub enforcing ${PER_MINUTE} content writes a minute and ${PER_HOUR} an hour for the installation (403 secondary rate limit with \`retry-after\` above them). ${TIME_SCALE === 1 ? "Real time: a minute lasts a minute." : `The fake's windows and the replicas' pacers run at ${TIME_SCALE}× (a minute lasts ${minute} s); parsing, jobs, leases and HTTP in real time.`}`,
      "",
      `Deliveries: the ${TASKS}-task plan's push to replica A and its redelivery to B; a second repository of the same installation (${SIDE_TASKS} tasks) pushed to B and redelivered to A; ${CLOSES} of the new issues closed by a person mid-sync, each delivered to B and redelivered to A. Each replica runs one job of an installation at a time (\`PLAN_SYNC_INSTALLATION_CONCURRENCY=1\`), so the two repositories sync on different replicas at once: the ${TASKS}-task plan was synced by replica ${r.ranPlans}, the second repository by ${r.ranSide}.`,
      "",
      `| | Result | Target |`,
      `|---|---:|---|`,
      `| Writes the fake accepted (issues, labels, check runs, link and tick commits) | ${r.writes} | — |`,
      `| First delivery → last write | **${(elapsedMs / 1000).toFixed(2)} s** (${((elapsedMs * TIME_SCALE) / 60_000).toFixed(1)} min in real time) | — |`,
      `| What ${PER_MINUTE}/min and ${PER_HOUR}/h allow for those writes, evenly spaced | ${(allowed / 1000).toFixed(2)} s | — |`,
      `| Pace, first delivery → last write | **${r.ratio.toFixed(2)}×** of the ceiling | ≤ 1.2× |`,
      `| Pace of the ${creations.length} issue creations alone (first → last) | ${r.creationRatio.toFixed(2)}× (${(creationMs / 1000).toFixed(2)} s for ${(creationAllowed / 1000).toFixed(2)} s) | — |`,
      `| Before the first write (reads, parsing the plans) / after the last creation (link commits, check runs, the ticks' write-back) | ${(beforeFirstMs / 1000).toFixed(2)} s / ${(afterCreationsMs / 1000).toFixed(2)} s | — |`,
      `| Secondary-limit refusals | **${r.refused}**${r.refusedWrites.length ? ` (${r.refusedWrites.join(", ")})` : ""} | 0 |`,
      `| Busiest sliding minute / hour (writes accepted) | ${r.peak.minute} / ${r.peak.hour} | ≤ ${PER_MINUTE} / ≤ ${PER_HOUR} |`,
      `| One issue per task, each created once | ${r.oneIssuePerTask ? "yes" : "NO"} (${r.created[0]} + ${r.created[1]} issues created) | yes (${TASKS} + ${SIDE_TASKS}) |`,
      "",
      `Verdict: ${within ? "within target" : "OVER TARGET"}. The pace counts from the first delivery, so it includes the reads before the first write and the write-back commits after the sync (a repository's jobs run one at a time). The scaled-down check of the same set-up is \`test/e2e/replicas-write-budget.test.ts\` (a fake accepting only 20 writes a minute: one refusal, then both replicas at the rate GitHub accepted).`,
    ].join("\n");
    return { summary, markdown };
  } finally {
    for (const replica of started) replica.stop();
    await fake.stop();
    redis.stop();
  }
}
