// One plan routed to three repositories (DATA → acme/data, GAIN → acme/gain,
// EDH → acme/edh), with a `Depends on` column, against the in-memory fake
// GitHub the tests use: the requests of a first sync per kind (task issues,
// labels, the tracking issue, sub-issue links, "blocked by" links, plan
// commit, check run) and per repository, against what issue #15 allows —
// tasks + labels + 1 tracking issue + one sub-issue link per task (+ one
// link per dependency), no read per task; then a push that changes only prose
// (≤ 3 reads in the plan's repository plus one listing per target, no write).
//
// BENCH_ROUTING_TASKS sets the plan's size (default 90: 30 per area, so every
// task issue fits under GitHub's 100 sub-issues per parent).
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { pino } from "pino";
import { Probot } from "probot";
import { createApp } from "../lib/app/create-app.js";
import { readSettings as readServerSettings } from "../lib/config/settings.js";
import { createProbotOctokit } from "../lib/github/octokit-options.js";
import { WritePacerRegistry } from "../lib/github/write-pacer.js";
import { SqliteJobQueue } from "../lib/queue/sqlite-job-queue.js";
import { generatePlan } from "./support/generate-plan.js";
import { loadFakeGitHub } from "./push-sync.js";

export const name = "routing";

const TASKS = Number(process.env.BENCH_ROUTING_TASKS ?? 90);
const PLAN_PATH = "docs/plans/routed.md";
const CONFIG = ".github/plan-sync.yml";
const TARGETS = { DATA: "acme/data", GAIN: "acme/gain", EDH: "acme/edh" };

/** The generated plan with a `Depends on` column: each task waits for the task before it in its own area. */
function routedPlan(rows) {
  const previous = new Map();
  let dependencies = 0;
  const lines = generatePlan(rows, { checklist: false })
    .split("\n")
    .map((line, i, all) => {
      if (line.startsWith("| Task ID |")) return `${line} Depends on |`;
      if (all[i - 1]?.startsWith("| Task ID |")) return `${line}------------|`;
      const id = /^\| (?:\[[ x]\] )?((DATA|GAIN|EDH)\d+)/.exec(line);
      if (!id) return line;
      const before = previous.get(id[2]);
      previous.set(id[2], id[1]);
      if (before) dependencies++;
      return `${line} ${before ?? ""} |`;
    });
  return { text: lines.join("\n"), dependencies };
}

const kindOf = (r) => {
  if (r.path.includes("/check-runs")) return "check run";
  if (r.path.includes("/contents/")) return "plan commit";
  if (r.path.endsWith("/labels")) return "label";
  if (r.path.endsWith("/sub_issues")) return "sub-issue link";
  if (r.path.includes("/dependencies/")) return "blocked-by link";
  if (r.path.includes("/git/")) return "git";
  return "issue";
};

export async function run() {
  const FakeGitHub = await loadFakeGitHub();
  const fake = new FakeGitHub();
  await fake.start();
  const keys = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
  });
  fake.setAppPublicKey(keys.publicKey);
  const config = ["areas:", ...Object.entries(TARGETS).map(([a, r]) => `  ${a}: { repo: ${r} }`), ""].join("\n");
  const plans = fake.createRepo("acme/plans", {
    files: { "README.md": "# plans\n", [CONFIG]: config },
    installationId: 77,
  });
  for (const target of Object.values(TARGETS))
    fake.createRepo(target, { files: { [CONFIG]: "accept: [acme/plans]\n" }, installationId: 77 });
  const dataDir = mkdtempSync(join(tmpdir(), "plan-sync-bench-routing-"));
  const planSync = createApp({
    settings: readServerSettings({}),
    jobs: (merge) => new SqliteJobQueue({ path: join(dataDir, "jobs.sqlite"), merge }),
    pacers: new WritePacerRegistry({ perMinute: 1e9, perHour: 1e9 }),
    retry: { delaysMs: [] },
  });
  const probot = new Probot({
    appId: fake.appId,
    privateKey: keys.privateKey,
    baseUrl: fake.url,
    secret: "bench",
    log: pino({ level: "silent" }),
    Octokit: createProbotOctokit({ retryAfterBaseValue: 1000 }),
  });
  await probot.load(planSync.app);
  let delivery = 0;
  const push = async (files, message) => {
    fake.commit(plans, "main", files, message, "ada");
    fake.resetCounters();
    const t0 = performance.now();
    await probot.receive({ id: `r${++delivery}`, name: "push", payload: fake.pushPayload(plans) });
    await planSync.idle();
    const elapsedMs = performance.now() - t0;
    const api = fake.requests.filter((r) => !/^\/app(\/|$)/.test(r.path));
    const writes = api.filter((r) => r.write && r.status < 400);
    const byKind = {};
    for (const w of writes) byKind[kindOf(w)] = (byKind[kindOf(w)] ?? 0) + 1;
    const readsByRepo = {};
    for (const r of api.filter((x) => x.method === "GET")) {
      const repo = /^\/repos\/([^/]+\/[^/]+)\//.exec(r.path)?.[1] ?? "other";
      readsByRepo[repo] = (readsByRepo[repo] ?? 0) + 1;
    }
    return { elapsedMs, reads: api.length - writes.length, writes: writes.length, byKind, readsByRepo };
  };

  try {
    const { text, dependencies } = routedPlan(TASKS);
    const first = await push({ [PLAN_PATH]: text }, "Add the routed plan");
    // The App's link commit syncs nothing; then a person adds prose.
    fake.resetCounters();
    await probot.receive({ id: `r${++delivery}`, name: "push", payload: fake.pushPayload(plans) });
    await planSync.idle();
    const prose = fake.file(plans, PLAN_PATH).replace("## Executive Summary", "## Executive Summary\n\nMore prose.");
    const noop = await push({ [PLAN_PATH]: prose }, "Prose");

    const bot = (repo) => fake.issues(repo).filter((i) => i.user.login === fake.botLogin);
    const taskIssues = Object.values(TARGETS).reduce((n, repo) => n + bot(repo).length, 0);
    const tracking = bot("acme/plans");
    if (taskIssues !== TASKS || tracking.length !== 1)
      throw new Error(`expected ${TASKS} task issues and 1 tracking issue, found ${taskIssues} and ${tracking.length}`);
    const linked = fake.subIssues("acme/plans", tracking[0].number).length;
    const labels = first.byKind.label ?? 0;
    const allowed = TASKS + labels + 1 + Math.min(TASKS, 100) + dependencies;
    const taskWrites =
      (first.byKind.issue ?? 0) +
      labels +
      (first.byKind["sub-issue link"] ?? 0) +
      (first.byKind["blocked-by link"] ?? 0);
    const kinds = ["issue", "label", "sub-issue link", "blocked-by link", "plan commit", "git", "check run"];
    const row = (label, r) =>
      `| ${label} | ${r.reads} | ${r.writes} | ${kinds.map((k) => r.byKind[k] ?? 0).join(" | ")} | ${Math.round(r.elapsedMs)} |`;
    const markdown = [
      `One plan of ${TASKS} tasks (a third per area) routed to acme/data, acme/gain and acme/edh, each task blocked by the one before it in its area (${dependencies} "blocked by" links), against the in-memory fake GitHub; pacer unlimited, so the time is the App's and the fake's own work on this machine.`,
      "",
      `| Push | Reads | Writes | Issue writes | Labels | Sub-issue links | Blocked-by links | Plan commit | Git | Check run | Elapsed ms |`,
      `|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|`,
      row("First sync", first),
      row("Prose-only push", noop),
      "",
      `- First sync, writes for the tasks: ${taskWrites} (task issues + 1 tracking issue, ${labels} labels, ${first.byKind["sub-issue link"] ?? 0} sub-issue links, ${first.byKind["blocked-by link"] ?? 0} blocked-by links); issue #15 allows tasks + labels + 1 + one link per task + one per dependency = ${allowed}. ${linked} of ${TASKS} task issues are sub-issues of the tracking issue.`,
      `- Reads per repository, first sync: ${Object.entries(first.readsByRepo)
        .map(([r, n]) => `${r} ${n}`)
        .join(", ")} (no read per task).`,
      `- Prose-only push: ${Object.entries(noop.readsByRepo)
        .map(([r, n]) => `${r} ${n}`)
        .join(", ")} reads, ${noop.writes} writes.`,
    ].join("\n");
    const summary = [
      `first sync of ${TASKS} routed tasks: ${first.reads} reads, ${first.writes} writes (task writes ${taskWrites}, allowed ${allowed}), ${Math.round(first.elapsedMs)} ms`,
      `prose-only push: ${noop.reads} reads, ${noop.writes} writes`,
    ].join("\n");
    if (taskWrites > allowed) throw new Error(`first sync wrote ${taskWrites} for the tasks, more than ${allowed}`);
    if (noop.writes > 0) throw new Error(`a prose-only push wrote ${noop.writes} times`);
    return { summary, markdown };
  } finally {
    await planSync.stop(0);
    await fake.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
