// parsePlan on a 2,000-row plan, against a bare remark + GFM parse of the same
// text: the parser's own work (tables, IDs, checklists, diagnostics) should
// add at most 10% to the Markdown parse it cannot avoid, with every dialect on (issue 14).
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import { unified } from "unified";
import { MAX_PLAN_BYTES } from "../lib/plan/max-plan-size.js";
import { parsePlan } from "../lib/plan/parse-plan.js";
import { generatePlan } from "./support/generate-plan.js";
import { median, timeInterleaved } from "./support/stats.js";

export const name = "parse";

const ROWS = 2000;
const TARGET_RATIO = 1.1;

export async function run() {
  const text = generatePlan(ROWS, { doneEvery: 3, linkIssues: true });
  const bytes = Buffer.byteLength(text);
  const plan = parsePlan(text, "bench.md");
  if (plan.tasks.length !== ROWS || plan.diagnostics.length > 0) {
    throw new Error(
      `generated plan reads as ${plan.tasks.length} tasks with ${plan.diagnostics.length} diagnostics; expected ${ROWS} and none`,
    );
  }

  const processor = unified().use(remarkParse).use(remarkGfm);
  const times = timeInterleaved(
    {
      remark: () => processor.parse(text),
      parsePlan: () => parsePlan(text, "bench.md"),
    },
    { warmup: 3, runs: 11 },
  );
  const remarkMs = median(times.remark);
  const planMs = median(times.parsePlan);
  const ratio = planMs / remarkMs;
  const memory = { parsePlan: measureMemory("parsePlan"), remark: measureMemory("remark") };

  const verdict = ratio <= TARGET_RATIO ? "within target" : "OVER TARGET";
  const mb = (n) => `${(n / 2 ** 20).toFixed(1)} MiB`;
  const summary = [
    `plan: ${ROWS} task rows, ${(bytes / 1000).toFixed(0)} kB (cap ${MAX_PLAN_BYTES / 1000} kB)`,
    `remark+gfm parse: median ${remarkMs.toFixed(1)} ms (${(bytes / 1e6 / (remarkMs / 1000)).toFixed(2)} MB/s)`,
    `parsePlan:        median ${planMs.toFixed(1)} ms`,
    `ratio: ${ratio.toFixed(2)}× (target ≤ ${TARGET_RATIO}×, ${verdict})`,
    `memory parsePlan: heap +${mb(memory.parsePlan.heapGrowth)} during the parse, ${mb(memory.parsePlan.retained)} retained (the Plan), max RSS +${mb(memory.parsePlan.maxRssGrowth)}`,
    `memory remark:    heap +${mb(memory.remark.heapGrowth)} during the parse, ${mb(memory.remark.retained)} retained (the tree), max RSS +${mb(memory.remark.maxRssGrowth)}`,
  ].join("\n");

  const markdown = [
    `Generated plan (\`test/support/generate-plan.ts\`): ${ROWS} task rows, ${(bytes / 1000).toFixed(0)} kB, every row linked, every third ticked. Median of 11 interleaved runs after 3 warm-up runs.`,
    "",
    "| | Median | Ratio |",
    "|---|---:|---:|",
    `| \`unified().use(remarkParse).use(remarkGfm).parse()\` | ${remarkMs.toFixed(1)} ms | 1.00× |`,
    `| \`parsePlan()\` | ${planMs.toFixed(1)} ms | **${ratio.toFixed(2)}×** (target ≤ ${TARGET_RATIO}×: ${verdict}) |`,
    "",
    "Memory, one parse in a fresh process each (`bench/support/measure-memory.js`):",
    "",
    "| | Heap growth during the parse (no GC forced) | Retained after GC | Max RSS growth |",
    "|---|---:|---:|---:|",
    `| \`parsePlan()\` | ${mb(memory.parsePlan.heapGrowth)} | ${mb(memory.parsePlan.retained)} | ${mb(memory.parsePlan.maxRssGrowth)} |`,
    `| remark + GFM | ${mb(memory.remark.heapGrowth)} | ${mb(memory.remark.retained)} | ${mb(memory.remark.maxRssGrowth)} |`,
  ].join("\n");
  return { summary, markdown };
}

function measureMemory(subject) {
  const script = fileURLToPath(new URL("./support/measure-memory.js", import.meta.url));
  const out = execFileSync(process.execPath, ["--expose-gc", script, subject, String(ROWS)], { encoding: "utf8" });
  return JSON.parse(out);
}
