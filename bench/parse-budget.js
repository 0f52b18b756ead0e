// The budgeted parse (src/parse-worker/): what a parse on a worker thread
// costs over parsing in-thread (target ≤ 10 ms per parse), that an honest plan
// at the size cap fits the default budget, and how fast an HTTP server on the
// main thread answers while a worker chews on a parse bomb — the webhook
// answer time GitHub sees (it gives up after 10 s; the issue asks < 100 ms).
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { createServer, request } from "node:http";
import { fileURLToPath } from "node:url";
import { MAX_PLAN_BYTES } from "../lib/plan/max-plan-size.js";
import { DEFAULT_PARSE_LIMITS } from "../lib/config/settings.js";
import { PlanParser } from "../lib/parse-worker/plan-parser.js";
import { parsePlan } from "../lib/plan/parse-plan.js";
import { generatePlan } from "./support/generate-plan.js";
import { median } from "./support/stats.js";

export const name = "parse-budget";

const TARGET_OVERHEAD_MS = 10;
const TARGET_ANSWER_MS = 100;
const SMALL = readFileSync(fileURLToPath(new URL("../fixtures/plans/realistic/plan.md", import.meta.url)), "utf8");
const BOMB = readFileSync(
  fileURLToPath(new URL("../fixtures/hostile/emphasis-paragraphs/plan.md", import.meta.url)),
  "utf8",
);

export async function run() {
  const parser = new PlanParser(DEFAULT_PARSE_LIMITS);
  try {
    const small = await overhead(parser, SMALL, 21);
    const big = generatePlan(2000, { doneEvery: 3, linkIssues: true });
    const large = await overhead(parser, big, 3);
    const bigOutcome = (await parser.parse(big, "bench.md")).diagnostics[0]?.code ?? "clean";
    const load = loadavg()[0].toFixed(1);
    const answers = await answersDuring(() => parser.parse(BOMB, "bomb.md"));
    const bombCode = answers.result.diagnostics[0]?.code;
    if (bombCode !== "plan-too-complex") throw new Error(`the bomb parsed as ${bombCode ?? "clean"}`);

    const kb = (s) => `${(Buffer.byteLength(s) / 1000).toFixed(0)} kB`;
    const verdict = (v, t) => (v <= t ? "within target" : "OVER TARGET");
    const limits = DEFAULT_PARSE_LIMITS;
    const summary = [
      `budget: ${limits.timeoutMs} ms per parse, ${limits.memoryMb} MB heap, ${limits.threads} threads`,
      `small plan (${kb(SMALL)}): in-thread ${small.inThread.toFixed(1)} ms, worker ${small.worker.toFixed(1)} ms → overhead ${small.overhead.toFixed(1)} ms (${verdict(small.overhead, TARGET_OVERHEAD_MS)})`,
      `plan near the cap (${kb(big)}): in-thread ${large.inThread.toFixed(0)} ms, worker ${large.worker.toFixed(0)} ms (${((large.worker / limits.timeoutMs) * 100).toFixed(0)}% of the budget)`,
      `bomb (${kb(BOMB)}) ended after ${answers.elapsed.toFixed(0)} ms; ${answers.latencies.length} HTTP requests meanwhile: median ${median(answers.latencies).toFixed(1)} ms, max ${Math.max(...answers.latencies).toFixed(1)} ms (${verdict(Math.max(...answers.latencies), TARGET_ANSWER_MS)})`,
    ].join("\n");
    const markdown = [
      `Load average during this run: **${load}** on 2 cores (other developers' test suites), so absolute times are far above a quiet machine's (the *Parse* block above: ~0.8 s for the 2,000-row plan).`,
      "",
      `Default limits (\`src/config/settings.ts\`, docs/limits.md): **${limits.timeoutMs / 1000} s** of processor time per parse (twice that for a write-back's parse + verification), ${limits.memoryMb} MB worker heap, ${limits.threads} worker threads. Size cap ${MAX_PLAN_BYTES / 1000} kB.`,
      "",
      "| | In-thread `parsePlan` (median) | Budgeted worker parse (median) | Worker overhead |",
      "|---|---:|---:|---:|",
      `| \`fixtures/plans/realistic\` (${kb(SMALL)}), 21 runs | ${small.inThread.toFixed(1)} ms | ${small.worker.toFixed(1)} ms | **${small.overhead.toFixed(1)} ms** (target ≤ ${TARGET_OVERHEAD_MS} ms: ${verdict(small.overhead, TARGET_OVERHEAD_MS)}) |`,
      `| Generated 2,000-row plan (${kb(big)}), 3 runs | ${large.inThread.toFixed(0)} ms | ${large.worker.toFixed(0)} ms | ${large.overhead.toFixed(0)} ms; ${((large.worker / limits.timeoutMs) * 100).toFixed(0)}% of the budget; the plan read as: ${bigOutcome} |`,
      "",
      `While a worker parses \`fixtures/hostile/emphasis-paragraphs\` (${kb(BOMB)}, ended at the budget after ${(answers.elapsed / 1000).toFixed(1)} s with \`plan-too-complex\`), an HTTP server on the main thread (standing in for the webhook endpoint) answered ${answers.latencies.length} requests, one every 50 ms: median **${median(answers.latencies).toFixed(1)} ms**, max **${Math.max(...answers.latencies).toFixed(1)} ms** (target < ${TARGET_ANSWER_MS} ms: ${verdict(Math.max(...answers.latencies), TARGET_ANSWER_MS)}). In-thread, remark would hold that thread for minutes.`,
    ].join("\n");
    return { summary, markdown };
  } finally {
    await parser.close();
  }
}

/** Medians of the same parse in-thread and through the worker pool (warm), and their difference. */
async function overhead(parser, text, runs) {
  parsePlan(text, "bench.md");
  await parser.parse(text, "bench.md");
  const inThread = [];
  const worker = [];
  for (let i = 0; i < runs; i++) {
    let t0 = performance.now();
    parsePlan(text, "bench.md");
    inThread.push(performance.now() - t0);
    t0 = performance.now();
    await parser.parse(text, "bench.md");
    worker.push(performance.now() - t0);
  }
  const a = median(inThread);
  const b = median(worker);
  return { inThread: a, worker: b, overhead: b - a };
}

/** Round-trip times of GET requests to a local server, one every 50 ms, while `work` runs. */
async function answersDuring(work) {
  const server = createServer((req, res) => res.end("ok"));
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  const latencies = [];
  let done = false;
  const t0 = performance.now();
  const parsing = work().finally(() => (done = true));
  while (!done) {
    const start = performance.now();
    await new Promise((resolve, reject) => {
      request({ host: "127.0.0.1", port, path: "/webhook" }, (res) => {
        res.resume();
        res.on("end", resolve);
      })
        .on("error", reject)
        .end();
    });
    latencies.push(performance.now() - start);
    await new Promise((r) => setTimeout(r, 50));
  }
  const result = await parsing;
  const elapsed = performance.now() - t0;
  await new Promise((resolve) => server.close(resolve));
  return { result, elapsed, latencies };
}
