// The webhook answer with the job store, on the real server process: `node lib/main.js` as `npm start` runs it, its
// SQLite job store under PLAN_SYNC_DATA_DIR, the fake GitHub in this process. Signed `issues.closed` deliveries go
// over HTTP one after another, as GitHub sends them; each is checked and stored (the first starts the plan's write-back
// burst, each later one is stored as an entry of its own beside it) before the answer.
//
// Two clocks, because on this machine the loopback round trip alone has a tail of several milliseconds:
// - the App's own time, from the request's arrival to its answer's last byte (bench/support/answer-timer.mjs, loaded
//   into the server process by this bench only): the figure the "store + answer ≤ 5 ms at p99" target is about;
// - the sender's round trip (request start to the answer's last byte, Node's http client on a kept-alive connection),
//   next to the same round trip against a server that does nothing but answer 200: the harness's own floor.
// (bench/push-sync.js measured the round trip in one process — sender, fake GitHub and App — until the fifth session:
// its tail was mostly the harness's, see BENCHMARKS.md.)
import { spawn } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import http from "node:http";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadFakeGitHub } from "./push-sync.js";
import { appServerEnv } from "./support/server-env.js";
import { freePort } from "./support/redis-server.js";
import { renderMarker } from "../lib/render/marker.js";

export const name = "store-answer";

const RUNS = Number(process.env.BENCH_STORE_RUNS ?? 1000);
// The first answers of a fresh process run cold code (JIT, SQLite's prepared statements, the App's identity asked
// of GitHub once): reported apart, as the start of a process, not its steady answer.
const WARM_UP = 20;
const SECRET = "bench-store";
const PLAN_PATH = "docs/plans/plan.md";
const root = fileURLToPath(new URL("..", import.meta.url));
const timer = join(root, "bench/support/answer-timer.mjs");

const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

/** POSTs one body on the kept-alive connection and resolves with the round trip in ms once the answer has been read. */
function poster(port, agent) {
  return (path, headers, body) =>
    new Promise((resolve, reject) => {
      const t0 = performance.now();
      const req = http.request(
        {
          host: "127.0.0.1",
          port,
          path,
          method: "POST",
          agent,
          headers: { ...headers, "content-length": Buffer.byteLength(body) },
        },
        (res) => {
          res.resume();
          res.on("end", () => resolve({ ms: performance.now() - t0, status: res.statusCode }));
          res.on("error", reject);
        },
      );
      req.on("error", reject);
      req.end(body);
    });
}

/** The harness's floor: the same client, bodies and pacing against a process that reads the body and answers 200. */
async function floor(bodies) {
  const script = `require("node:http").createServer((q, s) => { q.resume(); q.on("end", () => s.writeHead(200, { "content-type": "text/plain" }).end("ok")); }).listen(0, "127.0.0.1", function () { console.log(this.address().port); });`;
  const child = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "inherit"] });
  try {
    const port = await new Promise((resolve) => child.stdout.once("data", (d) => resolve(Number(String(d).trim()))));
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const post = poster(port, agent);
    const times = [];
    for (const body of bodies) times.push((await post("/", { "content-type": "application/json" }, body)).ms);
    agent.destroy();
    return times.slice(WARM_UP);
  } finally {
    child.kill("SIGKILL");
  }
}

export async function measure() {
  const keys = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
  });
  const FakeGitHub = await loadFakeGitHub();
  const fake = new FakeGitHub();
  await fake.start();
  fake.setAppPublicKey(keys.publicKey);
  const repo = fake.createRepo("acme/plans", { installationId: 7, files: { "README.md": "# plans\n" } });
  const cwd = mkdtempSync(join(tmpdir(), "plan-sync-bench-store-"));
  const timings = join(cwd, "timings.json");
  const port = await freePort();
  const env = appServerEnv({
    fake,
    privateKey: keys.privateKey,
    secret: SECRET,
    port,
    // A REDIS_URL or NODE_OPTIONS of the caller's would change what is measured.
    drop: ["REDIS_URL", "NODE_OPTIONS"],
    extra: {
      PLAN_SYNC_DATA_DIR: join(cwd, "data"),
      // The burst's write waits past the measurement: only the answers are timed.
      PLAN_SYNC_WRITE_BACK_WINDOW_MS: "600000",
      PLAN_SYNC_BENCH_TIMINGS: timings,
    },
  });
  const child = spawn(process.execPath, ["--import", timer, join(root, "lib/main.js")], {
    cwd,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.setEncoding("utf8").on("data", (c) => (output += c));
  child.stderr.setEncoding("utf8").on("data", (c) => (output += c));
  const base = `http://127.0.0.1:${port}`;
  try {
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`server exited before it was ready:\n${output}`);
      const ok = await fetch(`${base}/healthz`)
        .then((r) => r.status === 200)
        .catch(() => false);
      if (ok) break;
      if (Date.now() > deadline) throw new Error(`server not ready:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    // Each delivery built and signed before the clock starts: the sender's work is GitHub's.
    const deliveries = [];
    for (let i = 0; i < RUNS; i++) {
      const task = `DATA${i + 1}`;
      const body = `Task.\n\n${renderMarker({ path: PLAN_PATH, task, hash: "0123abcd" })}\n`;
      const { number } = fake.createIssue(repo, { title: `${task}: task`, body, user: fake.botLogin });
      fake.updateIssue(repo, number, { state: "closed", stateReason: "completed" }, "ada");
      const payload = JSON.stringify(fake.issuesPayload(repo, number, "closed", { sender: "ada" }));
      deliveries.push({ payload, signature: fake.sign(payload, SECRET), id: `close-${i + 1}` });
    }
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const post = poster(port, agent);
    const roundTrips = [];
    for (const d of deliveries) {
      const { ms, status } = await post(
        "/api/github/webhooks",
        {
          "content-type": "application/json",
          "x-github-event": "issues",
          "x-github-delivery": d.id,
          "x-hub-signature-256": d.signature,
        },
        d.payload,
      );
      if (status !== 200) throw new Error(`delivery answered ${status}:\n${output}`);
      roundTrips.push(ms);
    }
    agent.destroy();
    // Every delivery was stored: one write-back job waits, holding them all.
    const health = await (await fetch(`${base}/healthz`)).json();
    child.kill("SIGUSR2");
    const deadlineTimings = Date.now() + 10_000;
    let recorded;
    while (!recorded) {
      try {
        recorded = JSON.parse(readFileSync(timings, "utf8"));
      } catch {
        if (Date.now() > deadlineTimings) throw new Error(`no timings written:\n${output}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    if (recorded.answers.length !== RUNS) throw new Error(`timed ${recorded.answers.length} answers of ${RUNS}`);
    const steady = recorded.answers.slice(WARM_UP);
    const own = steady.map(([, ms]) => ms);
    const firstAt = steady[0][0];
    const pauses = recorded.pauses.filter(([at]) => at >= firstAt);
    const slow = steady.filter(([, ms]) => ms >= percentile(own, 99));
    const slowInPause = slow.filter(([at, ms]) => pauses.some(([p, d]) => p < at + ms && p + d > at)).length;
    const floorTimes = await floor(deliveries.map((d) => d.payload));
    return {
      n: RUNS,
      health,
      first: recorded.answers.slice(0, WARM_UP).map(([, ms]) => ms),
      own: { p50: percentile(own, 50), p99: percentile(own, 99), max: Math.max(...own) },
      trip: { p50: percentile(roundTrips.slice(WARM_UP), 50), p99: percentile(roundTrips.slice(WARM_UP), 99) },
      floor: { p50: percentile(floorTimes, 50), p99: percentile(floorTimes, 99) },
      pauses: {
        n: pauses.length,
        ms: pauses.reduce((a, [, d]) => a + d, 0),
        max: Math.max(0, ...pauses.map(([, d]) => d)),
      },
      slow: slow.length,
      slowInPause,
    };
  } finally {
    child.kill("SIGKILL");
    await fake.stop?.();
    rmSync(cwd, { recursive: true, force: true });
  }
}

export async function run() {
  const r = await measure();
  const ms = (x) => `${x.toFixed(2)} ms`;
  const verdict = r.own.p99 <= 5 ? "within target" : "OVER TARGET";
  const stored = r.health.queue
    ? `${r.health.queue.waiting + r.health.queue.delayed} job(s) stored`
    : "store not reported";
  return {
    summary: [
      `store + answer in the App (real server, ${r.n - WARM_UP} deliveries after ${WARM_UP}): p50 ${ms(r.own.p50)}, p99 ${ms(r.own.p99)}, max ${ms(r.own.max)} (${verdict})`,
      `round trip from the sender: p50 ${ms(r.trip.p50)}, p99 ${ms(r.trip.p99)}; against a do-nothing server: p50 ${ms(r.floor.p50)}, p99 ${ms(r.floor.p99)}`,
      `${r.pauses.n} GC pauses in the server meanwhile (${ms(r.pauses.ms)} in all, longest ${ms(r.pauses.max)}); ${r.slowInPause} of the ${r.slow} slowest answers overlapped one; ${stored}`,
    ].join("\n"),
    markdown: [
      `Webhook answer with the job store, on the real server process (\`node lib/main.js\` as \`npm start\` runs it; SQLite job store under \`PLAN_SYNC_DATA_DIR\`, WAL, \`synchronous=NORMAL\`, checkpoints on a worker thread), the fake GitHub in the bench process. ${r.n} signed \`issues.closed\` deliveries over HTTP one after another on a kept-alive connection; each is checked (signature, the App's issue, its marker, not the App's own change) and stored before the answer: the first starts the plan's write-back burst job, each later one is stored as an entry of its own beside it (after the run: ${stored}).`,
      "",
      `- **Store + answer in the App** (from the request's arrival in the server to its answer's last byte, timed inside the server process by \`bench/support/answer-timer.mjs\`, which only this bench loads), over the ${r.n - WARM_UP} deliveries after the process's first ${WARM_UP}: p50 **${ms(r.own.p50)}**, p99 **${ms(r.own.p99)}**, max ${ms(r.own.max)} — target p99 ≤ 5 ms: **${verdict}**.`,
      `- The first ${WARM_UP} answers of the fresh process (cold code: JIT, prepared statements, the App's identity asked of GitHub once): ${r.first.map((t) => t.toFixed(1)).join(", ")} ms.`,
      `- Round trip measured by the sender (Node's http client, request start to the answer's last byte): p50 ${ms(r.trip.p50)}, p99 ${ms(r.trip.p99)}. The same client, bodies and pacing against a server that does nothing but answer 200: p50 ${ms(r.floor.p50)}, p99 ${ms(r.floor.p99)} — this machine's loopback and scheduling, the harness's floor, not the App's.`,
      `- The server's garbage collector paused ${r.pauses.n} times during the measured answers (${ms(r.pauses.ms)} in all, longest ${ms(r.pauses.max)}); ${r.slowInPause} of the ${r.slow} answers at or above the p99 overlapped a pause.`,
    ].join("\n"),
  };
}
