// patchPlan on a 2,000-row plan: ticking and linking every task at once (the
// worst write-back), against one parsePlan of the same text. The patcher
// parses twice (once to find offsets, once to verify the result), so about 2×
// is expected; more would mean the splicing itself costs something.
import { parsePlan } from "../lib/plan/parse-plan.js";
import { patchPlan } from "../lib/plan/patch-plan.js";
import { generatePlan } from "./support/generate-plan.js";
import { median, timeInterleaved } from "./support/stats.js";

export const name = "patch";

const ROWS = 2000;

export async function run() {
  const text = generatePlan(ROWS, { doneEvery: 3 });
  const ids = parsePlan(text, "bench.md").tasks.map((t) => t.id);
  const patches = new Map(
    ids.map((id, i) => [
      id,
      { done: true, issue: { number: i + 1, url: `https://github.com/acme/plans/issues/${i + 1}` } },
    ]),
  );
  const out = patchPlan(text, "bench.md", patches);
  const changed = parsePlan(out, "bench.md").tasks.filter((t) => t.done && t.issueLink).length;
  if (changed !== ROWS) throw new Error(`patched plan has ${changed} ticked and linked tasks, expected ${ROWS}`);

  const times = timeInterleaved(
    { parsePlan: () => parsePlan(text, "bench.md"), patchPlan: () => patchPlan(text, "bench.md", patches) },
    { warmup: 1, runs: 5 },
  );
  const parseMs = median(times.parsePlan);
  const patchMs = median(times.patchPlan);
  const ratio = patchMs / parseMs;
  const summary = `patchPlan (tick + link all ${ROWS} tasks): median ${patchMs.toFixed(1)} ms = ${ratio.toFixed(2)}× one parsePlan (${parseMs.toFixed(1)} ms)`;
  const markdown = [
    `Tick and link all ${ROWS} tasks of a generated plan in one \`patchPlan\` call. Median of 5 interleaved runs after 1 warm-up run. The patcher parses twice (offsets, then verification of the result), so about 2× one parse is the floor.`,
    "",
    "| | Median | × parsePlan |",
    "|---|---:|---:|",
    `| \`parsePlan()\` | ${parseMs.toFixed(1)} ms | 1.00× |`,
    `| \`patchPlan()\`, ${ROWS} ticks + ${ROWS} links | ${patchMs.toFixed(1)} ms | ${ratio.toFixed(2)}× |`,
  ].join("\n");
  return { summary, markdown };
}
