// Push sync against the in-memory fake GitHub (test/support/fake-github, the
// very server the tests use, transpiled on the fly): API requests and writes
// per sync (first sync of a 300-task plan, a push that changes no task, a
// one-task edit), how fast the webhook is answered while the work runs on the
// queue, and a first sync of 300 tasks with the fake enforcing GitHub's
// content-creation ceiling (80/min, 500/h) at 60× speed, the pacer at the same
// scale: elapsed against what the ceiling allows, and secondary-limit hits.
import { generateKeyPairSync } from "node:crypto";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath, pathToFileURL } from "node:url";
import { pino } from "pino";
import { Probot } from "probot";
import ts from "typescript";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { createApp } from "../lib/app/create-app.js";
import { createProbotOctokit } from "../lib/github/octokit-options.js";
import { WritePacerRegistry } from "../lib/github/write-pacer.js";
import { SqliteJobQueue } from "../lib/queue/sqlite-job-queue.js";
import { readSettings as readServerSettings } from "../lib/config/settings.js";
import { generatePlan } from "./support/generate-plan.js";
import { median } from "./support/stats.js";

export const name = "push-sync";

const TASKS = 300;
const PLAN_PATH = "docs/plans/big.md";
// 20×: a minute lasts 3 s. Faster scales squeeze the 750 ms spacing below one request's own latency on a loaded 2-core machine, and then measure the machine, not the pacing.
const TIME_SCALE = 20;
const LATENCY_RUNS = 9;
const root = fileURLToPath(new URL("..", import.meta.url));

/** Transpiles the fake (plain TS, imports only node: modules and itself) next to node_modules so its requires resolve. */
export async function loadFakeGitHub() {
  const src = join(root, "test/support/fake-github");
  const out = join(root, "node_modules/.cache/plan-sync-bench/fake-github");
  const walk = async (dir) =>
    (await readdir(dir, { withFileTypes: true }))
      .flatMap((e) => (e.isDirectory() ? [] : [join(dir, e.name)]))
      .concat(
        ...(await Promise.all(
          (await readdir(dir, { withFileTypes: true }))
            .filter((e) => e.isDirectory())
            .map((e) => walk(join(dir, e.name))),
        )),
      );
  for (const file of (await walk(src)).filter((f) => f.endsWith(".ts"))) {
    const { outputText } = ts.transpileModule(await readFile(file, "utf8"), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false },
    });
    const target = join(out, relative(src, file)).replace(/\.ts$/, ".js");
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, outputText);
  }
  return (await import(pathToFileURL(join(out, "index.js")).href)).FakeGitHub;
}

const keys = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  publicKeyEncoding: { type: "spki", format: "pem" },
  privateKeyEncoding: { type: "pkcs1", format: "pem" },
});

async function startApp(FakeGitHub, { pacer, retryAfterBaseValue = 1000, repos = 1 } = {}) {
  const fake = new FakeGitHub();
  await fake.start();
  fake.setAppPublicKey(keys.publicKey);
  const names = Array.from({ length: repos }, (_, i) =>
    fake.createRepo(`acme/plans${i || ""}`, { files: { "README.md": "# plans\n" }, installationId: 77 }),
  );
  // The App as production builds it, its job store a SQLite file (WAL) as under PLAN_SYNC_DATA_DIR.
  const dataDir = mkdtempSync(join(tmpdir(), "plan-sync-bench-"));
  const planSync = createApp({
    settings: readServerSettings({}),
    jobs: (merge) => new SqliteJobQueue({ path: join(dataDir, "jobs.sqlite"), merge }),
    pacers: new WritePacerRegistry(pacer),
    retry: { delaysMs: [] },
  });
  const handler = { idle: () => planSync.idle() };
  const probot = new Probot({
    appId: fake.appId,
    privateKey: keys.privateKey,
    baseUrl: fake.url,
    secret: "bench",
    log: pino({ level: "silent" }),
    // The fake records a 304 as the 200 it would have sent; the client sees the 304 (as an error Octokit throws).
    Octokit: createProbotOctokit({ retryAfterBaseValue }).plugin((octokit) => {
      octokit.hook.error("request", (error) => {
        if (error.status === 304) notModified.count++;
        throw error;
      });
    }),
  });
  await probot.load(planSync.app);
  let delivery = 0;
  const deliver = async (repo) => {
    const t0 = performance.now();
    await probot.receive({ id: `d${++delivery}`, name: "push", payload: fake.pushPayload(repo) });
    return performance.now() - t0;
  };
  const stop = async () => {
    await planSync.stop(0);
    await fake.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  return { fake, repos: names, handler, deliver, probot, stop };
}

const FAST = { perMinute: 1e9, perHour: 1e9 };
const notModified = { count: 0 };
const isAuth = (r) => /^\/app(\/|$)/.test(r.path);

function tally(fake) {
  const api = fake.requests.filter((r) => !isAuth(r));
  const writes = api.filter((r) => r.write);
  const kind = (r) =>
    r.path.includes("/check-runs")
      ? "check run"
      : r.path.includes("/contents/")
        ? "plan commit"
        : r.path.endsWith("/labels")
          ? "label"
          : "issue";
  const byKind = {};
  for (const w of writes) byKind[kind(w)] = (byKind[kind(w)] ?? 0) + 1;
  const lists = api.filter((r) => r.method === "GET" && /\/issues$/.test(r.path));
  // The labelled listing is the look for other authors' issues, made only before creating some.
  const labelledPages = lists.filter((r) => r.query.labels !== undefined).length;
  return {
    requests: api.length,
    reads: api.length - writes.length,
    writes: writes.length,
    byKind,
    issuePages: lists.length - labelledPages,
    labelledPages,
  };
}

export async function counts(FakeGitHub) {
  const app = await startApp(FakeGitHub, { pacer: FAST });
  const [repo] = app.repos;
  const { fake } = app;
  // Unpaced here, but GitHub's clock moves 750 ms per write, as the App's 80 writes a minute space them in
  // production: the issues' updated_at spread as they would, which the `since` listings depend on.
  fake.onRequest((r) => {
    if (r.method !== "GET" && !isAuth(r)) fake.advanceClock(750);
  });
  const rows = [];
  const step = async (label, files, message, changedTasks) => {
    // A person's next push comes a few minutes after the last one.
    if (rows.length > 0) fake.advanceClock(5 * 60_000);
    fake.commit(repo, "main", files, message, "ada");
    fake.resetCounters();
    notModified.count = 0;
    const t0 = performance.now();
    await app.deliver(repo);
    await app.handler.idle();
    rows.push({
      label,
      changedTasks,
      elapsedMs: performance.now() - t0,
      notModified: notModified.count,
      ...tally(fake),
    });
    // The app's own link commit, if any, is delivered too (and must cost no write).
    if (fake.log(repo)[0].authorLogin === fake.botLogin) {
      fake.resetCounters();
      await app.deliver(repo);
      await app.handler.idle();
      rows[rows.length - 1].ownCommitWrites = tally(fake).writes;
    }
  };
  await step(
    "First sync, 300 tasks",
    { [PLAN_PATH]: generatePlan(TASKS, { checklist: false }) },
    "Add the plan",
    TASKS,
  );
  const text = fake.file(repo, PLAN_PATH);
  await step(
    "No-op push (prose edit)",
    { [PLAN_PATH]: text.replace("## Executive Summary", "## Executive Summary\n\nMore prose.") },
    "Prose",
    0,
  );
  const edited = fake
    .file(repo, PLAN_PATH)
    .replace(/(\| DATA1 \([^|]*\| )([^|]+)\|/, (_m, head, desc) => `${head}${desc.trim()} (revised) |`);
  await step("One-task edit", { [PLAN_PATH]: edited }, "Revise DATA1", 1);
  // Task issues: the plan's tracking issue (on by default) is one more.
  const issues = fake
    .issues(repo)
    .filter((i) => i.user.login === fake.botLogin && !(i.body ?? "").includes("plan-sync:tracking:v1")).length;
  await app.stop();
  if (issues !== TASKS) throw new Error(`expected ${TASKS} issues, found ${issues}`);
  return rows;
}

async function latency(FakeGitHub) {
  const app = await startApp(FakeGitHub, { pacer: FAST, repos: LATENCY_RUNS });
  const times = [];
  for (const repo of app.repos) {
    app.fake.commit(repo, "main", { [PLAN_PATH]: generatePlan(TASKS, { checklist: false }) }, "Add the plan", "ada");
    // Deliveries arrive while earlier syncs are still running, as on a busy installation.
    times.push(await app.deliver(repo));
  }
  await app.handler.idle();
  await app.stop();
  return { median: median(times), max: Math.max(...times) };
}

async function ceiling(FakeGitHub) {
  const scaled = {
    now: () => Date.now() * TIME_SCALE,
    sleep: (ms) => new Promise((r) => setTimeout(r, ms / TIME_SCALE)),
  };
  const app = await startApp(FakeGitHub, { pacer: scaled, retryAfterBaseValue: 1000 });
  const [repo] = app.repos;
  app.fake.enforceContentCreationLimit({ timeScale: TIME_SCALE });
  app.fake.commit(repo, "main", { [PLAN_PATH]: generatePlan(TASKS, { checklist: false }) }, "Add the plan", "ada");
  app.fake.resetCounters();
  const t0 = performance.now();
  await app.deliver(repo);
  await app.handler.idle();
  const elapsedMs = performance.now() - t0;
  const { writes } = tally(app.fake);
  const hits = app.fake.secondaryLimitHits;
  await app.stop();
  // 80 a minute sustained; 500 an hour is not reached by ~310 writes.
  const allowedMs = (writes / 80) * (60_000 / TIME_SCALE);
  return { writes, elapsedMs, allowedMs, ratio: elapsedMs / allowedMs, hits };
}

export async function run() {
  const FakeGitHub = await loadFakeGitHub();
  const rows = await counts(FakeGitHub);
  const lat = await latency(FakeGitHub);
  const ceil = await ceiling(FakeGitHub);

  const [first, noop, edit] = rows;
  const labels = first.byKind.label ?? 0;
  const verdicts = {
    first: first.byKind.issue === TASKS ? "= tasks" : "≠ tasks",
    // One plan: the compare, the plan as pushed, one page of the issues updated since the last listing (drift heals).
    noop: noop.requests <= 3 && noop.writes === 0 ? "within target" : "OVER TARGET",
    // A small sync writes its check run once, completed, and looks for no other author's issues (it creates none).
    edit:
      edit.byKind.issue === 1 && edit.byKind["check run"] === 1 && edit.labelledPages === 0
        ? "within target"
        : "OVER TARGET",
    latency: lat.max < 100 ? "within target" : "OVER TARGET",
    ceiling: ceil.ratio <= 1.2 && ceil.hits === 0 ? "within target" : "OVER TARGET",
  };
  const kinds = (r) =>
    Object.entries(r.byKind)
      .map(([k, n]) => `${n} ${k}`)
      .join(", ") || "none";
  const summary = [
    ...rows.map(
      (r) =>
        `${r.label}: ${r.requests} requests (${r.reads} reads of which ${r.issuePages} issue-list pages, ${r.labelledPages} labelled-issue pages and ${r.notModified} answered 304, ${r.writes} writes: ${kinds(r)}) in ${(r.elapsedMs / 1000).toFixed(2)} s unpaced${r.ownCommitWrites !== undefined ? `; own link commit's push: ${r.ownCommitWrites} writes` : ""}`,
    ),
    `webhook answer, ${TASKS}-task plan: median ${lat.median.toFixed(1)} ms, max ${lat.max.toFixed(1)} ms (${verdicts.latency})`,
    `ceiling 80/min + 500/h at ${TIME_SCALE}×: ${ceil.writes} writes in ${(ceil.elapsedMs / 1000).toFixed(2)} s, ceiling allows ${(ceil.allowedMs / 1000).toFixed(2)} s → ${ceil.ratio.toFixed(2)}×, ${ceil.hits} secondary-limit hits (${verdicts.ceiling})`,
  ].join("\n");

  const markdown = [
    `Generated plan (\`test/support/generate-plan.ts\`, ${TASKS} tasks, no ticks) pushed through Probot's \`receive\` into the push handler, against the fake GitHub (\`test/support/fake-github\`). Requests exclude App authentication (\`GET /app\` once per process, installation tokens). A person's commit is pushed; when the sync commits issue links, that commit's push is delivered too.`,
    "",
    "| Push | Requests | Reads (issue-list pages, labelled-issue pages, 304s) | Writes | Writes by kind | Target |",
    "|---|---:|---:|---:|---|---|",
    ...[
      [first, `issue writes = tasks (${verdicts.first}), labels once (${labels})`],
      [noop, `≤ 3 requests per plan, 0 writes: ${verdicts.noop}`],
      [edit, `1 issue write per task changed, 1 check-run write, no labelled-issue look: ${verdicts.edit}`],
    ].map(
      ([r, target]) =>
        `| ${r.label} | ${r.requests} | ${r.reads} (${r.issuePages}, ${r.labelledPages}, ${r.notModified}) | ${r.writes} | ${kinds(r)} | ${target} |`,
    ),
    `| The app's own link commit | — | — | ${first.ownCommitWrites ?? 0} | none | 0 (no loops) |`,
    "",
    `The App's issues are listed once per push for all its plans. The first push after a start lists them all (a page per 100 issues); the App remembers them (per process) and later pushes ask only for the issues updated since its last listing (GitHub's \`since\`, reaching 30 s back before GitHub's time of that answer): one page unless more than 100 changed. A sync that wrote 50 issues or more lists them again at its end (the first sync's last 3 issue-list pages), so the push after it still reads one page. An issue deleted or transferred meanwhile cannot show in such a listing: every 20th listing, one a day old, and the first after a failed sync list everything. Here the person's pushes come 5 minutes apart and GitHub's clock moves 750 ms per write, the App's production pace. Before creating issues, a sync lists the issues carrying the \`plan-sync\` label (a page per 100) so that no task gets a second issue when another identity (the workflow's \`github-actions[bot]\`) already made one; a sync that creates nothing does not look. The first sync's extra writes are the \`plan-sync\` check run (created in progress, then completed: more than 10 changes) and one commit writing the ${TASKS} issue links into the plan; a sync of up to 10 changes writes its check run once, completed, at the end. A push that changes no task posts no check run at all, and does not list the issues either: the App remembers each plan's tasks as it last reconciled them (per process; the first push after a restart reconciles in full and reads the issue list). See README, Push sync.`,
    "",
    `Webhook answer (\`probot.receive\` until it returns; the sync runs on the queue afterwards), ${TASKS}-task plan, ${LATENCY_RUNS} pushes to ${LATENCY_RUNS} repositories delivered back to back: median **${lat.median.toFixed(1)} ms**, max **${lat.max.toFixed(1)} ms** (target < 100 ms: ${verdicts.latency}).`,
    "",
    "The webhook answer with the job store (an `issues.closed` stored before the answer) is measured on the real server process: see the `store-answer` block.",
    "",
    `First sync of ${TASKS} tasks with the fake enforcing 80 content writes a minute and 500 an hour, both clocks at ${TIME_SCALE}× (a minute lasts ${60 / TIME_SCALE} s): ${ceil.writes} writes in **${(ceil.elapsedMs / 1000).toFixed(2)} s**; the ceiling's sustained rate allows ${(ceil.allowedMs / 1000).toFixed(2)} s → **${ceil.ratio.toFixed(2)}×** (target ≤ 1.2×), **${ceil.hits}** secondary-limit hits (target 0): ${verdicts.ceiling}. Unpaced, the same sync took ${(first.elapsedMs / 1000).toFixed(2)} s on this machine. In real time that is about ${((ceil.elapsedMs * TIME_SCALE) / 60_000).toFixed(1)} minutes.`,
  ].join("\n");
  return { summary, markdown };
}
